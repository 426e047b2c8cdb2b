import type { Tag } from "../cos/operations/tagging";

/** Resource inputs write tags as a map (keys are unique); COS documents carry a list. Sorted by key for a stable body. @internal */
export function tagList(tags: Record<string, string>): Tag[] {
  return Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, value]) => ({ key, value }));
}

/** A COS tag list as the inputs' map. @internal */
export function tagMap(tags: readonly Tag[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.key, t.value]));
}
