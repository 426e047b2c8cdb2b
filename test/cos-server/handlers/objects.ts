/**
 * Object APIs the tests need (digest §5.7, §5.8, §5.11): PUT/GET/HEAD/DELETE Object with versioning
 * headers, POST ?delete (DELETE Multiple Objects), and the anonymous public-read check.
 */
import { createHash } from "node:crypto";
import { SIGNATURE_EMPTY } from "../auth";
import { type Ctx, type CosResponse, camId, empty, findBucket, header, isoNow, param, requireContentMd5, xml } from "../context";
import { crc64ecma } from "../crc64";
import { CosError, accessDenied, invalidArgument, malformedXml } from "../errors";
import { hotlinkDenied, refererAllowed } from "../hotlink";
import { deleteVersion, putVersion, type DeleteOutcome } from "../objectStore";
import type { BucketRecord, ObjectVersion } from "../types";
import { type PlainObject, objs, readXml, text } from "../xml";
import { aclFromHeaders, bucketForWrite, grantHeaders, isPublicRead } from "./acl";
import { applyResponseOverrides, taggingCount, taggingFromHeader, uploadContentType, uploadHeaders } from "./objectHeaders";
import { policyAllowsAnonymousGet } from "./policy";

/** Storage classes accepted on upload (x-cos-storage-class), compared case-insensitively. */
export const OBJECT_STORAGE_CLASSES = ["STANDARD", "STANDARD_IA", "ARCHIVE", "DEEP_ARCHIVE", "INTELLIGENT_TIERING", "MAZ_STANDARD", "MAZ_STANDARD_IA", "MAZ_INTELLIGENT_TIERING"];

/** Validated upload storage class (default STANDARD). */
export function uploadStorageClass(ctx: Ctx): string {
  const sc = (header(ctx, "x-cos-storage-class") ?? "STANDARD").toUpperCase();
  if (!OBJECT_STORAGE_CLASSES.includes(sc)) throw new CosError(400, "NotSupportedStorageClass", `Storage class ${sc} is not supported.`);
  return sc;
}

/** Quoted hex MD5 ETag (digest §7 C33). */
export function etagOf(body: Buffer): string {
  return `"${createHash("md5").update(body).digest("hex")}"`;
}

/**
 * A new version of `ctx.key` from an upload's body and headers (ACL, grants, tagging, content type, storage class,
 * metadata): what PUT Object and the first APPEND Object store.
 */
export function putUploadedVersion(ctx: Ctx, b: BucketRecord, opts: { appendable?: true } = {}): ObjectVersion {
  const acl = header(ctx, "x-cos-acl");
  if (acl !== undefined && !["private", "public-read", "public-read-write", "default"].includes(acl)) throw invalidArgument(`Invalid x-cos-acl ${acl}.`);
  const ownerUin = ctx.caller?.ownerUin ?? b.ownerUin;
  // Grant headers on upload (002 PUT Object: x-cos-grant-*) give the object explicit grants.
  const grants = grantHeaders(ctx).length > 0 ? aclFromHeaders(ctx, ownerUin) : undefined;
  const tagging = taggingFromHeader(ctx);
  return putVersion(b, ctx.key, {
    deleteMarker: false,
    ...opts,
    body: ctx.body,
    etag: etagOf(ctx.body),
    lastModified: isoNow(ctx),
    contentType: uploadContentType(ctx, ctx.key),
    storageClass: uploadStorageClass(ctx),
    ownerUin,
    headers: uploadHeaders(ctx, b),
    ...(acl !== undefined ? { acl } : {}),
    ...(grants !== undefined ? { grants } : {}),
    ...(tagging !== undefined ? { tagging } : {}),
    crc64: crc64ecma(ctx.body),
  });
}

/** PUT Object. */
export function putObject(ctx: Ctx): CosResponse {
  const b = bucketForWrite(ctx);
  // Content-Length is a required header of PUT Object (002:L4681-4685; digest §3.1 → 411 MissingContentLength). A
  // chunked body carries its own framing and is accepted: the official SDK sends a stream of unknown length that way,
  // and its suite expects it stored (upload Content-Type, putObject stream).
  if (header(ctx, "content-length") === undefined && header(ctx, "transfer-encoding") === undefined) throw new CosError(411, "MissingContentLength", "You must provide the Content-Length HTTP header.");
  if (Buffer.byteLength(ctx.key) > 850) throw new CosError(400, "KeyTooLong", "Your key is too long.");
  const v = putUploadedVersion(ctx, b);
  const headers: Record<string, string> = { ETag: v.etag, "x-cos-hash-crc64ecma": v.crc64, ...sseOf(v.headers) };
  if (b.configs.versioning?.value === "Enabled") headers["x-cos-version-id"] = v.versionId;
  return empty(200, headers);
}

