/**
 * PUT Object - Copy (002:L4914-5193) and Upload Part - Copy (002:L5194-5355; 003 Node 125250-125800):
 * `x-cos-copy-source: <Bucket>-<APPID>.cos.<Region>.myqcloud.com/<Key>[?versionId=]`, the four
 * `x-cos-copy-source-If-*` conditions (412), `x-cos-metadata-directive` Copy|Replaced, and for parts
 * `x-cos-copy-source-range: bytes=first-last`.
 */
import { type Ctx, type CosResponse, header, isoNow, param, xml } from "../context";
import { crc64ecma } from "../crc64";
import { CosError, accessDenied, invalidArgument, noSuchBucket } from "../errors";
import { putVersion } from "../objectStore";
import type { BucketRecord, ObjectVersion } from "../types";
import { publicObject } from "../websiteHosting";
import { aclFromHeaders, bucketForWrite, grantHeaders } from "./acl";
import { taggingFromHeader, uploadContentType, uploadHeaders } from "./objectHeaders";
import { etagOf, sseOf, uploadStorageClass } from "./objects";

/** PUT Object - Copy is for sources up to 5 GB; larger ones need Upload Part - Copy (002:L4920). */
const MAX_COPY = 5 * 1024 ** 3;
/** A copied part is at most 5 GB (002:L5198); the ≥ 1 MB rule for all but the last part is checked at Complete. */
const MAX_PART_COPY = 5 * 1024 ** 3;
const SOURCE = /^(?:https?:\/\/)?([a-z0-9-]+-\d+)\.cos\.([a-z0-9-]+)\.(?:myqcloud\.com|tencentcos\.cn)\/(.+)$/;

interface Source {
  readonly bucket: BucketRecord;
  readonly key: string;
  readonly version: ObjectVersion;
  readonly versionId?: string;
}

/** Resolves and authorises `x-cos-copy-source` (the source must be readable by the caller). */
function copySource(ctx: Ctx): Source {
  const raw = header(ctx, "x-cos-copy-source") ?? "";
  const q = raw.indexOf("?");
  const m = SOURCE.exec(q < 0 ? raw : raw.slice(0, q));
  if (!m) throw invalidArgument(`x-cos-copy-source must be <BucketName-APPID>.cos.<Region>.myqcloud.com/<Key>, not ${JSON.stringify(raw)}.`);
  const versionId = q < 0 ? undefined : new URLSearchParams(raw.slice(q + 1)).get("versionId") ?? undefined;
  let key: string;
  try {
    key = decodeURIComponent(m[3]);
  } catch {
    throw invalidArgument("x-cos-copy-source: the key is not correctly URL-encoded.");
  }
  const bucket = ctx.state.getBucket(m[1]);
  if (!bucket || bucket.region !== m[2]) throw noSuchBucket();
  const list = bucket.objects.get(key) ?? [];
  let version: ObjectVersion | undefined;
  if (versionId !== undefined && versionId !== "") {
    version = list.find((v) => v.versionId === versionId);
    if (!version) throw new CosError(404, "NoSuchVersion", "The specified version does not exist.");
    // A delete marker named as the source version is 400 (002:L5200).
    if (version.deleteMarker) throw new CosError(400, "InvalidRequest", "The source version is a delete marker.");
  } else {
    version = list[0];
    // A current delete marker means the object is deleted: 404 (002:L5200).
    if (!version || version.deleteMarker) throw new CosError(404, "NoSuchKey", "The specified key does not exist.");
  }
  const owner = ctx.caller !== undefined && ctx.caller.appId === bucket.appId;
  if (!owner && !publicObject(bucket, key, version)) throw accessDenied();
  // ARCHIVE / DEEP_ARCHIVE must be restored before they can be copied (003:L12746-12751).
  if (version.storageClass === "ARCHIVE" || version.storageClass === "DEEP_ARCHIVE") throw new CosError(403, "InvalidObjectState", "The source object is archived: restore it first.");
  checkConditions(ctx, version);
  return { bucket, key, version, versionId };
}

function parseDate(ctx: Ctx, name: string): number | undefined {
  const v = header(ctx, name);
  if (v === undefined) return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw invalidArgument(`${name} is not an HTTP date.`);
  return t;
}

/**
 * The `x-cos-copy-source-If-*` conditions; a failed one is 412. If-Match pairs with If-Unmodified-Since and
 * If-None-Match with If-Modified-Since (002:L4970-4977): when the ETag condition holds, its date partner is not
 * checked (the S3 rule these pairings describe).
 */
