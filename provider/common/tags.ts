import type { Tag } from "../cos/operations/tagging";

/**
 * Prefix of the ownership marks this provider keeps in bucket tags (`tencentcos:owner:<kind>` = owner key). The
 * Bucket's own `tags` never show, diff or delete these keys, and users may not declare them. @internal
 */
export const OWNER_TAG_PREFIX = "tencentcos:owner:";

/** True for a tag key this provider reserves for its ownership marks. @internal */
export const isReservedTagKey = (key: string): boolean => key.startsWith(OWNER_TAG_PREFIX);

/** Resource inputs write tags as a map (keys are unique); COS documents carry a list. Sorted by key for a stable body. @internal */
export function tagList(tags: Record<string, string>): Tag[] {
  return Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, value]) => ({ key, value }));
}

/** A COS tag list as the inputs' map. @internal */
export function tagMap(tags: readonly Tag[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.key, t.value]));
}

/** The user's tags: every key but the ownership marks. @internal */
export function userTags(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).filter(([k]) => !isReservedTagKey(k)));
}

/** Only the ownership marks. @internal */
export function markTags(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).filter(([k]) => isReservedTagKey(k)));
}
