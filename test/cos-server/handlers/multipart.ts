/**
 * Multipart uploads (digest §5.9–5.11): initiate, upload part, list parts, complete, abort, and
 * GET ?uploads with key-marker/upload-id-marker paging ("greater than" semantics, digest §7 C12).
 */
import { createHash, randomBytes } from "node:crypto";
import { type Ctx, type CosResponse, empty, header, isoNow, ownedBucket, param, xml } from "../context";
import { crc64ecma } from "../crc64";
import { CosError, invalidArgument } from "../errors";
import { putVersion } from "../objectStore";
import { compareUtf8 } from "../state";
import type { BucketRecord, MultipartUpload } from "../types";
import { type PlainObject, objs, readXml, text } from "../xml";
import { encoder, maxParam } from "./listing";
import { taggingFromHeader, uploadContentType, uploadHeaders } from "./objectHeaders";
import { etagOf, ownerXml, sseOf, uploadStorageClass } from "./objects";
import { aclFromHeaders, bucketForWrite, grantHeaders } from "./acl";

/** Every part but the last must be ≥ 1 MB (002:L2981). */
const MIN_PART_SIZE = 1024 * 1024;

function upload(ctx: Ctx, b: BucketRecord): MultipartUpload {
  const id = param(ctx, "uploadId") ?? "";
  const u = b.uploads.get(id);
  if (!u || u.key !== ctx.key) throw new CosError(404, "NoSuchUpload", "The specified upload does not exist.");
  return u;
}

/** POST /<Key>?uploads — Initiate Multipart Upload. */
export function initiateMultipartUpload(ctx: Ctx): CosResponse {
  const b = bucketForWrite(ctx);
  if (Buffer.byteLength(ctx.key) > 850) throw new CosError(400, "KeyTooLong", "Your key is too long.");
  const uploadId = `${Date.now()}${randomBytes(12).toString("hex")}`;
  const tagging = taggingFromHeader(ctx);
  // x-cos-acl / x-cos-grant-* on initiate set the object's ACL as on PUT Object (002:L3942-3950).
  const acl = header(ctx, "x-cos-acl");
  if (acl !== undefined && !["private", "public-read", "public-read-write", "default"].includes(acl)) throw invalidArgument(`Invalid x-cos-acl ${acl}.`);
  const ownerUin = ctx.caller?.ownerUin ?? b.ownerUin;
  const grants = grantHeaders(ctx).length > 0 ? aclFromHeaders(ctx, ownerUin) : undefined;
  b.uploads.set(uploadId, {
    uploadId,
    key: ctx.key,
    initiated: isoNow(ctx),
    storageClass: uploadStorageClass(ctx),
    ownerUin: ctx.caller?.ownerUin ?? b.ownerUin,
    // An empty Content-Type is no Content-Type: derive it from the key as PUT Object does.
    contentType: uploadContentType(ctx, ctx.key),
    headers: uploadHeaders(ctx, b),
    ...(tagging !== undefined ? { tagging } : {}),
    ...(acl !== undefined ? { acl } : {}),
    ...(grants !== undefined ? { grants } : {}),
    parts: new Map(),
  });
  const res = xml("InitiateMultipartUploadResult", { Bucket: b.name, Key: ctx.key, UploadId: uploadId });
  return { ...res, headers: sseOf(b.uploads.get(uploadId)!.headers) };
}

/** PUT /<Key>?partNumber=&uploadId= — Upload Part. */
export function uploadPart(ctx: Ctx): CosResponse {
  const b = bucketForWrite(ctx);
  const u = upload(ctx, b);
  const raw = param(ctx, "partNumber") ?? "";
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 10000) throw invalidArgument("partNumber must be an integer between 1 and 10000.");
  const etag = etagOf(ctx.body);
  u.parts.set(n, { etag, body: ctx.body, lastModified: isoNow(ctx) });
  return empty(200, { ETag: etag, "x-cos-hash-crc64ecma": crc64ecma(ctx.body) });
}

/** GET /<Key>?uploadId= — List Parts. */
export function listParts(ctx: Ctx): CosResponse {
  const b = ownedBucket(ctx);
  const u = upload(ctx, b);
  const marker = Number(param(ctx, "part-number-marker") ?? "0") || 0;
  const max = maxParam(ctx, "max-parts");
  const numbers = [...u.parts.keys()].sort((x, y) => x - y).filter((n) => n > marker);
  const page = numbers.slice(0, max);
  const truncated = numbers.length > page.length;
  const out: PlainObject = {
    Bucket: b.name,
    Key: u.key,
    UploadId: u.uploadId,
    Initiator: ownerXml(u.ownerUin),
    Owner: ownerXml(u.ownerUin),
    StorageClass: u.storageClass,
    PartNumberMarker: String(marker),
    NextPartNumberMarker: String(page.length ? page[page.length - 1] : marker),
    MaxParts: String(max),
    IsTruncated: String(truncated),
  };
  if (page.length) {
    out.Part = page.map((n) => {
      const p = u.parts.get(n)!;
      return { PartNumber: String(n), LastModified: p.lastModified, ETag: p.etag, Size: String(p.body.length) };
    });
  }
  return xml("ListPartsResult", out);
}

