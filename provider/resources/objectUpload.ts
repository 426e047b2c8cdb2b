/**
 * Uploading one object: a single PUT for small content, a multipart upload read from disk part by part for large
 * files (memory stays at `concurrency × partSize`, never the file's size), and an abort when any step fails, so no
 * incomplete upload is left behind to block DELETE Bucket (digest §5.10, 002:L288) or to be billed.
 * @internal
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import { open, stat } from "node:fs/promises";
import pLimit from "p-limit";
import type { CosClient } from "../cos/client";
import type { BucketLocation } from "../cos/endpoint";
import { MAX_PARTS, type CompletedPart } from "../cos/operations/objects";

/** What is uploaded: bytes in memory or a file read lazily. */
export type ObjectSource = { kind: "bytes"; data: Buffer } | { kind: "file"; path: string };

/** Every part but the last must be ≥ 1 MB (002:L2981). */
export const MIN_PART_SIZE = 1024 * 1024;
/** Default part size; grown so that no upload needs more than 10,000 parts. */
export const DEFAULT_PART_SIZE = 8 * MIN_PART_SIZE;
/** Above this size an object is uploaded in parts (a single PUT of a huge body cannot resume and holds it in memory). */
export const DEFAULT_MULTIPART_THRESHOLD = 16 * MIN_PART_SIZE;
/** Parts in flight at once. */
export const DEFAULT_PART_CONCURRENCY = 4;

/** Tuning of {@link uploadObject}. */
export interface UploadOptions {
  contentType: string;
  /** Entity headers, `x-cos-meta-*`, `x-cos-storage-class`, `x-cos-acl`. */
  headers: Record<string, string>;
  partSizeBytes?: number;
  multipartThresholdBytes?: number;
  concurrency?: number;
}

/**
 * sha256 (hex) and size of a file, read through one reused 1 MiB buffer: hashing a 1 GiB file needs no 1 GiB buffer,
 * and no garbage either (a read stream's fresh chunk per read piled up ~60 MiB of RSS before the GC freed them).
 */
export async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const h = createHash("sha256");
  const buf = Buffer.allocUnsafe(HASH_CHUNK);
  const fh = await open(path, "r");
  try {
    let size = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) return { sha256: h.digest("hex"), size };
      h.update(buf.subarray(0, bytesRead));
      size += bytesRead;
    }
  } finally {
    await fh.close();
  }
}
const HASH_CHUNK = 1 << 20;

/** sha256 (hex) of bytes. */
export const hashBytes = (b: Buffer): string => createHash("sha256").update(b).digest("hex");

async function sizeOf(src: ObjectSource): Promise<number> {
  return src.kind === "bytes" ? src.data.length : (await stat(src.path)).size;
}

/** The part size for `size` bytes: at least the requested one and large enough for ≤ 10,000 parts, whole MiB. */
export function partSizeFor(size: number, requested = DEFAULT_PART_SIZE): number {
  const needed = Math.ceil(size / MAX_PARTS / MIN_PART_SIZE) * MIN_PART_SIZE;
  return Math.max(MIN_PART_SIZE, requested, needed);
}

/** Uploads `src` to `key`; returns the ETag COS gives the object (quoted) and its version id when versioned. */
export async function uploadObject(client: CosClient, loc: BucketLocation, key: string, src: ObjectSource, opts: UploadOptions): Promise<{ etag: string; versionId?: string; size: number }> {
  const size = await sizeOf(src);
  if (size <= (opts.multipartThresholdBytes ?? DEFAULT_MULTIPART_THRESHOLD)) {
    const body = src.kind === "bytes" ? src.data : await readWhole(src.path, size);
    const r = await client.putObject(loc, key, body, { contentType: opts.contentType, headers: opts.headers });
    return { ...r, size: body.length };
  }
  return { ...(await multipart(client, loc, key, src, size, opts)), size };
}

async function readWhole(path: string, size: number): Promise<Buffer> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.allocUnsafe(size);
    let off = 0;
    while (off < size) {
      const { bytesRead } = await fh.read(buf, off, size - off, off);
      if (bytesRead === 0) throw new Error(`${path} became shorter while it was read (${off} of ${size} bytes)`);
      off += bytesRead;
    }
    return buf;
  } finally {
    await fh.close();
  }
}

