/**
 * BucketObject: one object, id `<bucket>/<key>`. The diff compares the sha256 of the content computed at check
 * (`sourceHash`), so an unchanged file is never uploaded again and a changed one always is. The hash is also stored on
 * the object (`x-cos-meta-tencentcos-sha256`) and the ETag in state: refresh reports an object rewritten out of band
 * as drift, and a create that finds its own content already there (a lost answer) takes it over.
 * @internal
 * @packageDocumentation
 */
import { randomBytes } from "node:crypto";
import type { CheckResult, CreateResult, DiffResult, ReadResult, ResourceProvider, UpdateResult } from "@pulumi/pulumi/dynamic";
import { dequal as deepEqual } from "dequal";
import { encodeKeyPath } from "../cos/canonical";
import type { CosClient } from "../cos/client";
import type { BucketLocation } from "../cos/endpoint";
import { isCosServiceError } from "../cos/errors";
import { tagList, tagMap } from "../common/tags";
import { containsUnknown } from "../common/unknowns";
import { type Obj, plain } from "../common/validate";
import { providerClient } from "../config";
import { COMPARED, HASH_META, isOwnUpload, MARK_META, normalizeObject, RESERVED_META_HEADER, sourceOf } from "./objectInputs";
import { uploadObject } from "./objectUpload";
import { ResourceInitError } from "./resourceInitError";

const REPLACE_ON = ["bucket", "region", "key"] as const;
const locOf = (p: Obj): BucketLocation => ({ bucket: p.bucket as string, region: p.region as string });

/** The headers an upload sends for these inputs (the content hash included). @internal */
export function objectHeaders(p: Obj): Record<string, string> {
  const h: Record<string, string> = { [HASH_META]: p.sourceHash as string };
  if (p.cacheControl) h["cache-control"] = p.cacheControl as string;
  if (p.contentDisposition) h["content-disposition"] = p.contentDisposition as string;
  if (p.contentEncoding) h["content-encoding"] = p.contentEncoding as string;
  if (p.storageClass && p.storageClass !== "STANDARD") h["x-cos-storage-class"] = p.storageClass as string;
  if (p.acl) h["x-cos-acl"] = p.acl as string;
  for (const [k, v] of Object.entries((p.metadata as Record<string, string> | undefined) ?? {})) h[`x-cos-meta-${k}`] = v;
  return h;
}

/** What an upload answered, and the mark it wrote. */
interface Uploaded { etag: string; versionId?: string; uploadMark?: string }

/** Outputs: the inputs plus what COS answered. */
function outputs(p: Obj, r: Uploaded): Obj {
  return plain({
    ...p, etag: r.etag, versionId: r.versionId, uploadMark: r.uploadMark,
    url: `https://${p.bucket as string}.cos.${p.region as string}.myqcloud.com/${encodeKeyPath(p.key as string)}`,
  });
}

/**
 * Uploads the object with this resource's upload mark (`x-cos-meta-tencentcos-upload`), kept in state: delete removes
 * the object only while it is still this resource's (or an unmarked rewrite), never one that another resource uploaded
 * since — a rename without an alias creates the new resource first, which takes the identical object over.
 */
async function upload(client: CosClient, p: Obj): Promise<Uploaded> {
  const loc = locOf(p);
  // The resource's owner key, stable across its updates: an update whose answer was lost (state keeps the previous
  // outputs) wrote the same mark, so the object stays this resource's to delete. Random only without one (older sdk).
  const uploadMark = typeof p.ownerKey === "string" ? p.ownerKey : randomBytes(8).toString("hex");
  const r = await uploadObject(client, loc, p.key as string, sourceOf(p), {
    contentType: p.contentType as string, headers: { ...objectHeaders(p), [MARK_META]: uploadMark }, partSizeBytes: p.partSizeBytes as number | undefined,
  });
  return r.versionId ? { etag: r.etag, versionId: r.versionId, uploadMark } : { etag: r.etag, uploadMark };
}

async function writeTags(client: CosClient, p: Obj): Promise<void> {
  const tags = (p.tags as Record<string, string> | undefined) ?? {};
  if (Object.keys(tags).length) await client.putObjectTagging(locOf(p), p.key as string, tagList(tags));
  else await client.deleteObjectTagging(locOf(p), p.key as string);
}

/** Outputs (or the live object) as inputs: check's shape, without what COS answered. */
function inputsOf(o: Obj): Obj {
  const { etag: _e, versionId: _v, url: _u, uploadMark: _m, __provider: _p, ...inputs } = o;
  return plain(inputs);
}

/** The live object as inputs, from HEAD (+ GET ?tagging): what refresh reports. */
function liveInputs(old: Obj, h: Record<string, string>, tags: Record<string, string>): Obj {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (k.startsWith("x-cos-meta-") && !k.startsWith(RESERVED_META_HEADER)) metadata[k.slice("x-cos-meta-".length)] = v;
  }
  const liveHash = h[HASH_META];
  const sameObject = h.etag !== undefined && h.etag === old.etag;
  // Rewritten out of band: the content is no longer what state says. Without our hash header we only know its ETag.
  const sourceHash = sameObject ? old.sourceHash : liveHash ?? `unknown (ETag ${h.etag ?? "?"})`;
  // A hash that is not the local file's any more must not be reused by check for an unchanged mtime: -1 never matches.
  const mtimeMs = old.mtimeMs !== undefined && sourceHash !== old.sourceHash ? -1 : old.mtimeMs;
  return plain({
    ...old, sourceHash, mtimeMs, metadata,
    contentType: h["content-type"], cacheControl: h["cache-control"], contentDisposition: h["content-disposition"], contentEncoding: h["content-encoding"],
    storageClass: (h["x-cos-storage-class"] ?? "STANDARD").toUpperCase(), tags,
  });
}

