/**
 * Lookup functions (issue 13/14): `getBucket` and `getBuckets`. They live once here; the sdk calls them in the
 * program process and the native provider serves them through Invoke (`tencentcos:index:<name>`, see
 * native/invoke.ts). Arguments are checked before any API call; results never carry credentials and never
 * carry our `tencentcos:owner:*` ownership marks (they are bookkeeping, not user tags).
 * @packageDocumentation
 */
import { providerClient, defaultRegion } from "./config";
import { bucketHost, validateBucketName, validateRegion } from "./cos/endpoint";
import { CosServiceError, isCosServiceError } from "./cos/errors";
import type { AccessControlPolicy } from "./cos/operations/acl";
import { tagMap, userTags } from "./common/tags";

/** A bad argument of a lookup function, named by its path and rule; thrown before any API call. */
export class FunctionArgumentError extends Error {
  constructor(readonly fn: string, readonly property: string, rule: string) {
    super(`${fn}: ${property} ${rule}`);
    this.name = "FunctionArgumentError";
  }
}

/** The bucket a lookup found. */
export interface BucketLookup {
  /** Full bucket name `<name>-<appid>`. */
  bucket: string;
  /** The region the bucket is in. */
  region: string;
  /** The bucket's access control policy: its owner and grants (a canned ACL shows as its grants). */
  acl: AccessControlPolicy;
  /** `Enabled`, `Suspended`, or `Disabled` (never configured). */
  versioning: "Enabled" | "Suspended" | "Disabled";
  /** User tags, without the provider's ownership marks. */
  tags: Record<string, string>;
  /** The bucket's COS host, `<bucket>.cos.<region>.myqcloud.com`. */
  bucketDomain: string;
  /** `https://` and the bucket domain. */
  url: string;
  /** The static-website host, `<bucket>.cos-website.<region>.myqcloud.com`. */
  websiteEndpoint: string;
}

/** One bucket of a {@link getBuckets} listing. */
export interface BucketSummaryLookup {
  /** Full bucket name `<name>-<appid>`. */
  bucket: string;
  /** The region the bucket is in. */
  region: string;
  /** When the bucket was created, as COS lists it. */
  creationDate: string;
}

type Obj = Record<string, unknown>;

function asObject(fn: string, args: unknown): Obj {
  if (args === undefined || args === null) return {};
  if (typeof args !== "object" || Array.isArray(args)) throw new FunctionArgumentError(fn, "args", "must be an object");
  return args as Obj;
}

function optString(fn: string, args: Obj, key: string, check?: (v: string) => string | undefined): string | undefined {
  const v = args[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new FunctionArgumentError(fn, key, `must be a string, got ${typeof v}`);
  const problem = check?.(v);
  if (problem) throw new FunctionArgumentError(fn, key, problem);
  return v;
}

function optTags(fn: string, args: Obj): Record<string, string> | undefined {
  const v = args.tags;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw new FunctionArgumentError(fn, "tags", "must be a map of string to string");
  for (const [k, val] of Object.entries(v as Obj)) {
    if (typeof val !== "string") throw new FunctionArgumentError(fn, `tags.${k}`, "must be a string");
  }
  return v as Record<string, string>;
}

/** Validates getBucket's arguments (exported for unit tests). @internal */
export function checkGetBucketArgs(raw: unknown): { bucket: string; region: string } {
  const args = asObject("getBucket", raw);
  const bucket = optString("getBucket", args, "bucket", validateBucketName);
  if (bucket === undefined) throw new FunctionArgumentError("getBucket", "bucket", "is required (the full name `<name>-<appid>`)");
  const region = optString("getBucket", args, "region", validateRegion) ?? defaultRegion();
  if (region === undefined) throw new FunctionArgumentError("getBucket", "region", "is required: pass it, or set the `tencentcloud:region` config (or TENCENTCLOUD_REGION)");
  const problem = validateRegion(region);
  if (problem) throw new FunctionArgumentError("getBucket", "region", problem);
  return { bucket, region };
}

/** Validates getBuckets' arguments (exported for unit tests). @internal */
export function checkGetBucketsArgs(raw: unknown): { prefix?: string; region?: string; tags?: Record<string, string> } {
  const args = asObject("getBuckets", raw);
  const prefix = optString("getBuckets", args, "prefix");
  const region = optString("getBuckets", args, "region", validateRegion);
  const tags = optTags("getBuckets", args);
  return { prefix, region, tags };
}

/** A missing bucket as a clear error, keeping the COS code and request id. */
function missing(e: unknown, bucket: string, region: string): never {
  if (isCosServiceError(e) && (e as CosServiceError).code === "NoSuchBucket") {
    const err = e as CosServiceError;
    throw new Error(`getBucket: bucket ${bucket} not found in ${region} (COS ${err.code}, request id ${err.requestId ?? "unknown"})`);
  }
  throw e;
}

/** Looks up one bucket: region, ACL, versioning, user tags and endpoints. */
export async function getBucket(raw: unknown): Promise<BucketLookup> {
  const { bucket, region } = checkGetBucketArgs(raw);
  const client = providerClient();
  const loc = { bucket, region };
  try {
    const acl = await client.getBucketAcl(loc);
    const [versioning, tags] = await Promise.all([client.getBucketVersioning(loc), client.getBucketTagging(loc)]);
    const domain = bucketHost(bucket, region);
    return {
      bucket, region, acl, versioning: versioning ?? "Disabled", tags: userTags(tagMap(tags ?? [])),
      bucketDomain: domain, url: `https://${domain}`, websiteEndpoint: `${bucket}.cos-website.${region}.myqcloud.com`,
    };
  } catch (e) {
    return missing(e, bucket, region);
  }
}

/** Lists the account's buckets, filtered by name prefix, region and (user) tags. */
export async function getBuckets(raw: unknown = {}): Promise<{ buckets: BucketSummaryLookup[] }> {
  const { prefix, region, tags } = checkGetBucketsArgs(raw);
  const client = providerClient();
  let list = (await client.getService(region ? { region } : {})).map((b) => ({ bucket: b.name, region: b.location, creationDate: b.creationDate }));
  if (region) list = list.filter((b) => b.region === region);
  if (prefix) list = list.filter((b) => b.bucket.startsWith(prefix));
  if (tags && Object.keys(tags).length) {
    const wanted = Object.entries(tags);
    const keep = await Promise.all(list.map(async (b) => {
      const have = userTags(tagMap((await client.getBucketTagging({ bucket: b.bucket, region: b.region })) ?? []));
      return wanted.every(([k, v]) => have[k] === v);
    }));
    list = list.filter((_, i) => keep[i]);
  }
  return { buckets: list };
}

/** Served by name (sdk and native Invoke). */
export const functions = {
  getBucket: (args: Obj) => getBucket(args) as unknown as Promise<Obj>,
  getBuckets: (args: Obj) => getBuckets(args) as unknown as Promise<Obj>,
};
