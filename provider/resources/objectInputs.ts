/**
 * The inputs of a BucketObject: where its bytes come from (a string, base64, a file path or a Pulumi asset), its
 * HTTP headers, and the content hash computed at check time that the diff compares.
 * @internal
 * @packageDocumentation
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { keyAddressesBucket, validateBucketName } from "../cos/endpoint";
import { isUnknown } from "../common/unknowns";
import { Checker, compact, type Obj } from "../common/validate";
import { checkRegion } from "../config";
import { hashBytes, hashFile, type ObjectSource } from "./objectUpload";
import { isOwnerKey } from "./ownership";

/** Storage classes an upload may name (x-cos-storage-class, digest §5.11; C24: upper case is canonical). */
export const OBJECT_STORAGE_CLASSES = ["STANDARD", "STANDARD_IA", "ARCHIVE", "DEEP_ARCHIVE", "INTELLIGENT_TIERING", "MAZ_STANDARD", "MAZ_STANDARD_IA", "MAZ_INTELLIGENT_TIERING"] as const;
/** Canned object ACLs; `default` inherits the bucket's (002 PUT Object acl). */
export const OBJECT_ACLS = ["default", "private", "public-read"] as const;
/** The user-metadata key the provider keeps the content's sha256 in, so drift and adoption are decided by content. */
export const HASH_META = "x-cos-meta-tencentcos-sha256";
/**
 * The user-metadata key holding the mark of the resource that uploaded the object (its owner key): BucketObject's and
 * SyncedFolder's deletes check it ({@link isOwnUpload}).
 */
export const MARK_META = "x-cos-meta-tencentcos-upload";
/** Longest object key COS accepts, in UTF-8 bytes (KeyTooLong, 002:L4486). */
export const MAX_KEY_BYTES = 850;

/**
 * Whether a delete may remove an object whose live upload mark is `live`, for a resource whose state holds `mine`:
 * unmarked (an older version of this package, or rewritten out of band) or marked by this very resource. An object
 * another resource uploaded since (a rename without an alias, another stack, the other synced-folder mode) is not.
 */
export const isOwnUpload = (live: string | undefined, mine: unknown): boolean => live === undefined || live === mine;
const RESERVED_META = "tencentcos-";
/** The headers of the provider's own metadata (`x-cos-meta-tencentcos-*`): never user metadata. */
export const RESERVED_META_HEADER = `x-cos-meta-${RESERVED_META}`;
/** Entity headers are sent as HTTP header values: printable ASCII (undici refuses other characters before sending). */
export const HEADER_VALUE = {
  minLength: 1, pattern: /^[\x20-\x7e]*$/, rule: "must be printable ASCII (it is sent as an HTTP header; encode a non-ASCII file name as filename*=UTF-8''…)",
  check: (v: string) => trimProblem(v),
};
/** HTTP trims the whitespace around a header value (RFC 9110 §5.5): COS would store another value, which never converges. */
function trimProblem(v: string): string | undefined {
  return v !== v.trim() ? "must not start or end with whitespace (HTTP trims header values, so COS would store another value and every refresh would show drift)" : undefined;
}

/** Pulumi's wire signature of an asset in a property bag (sdk/nodejs/runtime/rpc.ts specialSigKey / specialAssetSig). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";

/** The properties a BucketObject compares (besides bucket, region and key, which replace it). */
export const COMPARED = ["sourceHash", "contentType", "cacheControl", "contentDisposition", "contentEncoding", "storageClass", "acl", "metadata", "tags"] as const;

/**
 * An asset as the dynamic provider receives it. The provider host hands over the raw property struct, so an asset is
 * a plain object `{ [SIG_KEY]: ASSET_SIG, path | text | uri }`; in-process callers (tests, mocks) may pass the
 * `FileAsset`/`StringAsset` instance itself, whose fields are promises.
 */
