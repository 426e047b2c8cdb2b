import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

const hex12 = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 12);

/**
 * The hidden `ownerKey` input of every resource: `<stackHash>.<resourceHash>`, the first 12 hex characters of
 * sha256("project/stack") and of sha256("<Kind>/<Pulumi name>"). It marks what this resource owns on COS and
 * seeds deterministic auto-names, so it must be the same in `preview`, `up` and the `up` after a crash: it depends on
 * nothing random. `type` is the resource kind, the class name (`Bucket`), not the dynamic type token, and the
 * organization is left out: the native provider derives the same key from the URN it is given (which holds project,
 * stack, type and name, but no organization), so a dynamic and a native resource of one stack agree.
 *
 * When `opts` is given it is checked first: the `import` option cannot work for a dynamic resource (the engine's
 * import Read carries no serialised provider, pulumi/pulumi#16175), so it is refused here, before registration,
 * with what to do instead. @internal
 */
export function ownerKeyOf(type: string, name: string, opts?: pulumi.CustomResourceOptions): string {
  if (opts?.import !== undefined) {
    throw new pulumi.RunError(
      `${type} "${name}": the \`import\` resource option does not work with this package (Pulumi cannot import dynamic ` +
        `resources, pulumi/pulumi#16175). Remove \`import\` and set \`adopt: true\` on the resource instead: its creation then ` +
        `takes the existing ${type === "Bucket" ? "bucket" : "configuration"} over and applies what you declared.`,
    );
  }
  const parents = parentTypes(opts?.parent);
  return `${hex12(`${pulumi.getProject()}/${pulumi.getStack()}`)}.${hex12(`${parents ? `${parents}$` : ""}${type}/${name}`)}`;
}

/**
 * The types of `parent` and its ancestors, outermost first and joined by `$`, as the child's URN holds them (the
 * root stack is never in a URN): two resources may share a name under parents of different types, and their keys
 * (and auto-names) must still differ. "" for a top-level resource, whose key is unchanged.
 */
function parentTypes(parent: pulumi.Resource | undefined): string {
  const types: string[] = [];
  for (let r = parent as { __pulumiType?: string; __parentResource?: unknown } | undefined; r; r = r.__parentResource as typeof r) {
    if (typeof r.__pulumiType !== "string" || r.__pulumiType === "pulumi:pulumi:Stack") break;
    types.unshift(r.__pulumiType);
  }
  return types.join("$");
}

/**
 * Where a bucket configuration lives. Every configuration resource identifies its bucket this way; changing
 * either property replaces the resource (the old configuration is deleted first: it is a per-bucket singleton).
 */
export interface BucketConfigurationArgs {
  /** The full bucket name, `<name>-<appid>`; usually the `bucket` output of a {@link Bucket}. */
  bucket: pulumi.Input<string>;
  /** The bucket's region. Defaults to `tencentcloud:region` config or `TENCENTCLOUD_REGION`. */
  region?: pulumi.Input<string>;
  /**
   * Take over a configuration that already exists on the bucket (made outside Pulumi) and replace it with this one.
   * Without it, creating this resource on a bucket that already has a different configuration of this kind fails,
   * so nothing is overwritten by surprise.
   */
  adopt?: pulumi.Input<boolean>;
}
