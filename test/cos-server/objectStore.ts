/**
 * Object versioning semantics (digest §5.6–5.7; 003:L57754-57764): the `null` version, delete markers,
 * and what PUT/DELETE do on never-enabled, Enabled and Suspended buckets.
 */
import { randomBytes } from "node:crypto";
import type { BucketRecord, ObjectVersion } from "./types";

/** A new version id (COS ids look like `MTg0NDUxNTc1NjIzMTQ1MDAwODg`). */
export function newVersionId(): string {
  return Buffer.from(`${Date.now()}${randomBytes(6).readUIntBE(0, 6)}`).toString("base64").replace(/=+$/, "");
}

/** Versioning state that drives object semantics (always the current value, never a stale read). */
function mode(b: BucketRecord): "Enabled" | "Suspended" | undefined {
  return b.configs.versioning?.value;
}

/** The id as listings show it: empty when versioning was never enabled (003:L57754-57764). */
export function shownVersionId(b: BucketRecord, v: ObjectVersion): string {
  return mode(b) === undefined ? "" : v.versionId;
}

/** Stores a new object version and returns it (its `versionId` is final). */
export function putVersion(b: BucketRecord, key: string, v: Omit<ObjectVersion, "versionId">): ObjectVersion {
  let list = b.objects.get(key);
  if (!list) {
    list = [];
    b.objects.set(key, list);
    b.sortedKeys = null;
  }
  const m = mode(b);
  const version: ObjectVersion = { ...v, versionId: m === "Enabled" ? newVersionId() : "null" };
  if (m !== "Enabled") {
    // Never enabled or Suspended: the write replaces the single null version (a key holds at most one).
    const i = list.findIndex((x) => x.versionId === "null");
    if (i >= 0) list.splice(i, 1);
  }
  list.unshift(version);
  return version;
}

/** Outcome of a delete, for `x-cos-version-id` / `x-cos-delete-marker` and DeleteResult. */
export interface DeleteOutcome {
  /** Version id removed or created (undefined on never-versioned buckets). */
  versionId?: string;
  /** True when a delete marker was created or removed. */
  deleteMarker: boolean;
  /** Set when a delete marker was created, or removed by its version id. */
  deleteMarkerVersionId?: string;
}

/** DELETE Object semantics; a missing key or version is not an error (204, digest §5.7). */
export function deleteVersion(b: BucketRecord, key: string, versionId: string | undefined, marker: () => ObjectVersion): DeleteOutcome {
  const list = b.objects.get(key);
  const dropIfEmpty = (): void => {
    if (list && list.length === 0) {
      b.objects.delete(key);
      b.sortedKeys = null;
    }
  };
  if (versionId !== undefined && versionId !== "") {
    const i = list ? list.findIndex((x) => x.versionId === versionId) : -1;
    if (!list || i < 0) return { versionId, deleteMarker: false };
    const [removed] = list.splice(i, 1);
    dropIfEmpty();
    // DeleteMarker true always comes with the marker's version id (003:L125140-125145, L166308-166310).
    return { versionId, deleteMarker: removed.deleteMarker, ...(removed.deleteMarker ? { deleteMarkerVersionId: versionId } : {}) };
  }
  const m = mode(b);
  if (m === undefined) {
    if (b.objects.delete(key)) b.sortedKeys = null;
    return { deleteMarker: false };
  }
  let target = list;
  if (!target) {
    target = [];
    b.objects.set(key, target);
    b.sortedKeys = null;
  }
  const dm: ObjectVersion = { ...marker(), deleteMarker: true, versionId: m === "Enabled" ? newVersionId() : "null" };
  if (m === "Suspended") {
    const i = target.findIndex((x) => x.versionId === "null");
    if (i >= 0) target.splice(i, 1);
  }
  target.unshift(dm);
  return { versionId: dm.versionId, deleteMarker: true, deleteMarkerVersionId: dm.versionId };
}

/** Binary search: first index whose key is ≥ `s` (strict: > `s`) in a UTF-8-ordered list. */
export function searchKeys(keys: readonly string[], s: string, strict: boolean, cmp: (a: string, b: string) => number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = cmp(keys[mid], s);
    if (c < 0 || (strict && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
