/**
 * Applying a Bucket's declared configuration, and its tags next to the ownership marks. @internal
 * @packageDocumentation
 */
import { dequal as deepEqual } from "dequal";
import type { CosClient } from "../cos/client";
import type { BucketLocation } from "../cos/endpoint";
import { markTags, userTags } from "../common/tags";
import type { Obj } from "../common/validate";
import { noteWrite, withPropagation } from "./consistency";
import { bucketTags, fitUserTags, ownerTagKey, withBucketLock, writeBucketTags } from "./ownership";

/** What {@link applyBucketConfig} needs of the normalised inputs. */
export interface Applicable extends Obj {
  bucket: string;
  region: string;
  acl: string;
  grants?: unknown;
  tags?: Record<string, string>;
  versioning?: "Enabled" | "Suspended";
  encryption?: { algorithm: string; kmsKeyId?: string };
}

/**
 * Writes the user's tags (or, when `tags` is not managed, keeps the live ones) together with every ownership mark,
 * plus the bucket's own mark when `mark` is given. One read-modify-write under the bucket's lock: the user's `tags`
 * never show, diff or delete the `tencentcos:owner:*` keys.
 */
export async function applyTags(client: CosClient, loc: BucketLocation, tags: Record<string, string> | undefined, mark?: string): Promise<void> {
  await withBucketLock(loc.bucket, async () => {
    const live = await bucketTags(client, loc);
    const next = { ...(tags ?? userTags(live)), ...markTags(live), ...(mark ? { [ownerTagKey("bucket")]: mark } : {}) };
    fitUserTags(loc, next);
    if (!deepEqual(next, live)) await writeBucketTags(client, loc, next);
  });
}

/**
 * Applies the configuration that PUT Bucket does not carry. `applied` is updated after each successful step, so that a
 * failure leaves in state exactly what is live and the next `pulumi up` finishes the rest. Removing a property that
 * was declared before restores the COS default (tags and encryption deleted — the ownership marks stay); versioning
 * can only be suspended. `mark`: make sure the bucket's ownership mark holds this owner key.
 */
export async function applyBucketConfig(client: CosClient, want: Applicable, had: Partial<Applicable>, applied: Obj, mark?: string): Promise<void> {
  const loc = { bucket: want.bucket, region: want.region };
  const w = <T>(fn: () => Promise<T>, what: string) => withPropagation(fn, what, loc, client);
  // The same comparison diff uses: key order (tags read back sorted vs as written) is not a change.
  const changed = (k: keyof Applicable) => !deepEqual(want[k] ?? null, had[k] ?? null);
  if (changed("acl") || changed("grants")) {
    await w(() => client.putBucketAcl(loc, { acl: want.acl as never, grants: want.grants as never }), "setting the bucket ACL");
    noteWrite(loc.bucket, "acl");
  }
  applied.acl = want.acl; applied.grants = want.grants;
  if (want.versioning !== undefined && changed("versioning")) {
    await w(() => client.putBucketVersioning(loc, want.versioning!), "setting versioning");
    noteWrite(loc.bucket, "versioning");
  }
  applied.versioning = want.versioning ?? had.versioning;
  if (changed("tags") || mark) {
    // Not managed and never was: keep the live user tags; declared, then removed: the user tags go, the marks stay.
    await applyTags(client, loc, want.tags ?? (had.tags !== undefined ? {} : undefined), mark);
  }
  applied.tags = want.tags;
  if (changed("encryption")) {
    if (want.encryption) {
      const e = want.encryption;
      await w(() => client.putBucketEncryption(loc, { sseAlgorithm: e.algorithm, ...(e.kmsKeyId ? { kmsMasterKeyId: e.kmsKeyId } : {}) }), "setting encryption");
    } else {
      await w(() => client.deleteBucketEncryption(loc), "deleting encryption");
    }
  }
  applied.encryption = want.encryption;
}