function checkConditions(ctx: Ctx, v: ObjectVersion): void {
  const etag = v.etag.replace(/"/g, "");
  const modified = Math.floor(Date.parse(v.lastModified) / 1000) * 1000;
  const fail = (): never => {
    throw new CosError(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold.");
  };
  const ifMatch = header(ctx, "x-cos-copy-source-if-match");
  const unmodifiedSince = parseDate(ctx, "x-cos-copy-source-if-unmodified-since");
  if (ifMatch !== undefined) {
    if (ifMatch.replace(/"/g, "") !== etag) fail();
  } else if (unmodifiedSince !== undefined && modified > unmodifiedSince) fail();
  const ifNone = header(ctx, "x-cos-copy-source-if-none-match");
  const modifiedSince = parseDate(ctx, "x-cos-copy-source-if-modified-since");
  if (ifNone !== undefined) {
    if (ifNone.replace(/"/g, "") === etag) fail();
  } else if (modifiedSince !== undefined && modified <= modifiedSince) fail();
}

function sourceVersionHeader(src: Source): Record<string, string> {
  return src.bucket.configs.versioning?.value !== undefined ? { "x-cos-copy-source-version-id": src.version.versionId } : {};
}

/** PUT /<Key> with x-cos-copy-source — PUT Object - Copy. */
export function putObjectCopy(ctx: Ctx): CosResponse {
  const b = bucketForWrite(ctx);
  if (Buffer.byteLength(ctx.key) > 850) throw new CosError(400, "KeyTooLong", "Your key is too long.");
  const src = copySource(ctx);
  const directive = header(ctx, "x-cos-metadata-directive") ?? "Copy";
  if (directive !== "Copy" && directive !== "Replaced") throw invalidArgument(`x-cos-metadata-directive must be Copy or Replaced, not ${directive}.`);
  const sameObject = src.bucket === b && src.key === ctx.key && (src.versionId === undefined || src.versionId === b.objects.get(ctx.key)?.[0]?.versionId);
  // "When the target path is the same as the original path … it must be Replaced" (002:L4968).
  if (sameObject && directive === "Copy") throw new CosError(400, "InvalidRequest", "Copying an object onto itself needs x-cos-metadata-directive: Replaced.");
  if (src.version.body.length > MAX_COPY) throw new CosError(400, "EntityTooLarge", "PUT Object - Copy takes sources up to 5 GB; use Upload Part - Copy.");
  const acl = header(ctx, "x-cos-acl");
  if (acl !== undefined && !["private", "public-read", "public-read-write", "default"].includes(acl)) throw invalidArgument(`Invalid x-cos-acl ${acl}.`);
  const ownerUin = ctx.caller?.ownerUin ?? b.ownerUin;
  const grants = grantHeaders(ctx).length > 0 ? aclFromHeaders(ctx, ownerUin) : undefined;
  const replaced = directive === "Replaced";
  const tagging = replaced ? taggingFromHeader(ctx) : src.version.tagging;
  const headers = replaced ? uploadHeaders(ctx, b) : { ...src.version.headers };
  const body = src.version.body;
  const v = putVersion(b, ctx.key, {
    deleteMarker: false,
    body,
    etag: etagOf(body),
    lastModified: isoNow(ctx),
    contentType: replaced ? uploadContentType(ctx, ctx.key) : src.version.contentType,
    storageClass: uploadStorageClass(ctx),
    ownerUin,
    headers,
    ...(acl !== undefined ? { acl } : {}),
    ...(grants !== undefined ? { grants } : {}),
    ...(tagging !== undefined ? { tagging } : {}),
    crc64: src.version.crc64,
  });
  const res = xml("CopyObjectResult", { ETag: v.etag, CRC64: v.crc64, LastModified: v.lastModified, ...(b.configs.versioning?.value === "Enabled" ? { VersionId: v.versionId } : {}) });
  const out: Record<string, string> = { ...sseOf(headers), ...sourceVersionHeader(src) };
  if (b.configs.versioning?.value === "Enabled") out["x-cos-version-id"] = v.versionId;
  return { ...res, headers: out };
}

/** PUT /<Key>?partNumber=&uploadId= with x-cos-copy-source — Upload Part - Copy. */
export function uploadPartCopy(ctx: Ctx): CosResponse {
  const b = bucketForWrite(ctx);
  const u = b.uploads.get(param(ctx, "uploadId") ?? "");
  if (!u || u.key !== ctx.key) throw new CosError(404, "NoSuchUpload", "The specified upload does not exist.");
  const raw = param(ctx, "partNumber") ?? "";
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 10000) throw invalidArgument("partNumber must be an integer between 1 and 10000.");
  const src = copySource(ctx);
  const size = src.version.body.length;
  let body = src.version.body;
  const range = header(ctx, "x-cos-copy-source-range");
  if (range !== undefined) {
    // bytes=first-last, offsets from 0 (002:L5240).
    const m = /^bytes=(\d+)-(\d+)$/.exec(range.trim());
    if (!m) throw invalidArgument("x-cos-copy-source-range must be bytes=first-last.");
    const first = Number(m[1]);
    const last = Number(m[2]);
    if (first > last || last >= size) throw invalidArgument(`x-cos-copy-source-range ${range} is outside the ${size}-byte source.`);
    body = body.subarray(first, last + 1);
  }
  if (body.length > MAX_PART_COPY) throw new CosError(400, "EntityTooLarge", "A copied part is at most 5 GB.");
  const etag = etagOf(body);
  const lastModified = isoNow(ctx);
  u.parts.set(n, { etag, body: Buffer.from(body), lastModified });
  const res = xml("CopyPartResult", { ETag: etag, CRC64: crc64ecma(body), LastModified: lastModified });
  return { ...res, headers: sourceVersionHeader(src) };
}