/** The bucket for an object read: owner, or anyone when the bucket/object/policy makes it public and the referer rule lets them. */
function readableBucket(ctx: Ctx, pick: (b: BucketRecord) => ObjectVersion | undefined): BucketRecord {
  const b = findBucket(ctx);
  // Hotlink protection checks unsigned reads only, before the key is looked up (hotlink.ts).
  if (!ctx.caller && !refererAllowed(b.configs.referer?.value, header(ctx, "referer"))) throw hotlinkDenied();
  if (ctx.caller && ctx.caller.appId === b.appId) return b;
  const v = pick(b);
  // Explicit grants override the canned object ACL and the bucket's (an object ACL other than `default` wins).
  const objectPublic = v?.grants ? isPublicRead(v.grants) : v?.acl === "public-read" || v?.acl === "public-read-write";
  const bucketPublic = isPublicRead(b.configs.acl?.value) && v?.acl !== "private" && v?.grants === undefined;
  if (objectPublic || bucketPublic || policyAllowsAnonymousGet(b.configs.policy?.value, b, ctx.key)) return b;
  throw accessDenied(ctx.caller ? "Access Denied." : SIGNATURE_EMPTY);
}

function versionHeaders(b: BucketRecord, v: ObjectVersion): Record<string, string> {
  return b.configs.versioning?.value !== undefined ? { "x-cos-version-id": v.versionId } : {};
}

/** Finds the requested version; 404 NoSuchKey (incl. a current delete marker) / NoSuchVersion. */
function resolve(ctx: Ctx, b: BucketRecord): ObjectVersion {
  const list = b.objects.get(ctx.key) ?? [];
  const versionId = param(ctx, "versionId");
  if (versionId !== undefined && versionId !== "") {
    const v = list.find((x) => x.versionId === versionId);
    // 404 as S3 and current COS do (the 2018 table prints 400 for NoSuchVersion, 002 error list).
    if (!v) throw new CosError(404, "NoSuchVersion", "The specified version does not exist.");
    if (v.deleteMarker) throw new CosError(405, "MethodNotAllowed", "The specified version is a delete marker.", { "x-cos-delete-marker": "true", "x-cos-version-id": v.versionId });
    return v;
  }
  const v = list[0];
  if (!v) throw new CosError(404, "NoSuchKey", "The specified key does not exist.");
  if (v.deleteMarker) throw new CosError(404, "NoSuchKey", "The specified key does not exist.", { "x-cos-delete-marker": "true", ...versionHeaders(b, v) });
  return v;
}

function objectHeaders(b: BucketRecord, v: ObjectVersion): Record<string, string> {
  return {
    ETag: v.etag,
    "Last-Modified": new Date(v.lastModified).toUTCString(),
    "Accept-Ranges": "bytes",
    "x-cos-hash-crc64ecma": v.crc64,
    // normal | appendable (003:L29523-29525): a completed multipart upload is a normal object too.
    "x-cos-object-type": v.appendable ? "appendable" : "normal",
    ...(v.storageClass !== "STANDARD" ? { "x-cos-storage-class": v.storageClass } : {}),
    ...versionHeaders(b, v),
    ...(taggingCount(v.tagging) > 0 ? { "x-cos-tagging-count": String(taggingCount(v.tagging)) } : {}),
    ...v.headers,
  };
}

/** The SSE headers of a stored header set, echoed on the upload's response. */
export function sseOf(stored: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(stored).filter(([k]) => k.startsWith("x-cos-server-side-encryption")));
}

/**
 * Whether an If-Match / If-None-Match value names this ETag: a comma-separated list of (weak or strong) ETags, or
 * `*` for any current object (RFC 7232 §3.1-3.2; the seeds only say "identical to the specified content",
 * 002:L3540-3541).
 */