async function assetOf(v: unknown): Promise<{ path?: string; text?: string; uri?: string } | undefined> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
  const o = v as Obj;
  const isWire = o[SIG_KEY] === ASSET_SIG;
  const isInstance = "__pulumiAsset" in o || ["path", "text", "uri"].some((k) => o[k] instanceof Promise);
  if (!isWire && !isInstance) return undefined;
  const [path, text, uri] = await Promise.all([o.path, o.text, o.uri]);
  return compact({ path: typeof path === "string" ? path : undefined, text: typeof text === "string" ? text : undefined, uri: typeof uri === "string" ? uri : undefined });
}

let mimeLookup: typeof import("mime-types").lookup | undefined;

/**
 * Content type from the key's extension (the jshttp mime-db table), `application/octet-stream` when unknown. The
 * table (≈ 13 ms to load) is loaded with the first object, not with the provider: a provider process that manages
 * no BucketObject or SyncedFolder never pays for it (issue 15).
 */
export function contentTypeFor(key: string): string {
  mimeLookup ??= (require("mime-types") as typeof import("mime-types")).lookup;
  const t = mimeLookup(key);
  return t === false ? "application/octet-stream" : t;
}

/** Where the bytes of validated inputs come from. */
export function sourceOf(inputs: Obj): ObjectSource {
  if (typeof inputs.source === "string") return { kind: "file", path: resolve(inputs.source) };
  if (typeof inputs.contentBase64 === "string") return { kind: "bytes", data: Buffer.from(inputs.contentBase64, "base64") };
  return { kind: "bytes", data: Buffer.from((inputs.content as string | undefined) ?? "", "utf8") };
}

function metadata(c: Checker, raw: unknown): Record<string, string> | undefined {
  const m = c.stringMap("metadata", raw, {
    key: (k) =>
      !/^[a-z0-9][a-z0-9-]*$/.test(k) ? "must be lower-case letters, digits and - (it is sent as the header x-cos-meta-<key>)"
        : k.startsWith(RESERVED_META) ? `keys starting with ${RESERVED_META} are reserved by this provider` : undefined,
    value: (v) => (/^[\x20-\x7e]*$/.test(v) ? trimProblem(v) : "must be printable ASCII (an HTTP header value)"),
  });
  if (m && !isUnknown(m)) {
    const size = Object.entries(m).reduce((n, [k, v]) => n + "x-cos-meta-".length + k.length + v.length, 0);
    if (size > 2048) c.fail("metadata", `comes to ${size} bytes of x-cos-meta-* headers; COS allows 2 KB (002:L4649)`);
  }
  return m;
}

/**
 * The hash of the file `source` names: the one `olds` recorded when it is the same path with the same size and
 * mtime (so a preview of an unchanged 1 GiB file reads none of it), else the file is hashed (streamed). As for
 * SyncedFolder, content rewritten to the same size with its mtime restored (`touch -r`) goes unseen until the mtime
 * changes: that is the user's risk. A fresh checkout gives files fresh mtimes, so it hashes once and finds the same
 * hash: no diff.
 */
async function fileHash(path: string, olds: Obj): Promise<{ sourceHash: string; size: number; mtimeMs: number } | undefined> {
  const full = resolve(path);
  const st = await stat(full);
  if (!st.isFile()) return undefined;
  const reuse = olds.source === path && olds.size === st.size && olds.mtimeMs === st.mtimeMs && typeof olds.sourceHash === "string" && /^[0-9a-f]{64}$/.test(olds.sourceHash);
  if (reuse) return { sourceHash: olds.sourceHash as string, size: st.size, mtimeMs: st.mtimeMs };
  const h = await hashFile(full);
  return { sourceHash: h.sha256, size: h.size, mtimeMs: st.mtimeMs };
}

/**
 * Validates and canonicalises BucketObject inputs and computes `sourceHash` (sha256 hex of the content) and `size`,
 * plus `mtimeMs` for a file (what {@link fileHash} compares next time; `olds` are the previous inputs).
 * Asynchronous because a file is hashed (streamed); never throws: problems are failures naming the property.
 */
