/**
 * GET Bucket (List Objects, digest §5.5) and GET ?versions (List Object Versions, §5.6): UTF-8 byte
 * order, prefix/delimiter roll-up, max-keys ≤ 1000, marker paging, `encoding-type=url`.
 */
import { cosEncode } from "../auth";
import { type Ctx, type CosResponse, ownedBucket, param, xml } from "../context";
import { invalidArgument } from "../errors";
import { searchKeys, shownVersionId } from "../objectStore";
import { compareUtf8 } from "../state";
import type { ObjectVersion } from "../types";
import type { PlainObject } from "../xml";
import { bucketForRead } from "./acl";
import { ownerXml } from "./objects";

/** Parses max-keys / max-uploads: default and cap 1000 (003:L124725-124727). */
export function maxParam(ctx: Ctx, name: string): number {
  const raw = param(ctx, name);
  if (raw === undefined || raw === "") return 1000;
  if (!/^\d+$/.test(raw)) throw invalidArgument(`${name} must be a non-negative integer.`);
  return Math.min(Number(raw), 1000);
}

/** Encoder for `encoding-type=url` (the only allowed value). */
export function encoder(ctx: Ctx): { enc: (s: string) => string; type?: string } {
  const type = param(ctx, "encoding-type");
  if (type === undefined) return { enc: (s) => s };
  if (type !== "url") throw invalidArgument("encoding-type must be url.");
  return { enc: cosEncode, type };
}

/** Common prefix of `key` under `prefix`/`delimiter`, if the key rolls up. */
function rollUp(key: string, prefix: string, delimiter: string): string | undefined {
  if (delimiter === "") return undefined;
  const j = key.indexOf(delimiter, prefix.length);
  return j < 0 ? undefined : key.slice(0, j + delimiter.length);
}

function startIndex(keys: string[], prefix: string, marker: string, inclusive: boolean): number {
  const afterMarker = marker === "" ? 0 : searchKeys(keys, marker, !inclusive, compareUtf8);
  return Math.max(afterMarker, searchKeys(keys, prefix, false, compareUtf8));
}

/** GET Bucket (List Objects): current, non-deleted objects only. */
export function listObjects(ctx: Ctx): CosResponse {
  const b = bucketForRead(ctx);
  const prefix = param(ctx, "prefix") ?? "";
  const delimiter = param(ctx, "delimiter") ?? "";
  const marker = param(ctx, "marker") ?? "";
  const maxKeys = maxParam(ctx, "max-keys");
  const { enc, type } = encoder(ctx);
  const keys = ctx.state.sortedKeys(b);
  const contents: PlainObject[] = [];
  const prefixes: string[] = [];
  let truncated = false;
  let last = "";
  for (let i = startIndex(keys, prefix, marker, false); i < keys.length; i++) {
    const key = keys[i];
    if (!key.startsWith(prefix)) break;
    const v = (b.objects.get(key) ?? [])[0];
    if (!v || v.deleteMarker) continue;
    const cp = rollUp(key, prefix, delimiter);
    if (cp !== undefined && (cp === prefixes[prefixes.length - 1] || compareUtf8(cp, marker) <= 0)) continue;
    if (contents.length + prefixes.length >= maxKeys) {
      truncated = true;
      break;
    }
    if (cp !== undefined) prefixes.push(cp);
    else contents.push(objectEntry(key, v, enc));
    last = cp ?? key;
  }
  const out: PlainObject = { Name: b.name };
  if (type) out["Encoding-Type"] = type;
  Object.assign(out, { Prefix: enc(prefix), Marker: enc(marker), MaxKeys: String(maxKeys) });
  if (param(ctx, "delimiter") !== undefined) out.Delimiter = enc(delimiter);
  out.IsTruncated = String(truncated);
  // NextMarker only when truncated (digest §5.5 decision).
  if (truncated) out.NextMarker = enc(last);
  if (contents.length) out.Contents = contents;
  if (prefixes.length) out.CommonPrefixes = prefixes.map((p) => ({ Prefix: enc(p) }));
  return xml("ListBucketResult", out);
}

function objectEntry(key: string, v: ObjectVersion, enc: (s: string) => string): PlainObject {
  return { Key: enc(key), LastModified: v.lastModified, ETag: v.etag, Size: String(v.body.length), Owner: ownerXml(v.ownerUin), StorageClass: v.storageClass };
}

/** GET ?versions (List Object Versions); max-keys counts prefixes, versions and delete markers together. */
export function listObjectVersions(ctx: Ctx): CosResponse {
  const b = ownedBucket(ctx);
  const prefix = param(ctx, "prefix") ?? "";
  const delimiter = param(ctx, "delimiter") ?? "";
  const keyMarker = param(ctx, "key-marker") ?? "";
  const vidMarker = keyMarker === "" ? "" : (param(ctx, "version-id-marker") ?? "");
  const maxKeys = maxParam(ctx, "max-keys");
  const { enc, type } = encoder(ctx);
  const keys = ctx.state.sortedKeys(b);
  const versions: PlainObject[] = [];
  const markers: PlainObject[] = [];
  const prefixes: string[] = [];
  let count = 0;
  let truncated = false;
  let nextKey = "";
  let nextVid = "";
  outer: for (let i = startIndex(keys, prefix, keyMarker, vidMarker !== ""); i < keys.length; i++) {
    const key = keys[i];
    if (!key.startsWith(prefix)) break;
    const cp = rollUp(key, prefix, delimiter);
    if (cp !== undefined) {
      if (cp === prefixes[prefixes.length - 1] || compareUtf8(cp, keyMarker) <= 0) continue;
      if (count >= maxKeys) {
        truncated = true;
        break;
      }
      prefixes.push(cp);
      count++;
      [nextKey, nextVid] = [cp, ""];
      continue;
    }
    const list = b.objects.get(key) ?? [];
    let j = 0;
    if (key === keyMarker && vidMarker !== "") j = list.findIndex((v) => v.versionId === vidMarker) + 1;
    for (; j < list.length; j++) {
      if (count >= maxKeys) {
        truncated = true;
        break outer;
      }
      const v = list[j];
      const id = shownVersionId(b, v);
      const common = { Key: enc(key), VersionId: id, IsLatest: String(j === 0), LastModified: v.lastModified };
      if (v.deleteMarker) markers.push({ ...common, Owner: ownerXml(v.ownerUin) });
      else versions.push({ ...common, ETag: v.etag, Size: String(v.body.length), StorageClass: v.storageClass, Owner: ownerXml(v.ownerUin) });
      count++;
      [nextKey, nextVid] = [key, id];
    }
  }
  const out: PlainObject = {};
  if (type) out.EncodingType = type;
  Object.assign(out, { Name: b.name, Prefix: enc(prefix), KeyMarker: enc(keyMarker), VersionIdMarker: vidMarker, MaxKeys: String(maxKeys) });
  if (param(ctx, "delimiter") !== undefined) out.Delimiter = enc(delimiter);
  out.IsTruncated = String(truncated);
  if (truncated) Object.assign(out, { NextKeyMarker: enc(nextKey), NextVersionIdMarker: nextVid });
  if (prefixes.length) out.CommonPrefixes = prefixes.map((p) => ({ Prefix: enc(p) }));
  if (versions.length) out.Version = versions;
  if (markers.length) out.DeleteMarker = markers;
  return xml("ListVersionsResult", out);
}
