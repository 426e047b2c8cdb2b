/**
 * During preview the dynamic-provider host passes values that are not known yet (outputs of resources still to be
 * created) as this sentinel string (`@pulumi/pulumi` runtime/rpc `unknownValue`). `check` must let them pass and
 * `diff` must treat them as possibly changed. @internal
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `v` is the unknown sentinel. @internal */
export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

/** True when `v` is, or contains at any depth, the unknown sentinel. @internal */
export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v !== null && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}
