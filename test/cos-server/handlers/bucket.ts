/**
 * GET Service, PUT/HEAD/DELETE Bucket and GET Bucket location (digest §5.1–5.4, §5.23).
 */
import { type Ctx, type CosResponse, camId, empty, isoNow, ownedBucket, xml } from "../context";
import { CosError, accessDenied, invalidArgument } from "../errors";
import type { BucketRecord } from "../types";
import { buildXml, readXml, text } from "../xml";
import { aclFromHeaders, cannedAcl } from "./acl";
import { parseTagging } from "./tagging";

/** Max buckets per account (003:L83896-83897; 002:L268 TooManyBucket). */
/** Custom part: lowercase letters, digits, hyphens, no hyphen at either end; then `-<APPID>`; ≤ 60 chars (digest §2.1). */
const BUCKET_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?-(\d+)$/;
const REGION = /^[a-z]{2}-[a-z]+(?:-[a-z0-9]+)?$/;

/** GET Service: the caller's buckets, region-filtered on `cos.<region>.…` hosts (003:L37465-37480). */
export function getService(ctx: Ctx): CosResponse {
  const caller = ctx.caller;
  if (!caller) throw accessDenied();
  const region = ctx.route.target.kind === "service" ? ctx.route.target.region : undefined;
  const now = Date.now();
  const buckets = ctx.state
    .listBuckets(caller.appId)
    .filter((b) => (region === undefined || b.region === region) && (b.hiddenUntil === undefined || b.hiddenUntil <= now))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  return xml("ListAllMyBucketsResult", {
    Owner: { ID: camId(caller.ownerUin), DisplayName: caller.ownerUin },
    Buckets: { Bucket: buckets.map((b) => ({ Name: b.name, Location: b.region, CreationDate: b.creationDate })) },
  });
}

/** PUT Bucket. */
export function putBucket(ctx: Ctx): CosResponse {
  const caller = ctx.caller;
  if (!caller) throw accessDenied();
  const name = ctx.bucketName;
  const m = BUCKET_NAME.exec(name);
  if (!m || name.length > 60) throw new CosError(400, "InvalidBucketName", "The specified bucket is not valid.");
  if (m[1] !== caller.appId) throw accessDenied("The APPID in the bucket name does not belong to the caller.");
  const region = (ctx.route.target.kind === "bucket" ? ctx.route.target.region : undefined) ?? ctx.defaultRegion;
  if (!REGION.test(region)) throw invalidArgument(`Invalid region ${region}.`);
  const existing = ctx.state.getBucket(name);
  if (existing) {
    // The seeds document only BucketAlreadyExists 409 (002:L287), for any owner; we keep that code for both
    // cases (digest §5.2 [DECISION]) so clients built from the digest see one code, and say which case it is.
    const mine = existing.appId === caller.appId;
    throw new CosError(409, "BucketAlreadyExists", mine ? "The requested bucket name is already owned by you." : "The requested bucket name is not available.");
  }
  if (ctx.state.listBuckets(caller.appId).length >= ctx.state.maxBucketsPerAccount) {
    throw new CosError(400, "TooManyBucket", `The number of Buckets exceeded the limit (${ctx.state.maxBucketsPerAccount}).`);
  }
  let azConfig: string | undefined;
  if (ctx.body.length > 0) {
    // Multi-AZ body (digest §5.2, inferred from Go CreateBucketConfiguration{BucketAZConfig}).
    const doc = readXml(ctx.body, { name: "CreateBucketConfiguration", children: [{ name: "BucketAZConfig" }] });
    azConfig = text(doc.BucketAZConfig);
    if (azConfig !== undefined && azConfig !== "MAZ") throw invalidArgument("BucketAZConfig must be MAZ.");
  }
  const acl = aclFromHeaders(ctx, caller.ownerUin) ?? cannedAcl("private", caller.ownerUin);
  const tagging = taggingFromHeader(ctx.headers["x-cos-tagging"]);
  const now = Date.now();
  const hide = ctx.faults.hideNewBucketsMs;
  const b: BucketRecord = {
    name,
    appId: caller.appId,
    ownerUin: caller.ownerUin,
    region,
    creationDate: isoNow(ctx).replace(/\.\d{3}Z$/, "Z"),
    ...(azConfig ? { azConfig } : {}),
    ...(hide > 0 ? { hiddenUntil: now + hide } : {}),
    configs: {},
    objects: new Map(),
    uploads: new Map(),
    sortedKeys: null,
  };
  ctx.state.writeConfig(b, "acl", acl, now);
  if (tagging) ctx.state.writeConfig(b, "tagging", tagging, now);
  ctx.state.buckets.set(name, b);
  return empty(200, { Location: `${name}.cos.${region}.myqcloud.com/` });
}

/**
 * `x-cos-tagging: k1=v1&k2=v2` on PUT Bucket: tags set with the bucket, validated like PUT ?tagging. The seeds
 * document the header only for uploads (003:L62766-62864); bucket tags at creation are [NOT IN SEEDS] (digest
 * "Not documented"), so the same rules as PUT ?tagging apply.
 */
function taggingFromHeader(header: string | string[] | undefined): ReturnType<typeof parseTagging> | undefined {
  const value = Array.isArray(header) ? header.join("&") : header;
  if (value === undefined || value === "") return undefined;
  const Tag = value.split("&").map((pair) => {
    const i = pair.indexOf("=");
    let k: string, v: string;
    try {
      k = decodeURIComponent(i < 0 ? pair : pair.slice(0, i));
      v = i < 0 ? "" : decodeURIComponent(pair.slice(i + 1));
    } catch {
      throw invalidArgument("x-cos-tagging is not a valid URL-encoded key=value list.");
    }
    return { Key: k, Value: v };
  });
  return parseTagging(Buffer.from(buildXml("Tagging", { TagSet: { Tag } })), 50);
}

/** HEAD Bucket: 200, 403 or bare 404 (002:L1857). */
export function headBucket(ctx: Ctx): CosResponse {
  const b = ownedBucket(ctx);
  return empty(200, { "x-cos-bucket-region": b.region });
}

/** DELETE Bucket: must hold no object, version, delete marker or multipart upload (002:L288). */
export function deleteBucket(ctx: Ctx): CosResponse {
  const b = ownedBucket(ctx);
  if (b.objects.size > 0 || b.uploads.size > 0) {
    throw new CosError(409, "BucketNotEmpty", "The bucket you tried to delete is not empty. Delete all objects, versions and unfinished multipart uploads first.");
  }
  ctx.state.buckets.delete(b.name);
  return empty(204);
}

/** GET Bucket location: the bare region (digest §7 C18). */
export function getBucketLocation(ctx: Ctx): CosResponse {
  const b = ownedBucket(ctx);
  return xml("LocationConstraint", b.region);
}