function etagMatches(condition: string, etag: string): boolean {
  const bare = etag.replace(/"/g, "");
  return condition.split(",").some((e) => {
    const t = e.trim().replace(/^W\//, "").replace(/"/g, "");
    return t === "*" || t === bare;
  });
}

/** GET/HEAD Object (Range and If-Match/If-None-Match supported). */
export function getObject(ctx: Ctx): CosResponse {
  // The ACL that decides is the one of the version served (?versionId=), not the current version's.
  const versionId = param(ctx, "versionId");
  const b = readableBucket(ctx, (bk) => {
    const list = bk.objects.get(ctx.key);
    return versionId !== undefined && versionId !== "" ? list?.find((x) => x.versionId === versionId) : list?.[0];
  });
  const v = resolve(ctx, b);
  // An archived object must be restored before it can be read (003:L3882; 002:L275 InvalidObjectState).
  if (ctx.method === "GET" && (v.storageClass === "ARCHIVE" || v.storageClass === "DEEP_ARCHIVE")) throw new CosError(403, "InvalidObjectState", "The object is archived: restore it before reading it.");
  const headers = objectHeaders(b, v);
  const failed = (): never => {
    throw new CosError(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold.");
  };
  const modified = Math.floor(Date.parse(v.lastModified) / 1000) * 1000;
  const date = (name: string): number | undefined => {
    const t = Date.parse(header(ctx, name) ?? "");
    return Number.isNaN(t) ? undefined : t;
  };
  // 002:L3538-3541 (GET), L3824 (HEAD): If-Match / If-Unmodified-Since → 412, If-None-Match / If-Modified-Since → 304.
  const ifMatch = header(ctx, "if-match");
  if (ifMatch !== undefined && !etagMatches(ifMatch, v.etag)) failed();
  const unmodifiedSince = date("if-unmodified-since");
  if (ifMatch === undefined && unmodifiedSince !== undefined && modified > unmodifiedSince) failed();
  const ifNone = header(ctx, "if-none-match");
  if (ifNone !== undefined && etagMatches(ifNone, v.etag)) return { status: 304, headers };
  const modifiedSince = date("if-modified-since");
  if (ifNone === undefined && modifiedSince !== undefined && modified <= modifiedSince) return { status: 304, headers };
  const range = header(ctx, "range");
  let body = v.body;
  let status = 200;
  if (range !== undefined) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    const size = v.body.length;
    let start = m && m[1] !== "" ? Number(m[1]) : NaN;
    let end = m && m[2] !== "" ? Number(m[2]) : size - 1;
    if (m && m[1] === "" && m[2] !== "") {
      start = Math.max(0, size - Number(m[2]));
      end = size - 1;
    }
    if (!m || Number.isNaN(start) || start >= size || start > end) {
      throw new CosError(416, "InvalidRange", "The requested range is not satisfiable.", { "Content-Range": `bytes */${size}` });
    }
    end = Math.min(end, size - 1);
    body = v.body.subarray(start, end + 1);
    status = 206;
    headers["Content-Range"] = `bytes ${start}-${end}/${size}`;
  }
  headers["Content-Length"] = String(body.length);
  const contentType = applyResponseOverrides(ctx, headers, v.contentType);
  return { status, headers, body: ctx.method === "HEAD" ? undefined : body, contentType };
}

function deleteHeaders(o: DeleteOutcome): Record<string, string> {
  const h: Record<string, string> = {};
  if (o.versionId !== undefined) h["x-cos-version-id"] = o.versionId;
  if (o.versionId !== undefined || o.deleteMarker) h["x-cos-delete-marker"] = String(o.deleteMarker);
  return h;
}

function markerFactory(ctx: Ctx, b: BucketRecord): () => ObjectVersion {
  return () => ({
    versionId: "",
    deleteMarker: true,
    body: Buffer.alloc(0),
    etag: "",
    lastModified: isoNow(ctx),
    contentType: "",
    storageClass: "STANDARD",
    ownerUin: ctx.caller?.ownerUin ?? b.ownerUin,
    headers: {},
    crc64: "0",
  });
}

/** DELETE Object: 204 whether or not the key exists (004:L1006). */
export function deleteObject(ctx: Ctx): CosResponse {
  const b = bucketForWrite(ctx);
  const outcome = deleteVersion(b, ctx.key, param(ctx, "versionId"), markerFactory(ctx, b));
  return empty(204, deleteHeaders(outcome));
}

/** POST ?delete — DELETE Multiple Objects (digest §5.8): Content-MD5 required, ≤ 1000 keys. */
export function deleteMultipleObjects(ctx: Ctx): CosResponse {
  const b = bucketForWrite(ctx);
  requireContentMd5(ctx);
  const doc = readXml(ctx.body, {
    name: "Delete",
    children: [{ name: "Quiet" }, { name: "Object", required: true, many: true, children: [{ name: "Key", required: true }, { name: "VersionId" }] }],
  }, { keepText: true }); // a key may begin or end with spaces
  const objects = objs(doc.Object);
  if (objects.length > 1000) throw malformedXml("at most 1000 objects per request");
  const quiet = (text(doc.Quiet) ?? "false").trim().toLowerCase() === "true";
  const deleted: PlainObject[] = [];
  const errors: PlainObject[] = [];
  for (const o of objects) {
    const key = text(o.Key) ?? "";
    const versionId = text(o.VersionId);
    if (key === "") {
      errors.push({ Key: key, Code: "InvalidArgument", Message: "Key must not be empty." });
      continue;
    }
    // "null" addresses the null version; an empty VersionId means "no version" (never-versioned listings).
    const out = deleteVersion(b, key, versionId === "" ? undefined : versionId, markerFactory(ctx, b));
    const entry: PlainObject = { Key: key };
    if (versionId !== undefined && versionId !== "") entry.VersionId = versionId;
    if (out.deleteMarker) entry.DeleteMarker = "true";
    if (out.deleteMarkerVersionId !== undefined) entry.DeleteMarkerVersionId = out.deleteMarkerVersionId;
    deleted.push(entry);
  }
  const result: PlainObject = {};
  if (!quiet && deleted.length) result.Deleted = deleted;
  if (errors.length) result.Error = errors;
  return xml("DeleteResult", Object.keys(result).length ? result : "");
}

/** Owner element used in listings. */
export function ownerXml(uin: string): PlainObject {
  return { ID: camId(uin), DisplayName: uin };
}