export async function normalizeObject(raw: Obj, olds: Obj = {}): Promise<{ inputs: Obj; failures: Checker["failures"] }> {
  const c = new Checker();
  const bucket = c.string("bucket", raw.bucket, { required: true, check: validateBucketName });
  const region = checkRegion(c, raw.region);
  const key = c.string("key", raw.key, {
    required: true, minLength: 1, pattern: /^[^/]/, rule: "must not start with / (an object key such as img/logo.png)",
    check: (k) =>
      Buffer.byteLength(k) > MAX_KEY_BYTES ? `must be at most ${MAX_KEY_BYTES} bytes (COS KeyTooLong)`
        : keyAddressesBucket(k) ? "must name an object: made only of `.`, `..` and empty segments, its path resolves to the bucket itself" : undefined,
  });
  let content: unknown = raw.content;
  let source: unknown = raw.source;
  for (const [prop, v] of [["source", raw.source], ["content", raw.content]] as const) {
    const asset = await assetOf(v);
    if (!asset) continue;
    if (asset.text !== undefined) [content, source] = [asset.text, prop === "source" ? undefined : source];
    else if (asset.path !== undefined) [source, content] = [asset.path, prop === "content" ? undefined : content];
    else c.fail(prop, `a RemoteAsset (${asset.uri ?? "uri"}) is not supported: download it, then give its path or a FileAsset`);
  }
  const given = { content, contentBase64: raw.contentBase64, source };
  c.exclusive("content", given as Obj, ["content", "contentBase64", "source"], true);
  const contentStr = c.string("content", content);
  const b64 = c.string("contentBase64", raw.contentBase64, { pattern: /^[A-Za-z0-9+/]*={0,2}$/, rule: "must be base64" });
  const path = c.string("source", source, { minLength: 1 });
  const ct = c.string("contentType", raw.contentType, HEADER_VALUE);
  const out: Obj = compact({
    bucket, region, key, content: contentStr, contentBase64: b64, source: path,
    contentType: ct ?? (typeof key === "string" && !isUnknown(key) ? contentTypeFor(key) : undefined),
    cacheControl: c.string("cacheControl", raw.cacheControl, HEADER_VALUE),
    contentDisposition: c.string("contentDisposition", raw.contentDisposition, HEADER_VALUE),
    contentEncoding: c.string("contentEncoding", raw.contentEncoding, HEADER_VALUE),
    storageClass: c.string("storageClass", raw.storageClass, { oneOf: OBJECT_STORAGE_CLASSES, ignoreCase: true }) ?? "STANDARD",
    acl: c.string("acl", raw.acl, { oneOf: OBJECT_ACLS }),
    metadata: metadata(c, raw.metadata) ?? {},
    tags: c.stringMap("tags", raw.tags, {
      maxEntries: 10,
      key: (k) => (k.length < 1 || k.length > 128 ? "tag keys are 1–128 characters" : undefined),
      value: (v) => (v.length > 256 ? "tag values are at most 256 characters" : undefined),
    }) ?? {},
    adopt: c.bool("adopt", raw.adopt),
    // The sdk's hidden owner key: the mark every upload writes (x-cos-meta-tencentcos-upload), never compared by diff.
    ownerKey: isOwnerKey(raw.ownerKey) ? raw.ownerKey : undefined,
    partSizeBytes: c.int("partSizeBytes", raw.partSizeBytes, { min: 1024 * 1024, max: 5 * 1024 ** 3 }),
  });
  if (c.failures.length === 0 && ![contentStr, b64, path].some(isUnknown)) {
    try {
      if (path !== undefined) {
        const h = await fileHash(path, olds);
        if (!h) c.fail("source", `${path} is not a regular file`);
        else Object.assign(out, h);
      } else {
        const data = sourceOf(out).kind === "bytes" ? (sourceOf(out) as { data: Buffer }).data : Buffer.alloc(0);
        Object.assign(out, { sourceHash: hashBytes(data), size: data.length });
      }
    } catch (e) {
      c.fail("source", `cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)} (${String(path)}, relative to ${process.cwd()})`);
    }
  }
  return { inputs: out, failures: c.failures };
}
