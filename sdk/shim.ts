import type * as pulumi from "@pulumi/pulumi";

/** The resource kinds implemented by `pulumi-tencent-cos/provider`. @internal */
export type ResourceKind = "bucket" | "bucketCors" | "bucketLifecycle" | "bucketPolicy" | "replication" | "website"
  | "bucketLogging" | "bucketReferer" | "bucketObject" | "bucketAcceleration" | "bucketDomain" | "bucketInventory"
  | "syncedFolder";

/**
 * The serialisable provider stored (as `__provider`) in the state of every resource.
 *
 * It captures nothing but the string `kind`: the implementation is `require`d by package name when the engine calls
 * it, inside the dynamic-provider process, which resolves it from the Pulumi project directory. Capturing a client,
 * a parser or a credential here would put it into state (pulumi/pulumi#13960, #8265), and a relative require would
 * be captured by value or break in the provider process (LESSONS.md §2).
 * @internal
 */
export function shim(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  // One object per kind: @pulumi/pulumi caches the serialised provider per provider *object* (a WeakMap in
  // dynamic/index.js), so a fresh object per resource would serialise every resource again (LESSONS.md §5).
  let provider = providers.get(kind);
  if (provider === undefined) {
    provider = makeShim(kind);
    providers.set(kind, provider);
  }
  return provider;
}

/** Memo of {@link shim}; the serialised methods reference only `kind` and `p`, never this map. */
const providers = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

function makeShim(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the one place allowed to require (see above)
  const p = () => require("pulumi-tencent-cos/provider");
  return {
    configure: (req) => p().configure(req),
    check: (olds, news) => p().resources[kind].check(olds, news),
    diff: (id, olds, news) => p().resources[kind].diff(id, olds, news),
    create: (inputs) => p().resources[kind].create(inputs),
    read: (id, props) => p().resources[kind].read(id, props),
    update: (id, olds, news) => p().resources[kind].update(id, olds, news),
    delete: (id, props) => p().resources[kind].delete(id, props),
  };
}
