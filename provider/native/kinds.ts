/**
 * Type tokens of the native provider and the resource kinds of `provider/index.ts` they map to. Derived from the
 * `resources` export, so a resource added there is served (and put in the schema) without an edit here. @internal
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import { resources } from "../index";

export const PACKAGE = "tencentcos";
export type Kind = keyof typeof resources;

/** `bucketCors` → `BucketCors`: the sdk class name, the resource kind of the owner key. */
export const className = (kind: string): string => kind.charAt(0).toUpperCase() + kind.slice(1);

/** `BucketCors` → `tencentcos:index:BucketCors`. */
export const tokenOf = (kind: string): string => `${PACKAGE}:index:${className(kind)}`;

/** The kind a type token names, or undefined for a token this provider does not serve. */
export function kindOf(token: string): Kind | undefined {
  const prefix = `${PACKAGE}:index:`;
  if (!token.startsWith(prefix)) return undefined;
  const cls = token.slice(prefix.length);
  const kind = cls.charAt(0).toLowerCase() + cls.slice(1);
  return Object.prototype.hasOwnProperty.call(resources, kind) ? (kind as Kind) : undefined;
}

const hex12 = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 12);

/**
 * The owner key of a resource, the formula of sdk/common.ts `ownerKeyOf` (sha256 of "project/stack"
 * and of "<Kind>/<name>", 12 hex each): a native resource and the dynamic resource it was migrated from agree, so
 * marks written by one are "mine" to the other. test/unit/native/ownerKey.test.ts holds the two to each other.
 * `parents`: the types of the resource's parents as its URN holds them (`my:Web`, `my:Web$my:Inner`), which the
 * resource part hashes too (`my:Web$Bucket/data`): two resources of one stack may share a name under parents of
 * different types, and must never share a key (nor an auto-name). A top-level resource keeps the key it always had.
 */
export function ownerKeyOf(project: string, stack: string, kind: string, name: string, parents = ""): string {
  return `${hex12(`${project}/${stack}`)}.${hex12(`${parents ? `${parents}$` : ""}${className(kind)}/${name}`)}`;
}