async function check(olds: Obj, news: Obj): Promise<CheckResult> {
  const { inputs, failures } = await normalizeObject(news, olds);
  return failures.length ? { inputs: news, failures } : { inputs };
}

async function diff(_id: string, olds: Obj, news: Obj): Promise<DiffResult> {
  const changed = [...REPLACE_ON, ...COMPARED].filter((k) => containsUnknown(news[k]) || !deepEqual(olds[k] ?? null, news[k] ?? null));
  const replaces = changed.filter((k) => (REPLACE_ON as readonly string[]).includes(k));
  // A new key or bucket is a different object: create it, then delete the old one (no singleton to protect).
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
}

async function create(p: Obj): Promise<CreateResult> {
  const client = providerClient();
  const id = `${p.bucket as string}/${p.key as string}`;
  const existing = await client.headObject(locOf(p), p.key as string);
  // An object with our very content is a lost answer of an earlier attempt: take it over. Anything else is someone's.
  if (existing && !p.adopt && existing[HASH_META] !== p.sourceHash) {
    throw new Error(
      `object ${id} already exists and this stack did not upload it. Set \`adopt: true\` on this resource to take it over ` +
        `(it will be overwritten with the declared content), or remove it first.`,
    );
  }
  const r = await upload(client, p);
  try {
    if (Object.keys((p.tags as Obj | undefined) ?? {}).length) await writeTags(client, p);
  } catch (e) {
    // The object exists: keep it in state (without tags, so the next diff applies them) rather than forgetting it.
    throw new ResourceInitError(id, { ...outputs(p, r), tags: {}, __provider: p.__provider }, [`setting the tags of ${id}: ${String(e)}`]);
  }
  return { id, outs: outputs(p, r) };
}

async function read(id: string, props?: Obj): Promise<ReadResult> {
  const old = props ?? {};
  const slash = id.indexOf("/");
  const p: Obj = { ...old, bucket: old.bucket ?? id.slice(0, slash), key: old.key ?? id.slice(slash + 1) };
  const client = providerClient();
  let h: Record<string, string> | undefined;
  try {
    h = await client.headObject(locOf(p), p.key as string);
  } catch (e) {
    if (isCosServiceError(e, "NoSuchBucket")) return {};
    throw e;
  }
  if (!h) return {}; // deleted out of band: dropped from state, the next `up` uploads it again
  const tags = tagMap((await client.getObjectTagging(locOf(p), p.key as string)) ?? []);
  const live = liveInputs(p, h, tags);
  // plain(): an unversioned bucket has no version id, and the host's Struct encoding refuses an undefined value.
  // An import (no outputs yet) takes the live object as it is, its mark included; a refresh keeps the mark of state.
  const uploadMark = old.etag === undefined ? h[MARK_META] : old.uploadMark;
  const outs = plain({ ...live, etag: h.etag, versionId: h["x-cos-version-id"] ?? old.versionId, uploadMark });
  const inputs = inputsOf(live);
  // Nothing drifted: no inputs, so the engine keeps the stored ones. After a no-change up from a fresh checkout they
  // hold newer mtimes than the outputs (a same step keeps the old outputs), and the CLI would show that as a diff.
  return deepEqual(inputs, inputsOf(p)) ? { id, props: outs } : { id, props: outs, inputs };
}

async function update(_id: string, olds: Obj, news: Obj): Promise<UpdateResult> {
  const client = providerClient();
  const onlyTags = COMPARED.every((k) => k === "tags" || deepEqual(olds[k] ?? null, news[k] ?? null));
  if (onlyTags) {
    await writeTags(client, news);
    return { outs: outputs(news, { etag: olds.etag as string, versionId: olds.versionId as string | undefined, uploadMark: olds.uploadMark as string | undefined }) };
  }
  const r = await upload(client, news);
  const oldTags = (olds.tags as Obj | undefined) ?? {};
  if (!deepEqual(oldTags, news.tags ?? {}) || Object.keys(oldTags).length) await writeTags(client, news);
  return { outs: outputs(news, r) };
}

/**
 * Deletes the object, unless another resource uploaded it since (its upload mark is not ours: a rename without an alias
 * or a second stack took it over), which is left in place. An object without a mark (rewritten out of band, or uploaded
 * by an older version of this package) is this resource's to delete. On a versioned bucket the DELETE adds a delete
 * marker and keeps the versions, as versioning intends (the bucket's own delete then needs `forceDestroy`).
 */
async function remove(_id: string, p: Obj): Promise<void> {
  const client = providerClient();
  const loc = locOf(p);
  const key = p.key as string;
  try {
    const mark = (await client.headObject(loc, key))?.[MARK_META];
    if (!isOwnUpload(mark, p.uploadMark)) {
      process.stderr.write(`warning: object ${loc.bucket}/${key} was uploaded by another resource since (a rename without an alias, or another stack); it was left in place.\n`);
      return;
    }
    await client.deleteObject(loc, key);
  } catch (e) {
    if (!isCosServiceError(e, "NoSuchBucket")) throw e;
  }
}

/** @internal */
export const bucketObject = { check, diff, create, read, update, delete: remove } satisfies ResourceProvider;
