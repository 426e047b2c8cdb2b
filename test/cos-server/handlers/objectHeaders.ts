/**
 * Headers of an upload and of an object read, as COS treats them (seed 002 PUT Object / GET Object):
 * entity headers and `x-cos-meta-*` kept with the name's case as sent, Content-Type derived from the key's
 * extension when none is sent, `x-cos-tagging` on upload, `x-cos-server-side-encryption` echoed, and the
 * `response-*` overrides of GET Object.
 */
import { lookup } from "mime-types";
import { type Ctx, header } from "../context";
import { CosError, invalidArgument } from "../errors";
import type { BucketRecord } from "../types";
import type { PlainObject } from "../xml";

const ENTITY_HEADERS = ["cache-control", "content-disposition", "content-encoding", "content-language", "expires"];
/** SSE-COS and SSE-KMS values of `x-cos-server-side-encryption` (SM4 is COS's national-standard cipher). */
const SSE_VALUES = ["AES256", "cos/kms", "SM4"];
/** Object tags per object (digest §5.24). */
const MAX_OBJECT_TAGS = 10;

/** Header names as the client spelled them (Node lower-cases `ctx.headers`; COS keeps the case of metadata names). */
function sentNames(ctx: Ctx): Map<string, string> {
  const names = new Map<string, string>();
  for (let i = 0; i < ctx.rawHeaders.length; i += 2) names.set(ctx.rawHeaders[i].toLowerCase(), ctx.rawHeaders[i]);
  return names;
}

/**
 * Entity headers, x-cos-meta-* and the SSE headers of an upload; user metadata ≤ 2 KB (002:L4649-4778).
 * `x-cos-meta-*` names keep their case as sent; standard entity headers are stored lower-case.
 */
export function uploadHeaders(ctx: Ctx, b: BucketRecord): Record<string, string> {
  const out: Record<string, string> = {};
  const names = sentNames(ctx);
  let metaSize = 0;
  for (const [k, v] of Object.entries(ctx.headers)) {
    if (typeof v !== "string") continue;
    if (k.startsWith("x-cos-meta-")) {
      metaSize += k.length + v.length;
      out[names.get(k) ?? k] = v;
    } else if (ENTITY_HEADERS.includes(k) && v !== "") out[k] = v;
  }
  if (metaSize > 2048) throw new CosError(400, "MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size (2 KB).");
  Object.assign(out, sseHeaders(ctx, b));
  return out;
}

/** `x-cos-server-side-encryption` as requested, or the bucket's default encryption (digest §5.20). */
function sseHeaders(ctx: Ctx, b: BucketRecord): Record<string, string> {
  const sse = header(ctx, "x-cos-server-side-encryption");
  if (sse !== undefined) {
    if (!SSE_VALUES.includes(sse)) throw invalidArgument(`x-cos-server-side-encryption must be one of ${SSE_VALUES.join(", ")}, not ${sse}.`);
    const out: Record<string, string> = { "x-cos-server-side-encryption": sse };
    const kmsKey = header(ctx, "x-cos-server-side-encryption-cos-kms-key-id");
    if (sse === "cos/kms" && kmsKey !== undefined) out["x-cos-server-side-encryption-cos-kms-key-id"] = kmsKey;
    return out;
  }
  const rule = b.configs.encryption?.value?.Rule as PlainObject | undefined;
  const algorithm = (rule?.ApplyServerSideEncryptionByDefault as PlainObject | undefined)?.SSEAlgorithm;
  if (algorithm === "AES256") return { "x-cos-server-side-encryption": "AES256" };
  if (algorithm === "KMS") return { "x-cos-server-side-encryption": "cos/kms" };
  return {};
}

/** Content-Type as sent; when absent or empty, the type of the key's extension (as COS does), else octet-stream. */
export function uploadContentType(ctx: Ctx, key: string): string {
  const sent = header(ctx, "content-type");
  if (sent !== undefined && sent.trim() !== "") return sent;
  return lookup(key) || "application/octet-stream";
}

/**
 * Tags of an upload's `x-cos-tagging` (`k1=v1&k2=v2`, values URL-encoded: 002 PUT Object), as a Tagging
 * document; undefined when the header is absent.
 */
export function taggingFromHeader(ctx: Ctx): PlainObject | undefined {
  const raw = header(ctx, "x-cos-tagging");
  if (raw === undefined || raw === "") return undefined;
  const tags: PlainObject[] = [];
  const seen = new Set<string>();
  for (const pair of raw.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
      value = eq < 0 ? "" : decodeURIComponent(pair.slice(eq + 1));
    } catch {
      throw invalidArgument("x-cos-tagging is not a valid URL-encoded tag list.");
    }
    if (key === "" || key.length > 128) throw invalidArgument(`Tag key "${key}" must be 1 to 128 characters.`);
    if (value.length > 256) throw invalidArgument(`Tag value for "${key}" must be at most 256 characters.`);
    if (seen.has(key)) throw invalidArgument(`Duplicate tag key "${key}".`);
    seen.add(key);
    tags.push({ Key: key, Value: value });
  }
  if (tags.length > MAX_OBJECT_TAGS) throw invalidArgument(`At most ${MAX_OBJECT_TAGS} tags are allowed.`);
  return { TagSet: tags.length ? { Tag: tags } : "" };
}

/** Number of tags of an object, for `x-cos-tagging-count` (absent when the object has none). */
export function taggingCount(tagging: PlainObject | undefined): number {
  const set = tagging?.TagSet;
  const tag = typeof set === "object" && !Array.isArray(set) ? set.Tag : undefined;
  return Array.isArray(tag) ? tag.length : tag !== undefined ? 1 : 0;
}

/** GET Object `response-*` parameters and the header each one overrides (002 GET Object request parameters). */
const RESPONSE_OVERRIDES: [string, string][] = [
  ["response-content-type", "Content-Type"],
  ["response-content-language", "Content-Language"],
  ["response-expires", "Expires"],
  ["response-cache-control", "Cache-Control"],
  ["response-content-disposition", "Content-Disposition"],
  ["response-content-encoding", "Content-Encoding"],
];

/**
 * Applies the `response-*` overrides of a GET Object to the response headers; returns the Content-Type to
 * send. Stored lower-case names are replaced so that a header is never sent twice.
 */
export function applyResponseOverrides(ctx: Ctx, headers: Record<string, string>, contentType: string): string {
  if (ctx.method !== "GET") return contentType;
  let type = contentType;
  for (const [param, name] of RESPONSE_OVERRIDES) {
    const value = ctx.route.query.find((p) => p.name === param)?.value;
    if (value === undefined) continue;
    if (name === "Content-Type") {
      type = value;
      continue;
    }
    delete headers[name.toLowerCase()];
    headers[name] = value;
  }
  return type;
}