async function multipart(client: CosClient, loc: BucketLocation, key: string, src: ObjectSource, size: number, opts: UploadOptions): Promise<{ etag: string; versionId?: string }> {
  const partSize = partSizeFor(size, opts.partSizeBytes);
  const count = Math.max(1, Math.ceil(size / partSize));
  const fh = src.kind === "file" ? await open(src.path, "r") : undefined;
  let uploadId: string | undefined;
  try {
    uploadId = await client.initiateMultipartUpload(loc, key, { contentType: opts.contentType, headers: opts.headers });
    const id = uploadId;
    const concurrency = opts.concurrency ?? DEFAULT_PART_CONCURRENCY;
    const limit = pLimit(concurrency);
    // A fixed pool of part buffers, one per part in flight, reused part after part: a fresh 8 MiB buffer per part is
    // freed only when the GC gets to it, which held about twice the in-flight bytes. pLimit never runs more tasks
    // than the pool has buffers, and a buffer goes back only once its uploadPart has settled (the body is sent).
    const pool: Buffer[] = fh ? Array.from({ length: Math.min(concurrency, count) }, () => Buffer.allocUnsafe(partSize)) : [];
    let failed = false;
    // allSettled, not all: after a failure the queued parts stop at once, but the ones already in flight are waited
    // for, so the abort below is the upload's last request (a part still running after it would land on an aborted
    // upload, after create has returned) and the file is not closed under a read.
    const settled = await Promise.allSettled(
      Array.from({ length: count }, (_, i) =>
        limit(async (): Promise<CompletedPart> => {
          if (failed) throw new AbandonedPart();
          const start = i * partSize;
          const len = Math.min(partSize, size - start);
          const buf = fh ? pool.pop()! : undefined;
          try {
            // A pooled buffer filled from the file at the part's offset: memory is bounded by the concurrency.
            const body = fh ? await readPart(fh, buf!, start, len, src) : (src as { data: Buffer }).data.subarray(start, start + len);
            return { partNumber: i + 1, etag: await client.uploadPart(loc, key, id, i + 1, body) };
          } catch (e) {
            failed = true;
            throw e;
          } finally {
            if (buf) pool.push(buf);
          }
        }),
      ),
    );
    const rejected = settled.find((r): r is PromiseRejectedResult => r.status === "rejected" && !(r.reason instanceof AbandonedPart));
    if (rejected) throw rejected.reason;
    const parts = settled.map((r) => (r as PromiseFulfilledResult<CompletedPart>).value);
    return await client.completeMultipartUpload(loc, key, id, parts);
  } catch (e) {
    if (uploadId !== undefined) {
      // Best effort: the original error is what the user needs; an abort that fails too is named in it.
      const aborted = await client.abortMultipartUpload(loc, key, uploadId).then(() => undefined, (ae: unknown) => ae);
      const note = aborted === undefined ? `the incomplete upload ${uploadId} was aborted` : `aborting the incomplete upload ${uploadId} failed too (${String(aborted)}); a lifecycle rule with abortIncompleteMultipartUpload removes it`;
      if (e instanceof Error) e.message = `multipart upload of ${key} failed: ${e.message}; ${note}`;
    }
    throw e;
  } finally {
    await fh?.close();
  }
}

/** A queued part not sent because an earlier one failed: never the error reported. */
class AbandonedPart extends Error {
  constructor() {
    super("upload abandoned after an earlier part failed");
  }
}

/** Fills the first `len` bytes of `buf` from the file at `start`; returns that view. */
async function readPart(fh: Awaited<ReturnType<typeof open>>, buf: Buffer, start: number, len: number, src: ObjectSource): Promise<Buffer> {
  let off = 0;
  while (off < len) {
    const { bytesRead } = await fh.read(buf, off, len - off, start + off);
    if (bytesRead === 0) throw new Error(`${(src as { path: string }).path} became shorter while it was uploaded`);
    off += bytesRead;
  }
  return buf.subarray(0, len);
}
