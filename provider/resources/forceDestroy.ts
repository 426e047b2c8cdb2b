import pLimit from "p-limit";
import type { CosClient } from "../cos/client";
import type { BucketLocation } from "../cos/endpoint";
import { staleWindowMs, within } from "./consistency";

/** COS deletes at most 1000 keys per DELETE Multiple Objects call (digest §5.8). */
export const DELETE_BATCH = 1000;

/**
 * Empties a bucket completely, as COS requires before DELETE Bucket (digest §5.4, LESSONS.md §1 E): every
 * in-progress multipart upload is aborted, and every object version and delete marker is deleted by version id,
 * in batches of ≤1000, a few batches at a time (p-limit). Each round lists from the start, so deletions never
 * invalidate a pagination marker; rounds end when a listing comes back empty. @internal
 */
export async function emptyBucket(client: CosClient, loc: BucketLocation, concurrency = 4): Promise<{ versions: number; uploads: number }> {
  const limit = pLimit(concurrency);
  let uploads = 0;
  for (let round = 0; ; round++) {
    const page = await client.listMultipartUploads(loc, { maxUploads: 1000 });
    if (page.uploads.length === 0) break;
    await Promise.all(page.uploads.map((u) => limit(() => client.abortMultipartUpload(loc, u.key, u.uploadId))));
    uploads += page.uploads.length;
    if (round > 10_000) throw new Error(`force-destroy of ${loc.bucket}: multipart uploads keep appearing`);
  }
  let versions = 0;
  let previous = "";
  let repeatedSince: number | undefined;
  for (let round = 0; ; round++) {
    // Object versions and delete markers; on a never-versioned bucket COS lists each object once (version "null").
    const page = await client.listObjectVersions(loc, { maxKeys: 1000 });
    const targets = [...page.versions, ...page.deleteMarkers].map((v) => ({ key: v.key, versionId: v.versionId || undefined }));
    if (targets.length === 0) {
      const plain = await client.listObjects(loc, { maxKeys: 1000 });
      if (plain.contents.length === 0) break;
      targets.push(...plain.contents.map((o) => ({ key: o.key, versionId: undefined })));
    }
    // Deleted without an error yet listed again. A listing may lag a delete for a moment: list again, without deleting,
    // for as long as reads may be stale; past that, the server deleted something else (a key it read differently from
    // the one listed), so stop with the key instead of deleting the same page for ever.
    const signature = JSON.stringify(targets);
    if (signature === previous) {
      repeatedSince ??= Date.now();
      if (!within(repeatedSince, staleWindowMs())) {
        const t = targets[0];
        throw new Error(
          `force-destroy of ${loc.bucket}: ${targets.length} object(s) are still listed after a delete that reported no error, ` +
            `e.g. ${JSON.stringify(t.key)}${t.versionId ? ` (version ${t.versionId})` : ""}; delete them yourself and run the destroy again`,
        );
      }
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    previous = signature;
    repeatedSince = undefined;
    const batches: (typeof targets)[] = [];
    for (let i = 0; i < targets.length; i += DELETE_BATCH) batches.push(targets.slice(i, i + DELETE_BATCH));
    await Promise.all(batches.map((b) => limit(async () => {
      const result = await client.deleteObjects(loc, b, { quiet: true });
      if (result.errors.length > 0) {
        const e = result.errors[0];
        throw new Error(`force-destroy of ${loc.bucket}: could not delete ${result.errors.length} object(s), e.g. ${e.key}${e.versionId ? ` (version ${e.versionId})` : ""}: ${e.code} ${e.message}`);
      }
    })));
    versions += targets.length;
    if (round > 100_000) throw new Error(`force-destroy of ${loc.bucket}: objects keep appearing`);
  }
  return { versions, uploads };
}
