/**
 * Hosts, bucket/region validation and the endpoint override (digest §2).
 * @packageDocumentation
 */
import { encodeKeyPath } from "./canonical";
import { CosValidationError } from "./errors";

/** Bucket + region of a request; `bucket` is the full `<name>-<appid>`. */
export interface BucketLocation {
  bucket: string;
  region: string;
}

/** Full bucket name: lowercase letters, digits, inner hyphens, then `-<appid>` (digest §2.1 decision). */
export const BUCKET_NAME_RE = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?-[0-9]+$/;
/** Maximum length of the full `<name>-<appid>` (digest §2.1, not in seeds). */
export const BUCKET_NAME_MAX = 60;
/** Region ids such as `ap-guangzhou`, `ap-beijing-1`, `eu-frankfurt` (digest §2.2 — no hard-coded list). */
export const REGION_RE = /^[a-z]{2}-[a-z]+(-[a-z0-9]+)?$/;

/** Returns a problem description for an invalid full bucket name, or `undefined` when it is valid. */
export function validateBucketName(name: string): string | undefined {
  if (typeof name !== "string" || name === "") return "bucket name must be a non-empty string";
  if (name.length > BUCKET_NAME_MAX) {
    return `bucket name "${name}" is ${name.length} characters; the full <name>-<appid> may have at most ${BUCKET_NAME_MAX}`;
  }
  if (/[A-Z]/.test(name)) return `bucket name "${name}" must be lowercase (COS silently lowercases, causing endless diffs)`;
  if (!BUCKET_NAME_RE.test(name)) {
    return `bucket name "${name}" must look like <name>-<appid>: lowercase letters, digits and inner hyphens, then a hyphen and the numeric APPID`;
  }
  return undefined;
}

/** Returns a problem description for an invalid region id, or `undefined` when it is valid. */
export function validateRegion(region: string): string | undefined {
  if (typeof region !== "string" || !REGION_RE.test(region)) {
    return `region "${String(region)}" is not a COS region id like "ap-guangzhou" or "ap-beijing-1"`;
  }
  return undefined;
}

/**
 * True when an object key's path is the bucket itself once dot segments and empty segments are resolved: `""`, `.`,
 * `..`, `a/..`, `./`, `/`. URL normalisation (RFC 3986 §5.2.4; any WHATWG URL parser) and COS turn such a path into
 * `/`, so the object call would become the bucket call of the same method — DELETE Object into DELETE Bucket, GET
 * Object into GET Bucket (the official SDK refuses these keys for the same reason: `ObjectKeySimplifyCheck`,
 * `simplifyPath(key) === "/"`).
 */
export function keyAddressesBucket(key: string): boolean {
  let depth = 0;
  for (const segment of key.split("/")) {
    if (segment === "..") depth = Math.max(0, depth - 1);
    else if (segment !== "" && segment !== ".") depth++;
  }
  return depth === 0;
}

/** Throws {@link CosValidationError} for an object key that would address the bucket itself ({@link keyAddressesBucket}). */
export function assertObjectKey(key: string): void {
  if (keyAddressesBucket(key)) {
    throw new CosValidationError(`object key ${JSON.stringify(key)} is not usable: its path resolves to the bucket itself, so COS would take the call for a bucket call`);
  }
}

/** Throws {@link CosValidationError} unless both bucket and region are valid. */
export function assertLocation(loc: BucketLocation): void {
  const problem = validateBucketName(loc.bucket) ?? validateRegion(loc.region);
  if (problem) throw new CosValidationError(problem);
}

/** Virtual-hosted bucket host `<bucket>.cos.<region>.myqcloud.com`. */
export function bucketHost(bucket: string, region: string): string {
  return `${bucket}.cos.${region}.myqcloud.com`;
}

/** GET Service host: all regions, or one region (digest §2.3). */
export function serviceHost(region?: string): string {
  return region ? `cos.${region}.myqcloud.com` : "service.cos.myqcloud.com";
}

/** Where a request goes: the socket `origin`, the `host` header that is sent and signed, and the paths. */
export interface Target {
  origin: string;
  host: string;
  /** Percent-encoded path for the request line. */
  wirePath: string;
  /** Decoded path, the signature's HttpURI. */
  signPath: string;
}

/**
 * Returns a problem description for an endpoint override that is not `http(s)://host[:port]`, or `undefined`. Only
 * the origin of the override is used ({@link resolveTarget}), so anything else it holds — a path, a query, user
 * info — would be dropped without a word, and a value without a scheme fails every call with a bare "Invalid URL".
 */
export function validateEndpoint(endpoint: string): string | undefined {
  const want = "must be http://host[:port] or https://host[:port], e.g. http://127.0.0.1:9000";
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return `${want}, got ${JSON.stringify(endpoint)}`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `${want}, got ${JSON.stringify(endpoint)}`;
  if (url.username || url.password) return `${want}: user info is not supported`;
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
    return `${want}: only the scheme, host and port are used (requests always go to the COS path), got ${JSON.stringify(endpoint)}`;
  }
  return undefined;
}

/** Options deciding the target of a request. */
export interface TargetOptions {
  endpoint?: string;
  forcePathStyle?: boolean;
}

let lastEndpoint: { endpoint: string; origin: string } | undefined;
/** `new URL(endpoint).origin`, remembered for the last endpoint (a client sends every request to the same one). */
function endpointOrigin(endpoint: string): string {
  if (lastEndpoint?.endpoint !== endpoint) lastEndpoint = { endpoint, origin: new URL(endpoint).origin };
  return lastEndpoint.origin;
}

/**
 * Resolves a request target. The `endpoint` override changes only where the socket connects; the Host header
 * stays the COS host, so a local server can route by Host exactly like COS (digest §2.3 decision).
 * Path style puts the bucket in the path and in the signed HttpURI (`/<bucket>/<key>`).
 */
export function resolveTarget(
  loc: BucketLocation | undefined,
  key: string,
  opts: TargetOptions,
  serviceRegion?: string,
): Target {
  const pathStyle = !!(opts.forcePathStyle && loc);
  const host = loc ? (pathStyle ? serviceHost(loc.region) : bucketHost(loc.bucket, loc.region)) : serviceHost(serviceRegion);
  const rel = pathStyle && loc ? `${loc.bucket}/${key}` : key;
  const signPath = `/${rel}`;
  const origin = opts.endpoint ? endpointOrigin(opts.endpoint) : `https://${host}`;
  return { origin, host, wirePath: `/${encodeKeyPath(rel)}`, signPath };
}