/** POST /<Key>?uploadId= — Complete Multipart Upload. */
export function completeMultipartUpload(ctx: Ctx): CosResponse {
  const b = bucketForWrite(ctx);
  const u = upload(ctx, b);
  const doc = readXml(ctx.body, {
    name: "CompleteMultipartUpload",
    children: [{ name: "Part", required: true, many: true, children: [{ name: "PartNumber", required: true }, { name: "ETag", required: true }] }],
  });
  const parts = objs(doc.Part).map((p) => ({ n: Number(text(p.PartNumber)), etag: (text(p.ETag) ?? "").replace(/"/g, "") }));
  const bodies: Buffer[] = [];
  const md5s: Buffer[] = [];
  parts.forEach((p, i) => {
    if (i > 0 && p.n <= parts[i - 1].n) throw new CosError(400, "InvalidPartOrder", "The list of parts was not in ascending order.");
    // "400 InvalidPart is returned if the numbers of uploaded parts are discontinuous" (002:L2983).
    if (p.n !== (i === 0 ? 1 : parts[i - 1].n + 1)) throw new CosError(400, "InvalidPart", `Part numbers must be continuous from 1; got ${p.n} after ${i === 0 ? "none" : parts[i - 1].n}.`);
    const stored = u.parts.get(p.n);
    if (!stored || stored.etag.replace(/"/g, "") !== p.etag) throw new CosError(400, "InvalidPart", `Part ${p.n} was not found or its ETag does not match.`);
    if (i < parts.length - 1 && stored.body.length < MIN_PART_SIZE) throw new CosError(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.");
    bodies.push(stored.body);
    md5s.push(Buffer.from(p.etag, "hex"));
  });
  const body = Buffer.concat(bodies);
  const etag = `"${createHash("md5").update(Buffer.concat(md5s)).digest("hex")}-${parts.length}"`;
  const v = putVersion(b, u.key, {
    deleteMarker: false,
    body,
    etag,
    lastModified: isoNow(ctx),
    contentType: u.contentType,
    storageClass: u.storageClass,
    ownerUin: u.ownerUin,
    headers: u.headers,
    ...(u.tagging !== undefined ? { tagging: u.tagging } : {}),
    ...(u.acl !== undefined ? { acl: u.acl } : {}),
    ...(u.grants !== undefined ? { grants: u.grants } : {}),
    crc64: crc64ecma(body),
  });
  b.uploads.delete(u.uploadId);
  const headers: Record<string, string> = { "x-cos-hash-crc64ecma": v.crc64, ...sseOf(u.headers) };
  if (b.configs.versioning?.value === "Enabled") headers["x-cos-version-id"] = v.versionId;
  const res = xml("CompleteMultipartUploadResult", { Location: `${b.name}.cos.${b.region}.myqcloud.com/${u.key}`, Bucket: b.name, Key: u.key, ETag: etag });
  return { ...res, headers };
}

/** DELETE /<Key>?uploadId= — Abort; 204 (digest §5.10 decision), unknown id → 404 NoSuchUpload. */
export function abortMultipartUpload(ctx: Ctx): CosResponse {
  const b = bucketForWrite(ctx);
  b.uploads.delete(upload(ctx, b).uploadId);
  return empty(204);
}

/** GET /?uploads — List Multipart Uploads. */
export function listMultipartUploads(ctx: Ctx): CosResponse {
  const b = ownedBucket(ctx);
  const prefix = param(ctx, "prefix") ?? "";
  const delimiter = param(ctx, "delimiter") ?? "";
  const keyMarker = param(ctx, "key-marker") ?? "";
  // upload-id-marker is ignored without key-marker (003:L53381-53409).
  const idMarker = keyMarker === "" ? "" : (param(ctx, "upload-id-marker") ?? "");
  const max = maxParam(ctx, "max-uploads");
  const { enc, type } = encoder(ctx);
  const all = [...b.uploads.values()]
    .filter((u) => u.key.startsWith(prefix))
    .sort((x, y) => compareUtf8(x.key, y.key) || (x.uploadId < y.uploadId ? -1 : x.uploadId > y.uploadId ? 1 : 0))
    .filter((u) => {
      const c = compareUtf8(u.key, keyMarker);
      return keyMarker === "" || c > 0 || (c === 0 && idMarker !== "" && u.uploadId > idMarker);
    });
  const uploads: PlainObject[] = [];
  const prefixes: string[] = [];
  let truncated = false;
  let nextKey = "";
  let nextId = "";
  for (const u of all) {
    const j = delimiter === "" ? -1 : u.key.indexOf(delimiter, prefix.length);
    const cp = j < 0 ? undefined : u.key.slice(0, j + delimiter.length);
    if (cp !== undefined && (cp === prefixes[prefixes.length - 1] || compareUtf8(cp, keyMarker) <= 0)) continue;
    if (uploads.length + prefixes.length >= max) {
      truncated = true;
      break;
    }
    if (cp !== undefined) {
      prefixes.push(cp);
      [nextKey, nextId] = [cp, ""];
      continue;
    }
    uploads.push({ Key: enc(u.key), UploadId: u.uploadId, StorageClass: u.storageClass, Initiator: ownerXml(u.ownerUin), Owner: ownerXml(u.ownerUin), Initiated: u.initiated });
    [nextKey, nextId] = [u.key, u.uploadId];
  }
  const out: PlainObject = { Bucket: b.name };
  if (type) out["Encoding-Type"] = type;
  Object.assign(out, { KeyMarker: enc(keyMarker), UploadIdMarker: idMarker });
  if (truncated) Object.assign(out, { NextKeyMarker: enc(nextKey), NextUploadIdMarker: nextId });
  Object.assign(out, { MaxUploads: String(max), IsTruncated: String(truncated), Prefix: enc(prefix), Delimiter: enc(delimiter) });
  if (uploads.length) out.Upload = uploads;
  if (prefixes.length) out.CommonPrefixes = prefixes.map((p) => ({ Prefix: enc(p) }));
  return xml("ListMultipartUploadsResult", out);
}
