import { createHash, randomBytes } from "node:crypto";
import deepEqual from "fast-deep-equal";
import type { CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult } from "@pulumi/pulumi/dynamic";
import type { CosClient } from "../cos/client";
import { BUCKET_NAME_MAX, type BucketLocation, validateBucketName } from "../cos/endpoint";
import { isCosServiceError } from "../cos/errors";
import type { AclGrantHeaders, CannedAcl } from "../cos/operations/acl";
import { diffNormalized } from "../common/diff";
import { tagList, tagMap } from "../common/tags";
import { isUnknown } from "../common/unknowns";
import { Checker, compact, type Obj, plain, reservedTagKey } from "../common/validate";
import { checkRegion, defaultAppId, getSettings, providerClient, withPropagation } from "../config";
import { aclFromPolicy, normalizeGrants } from "./bucketAcl";
import { emptyBucket } from "./forceDestroy";
import { ResourceInitError } from "./resourceInitError";

/** The bucket's normalised inputs. @internal */
export interface BucketInputs extends Obj {
  bucket: string;
  appId: string;
  region: string;
  acl: CannedAcl;
  grants?: AclGrantHeaders;
  tags?: Record<string, string>;
  versioning?: "Enabled" | "Suspended";
  encryption?: { algorithm: string; kmsKeyId?: string };
  multiAz: boolean;
  forceDestroy: boolean;
  adopt?: boolean;
  autoNameBase?: string;
}

const INPUT_KEYS = ["bucket", "appId", "region", "acl", "grants", "tags", "versioning", "encryption", "multiAz", "forceDestroy", "adopt", "autoNameBase"] as const;
const OUTPUT_ONLY = ["endpoint", "resourceName"] as const;
const REPLACE_ON = ["bucket", "region", "multiAz"] as const;
const TAG_RE = /^[\p{L}\p{N} +\-=._:/@]*$/u;

/**
 * The auto-name `<base>-<7 hex>-<appid>`, `my_App.Site` → `my-app-site-…`, the base cut so that it fits in 60
 * characters. The hex is derived from the resource's ownerKey (organization, project, stack, type, Pulumi name), so
 * preview, up, `up --plan` and the up after a crash all name the bucket alike (the dynamic-provider host passes no
 * random seed: LESSONS.md §5). Two stacks, or two resources of one stack, never derive the same name. Without an
 * ownerKey (a program built with an older SDK) the hex is random, as it always was. @internal
 */
export function autoName(base: string, appId: string, ownerKey?: string): string {
  const room = BUCKET_NAME_MAX - appId.length - 1 - 8;
  const clean = base.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, room).replace(/-+$/, "") || "bucket";
  const hex = ownerKey ? createHash("sha256").update(`bucket-name/${ownerKey}`).digest("hex") : randomBytes(4).toString("hex");
  return `${clean}-${hex.slice(0, 7)}-${appId}`;
}

function normalize(c: Checker, raw: Obj, olds: Obj = {}): BucketInputs {
  let bucket = c.string("bucket", raw.bucket);
  const name = c.string("name", raw.name, { pattern: /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, rule: "must be lower-case letters, digits and hyphens, not starting or ending with a hyphen (COS lower-cases names silently, which would never converge)" });
  if (bucket !== undefined && name !== undefined) c.fail("name", "give either bucket (the full name) or name, not both");
  const appIdRaw = c.string("appId", raw.appId ?? defaultAppId(), { pattern: /^\d+$/, rule: "must be the account APPID (digits)" });
  if (bucket === undefined && name !== undefined && !isUnknown(name)) {
    if (appIdRaw === undefined) c.fail("appId", "is required with `name`: set appId, or the `cos:appId` config (or give `bucket` as <name>-<appid>)");
    else bucket = `${name}-${appIdRaw}`;
  }
  if (bucket === undefined && name === undefined) {
    if (typeof olds.bucket === "string") bucket = olds.bucket; // keep an auto-generated (or earlier) name stable
    else if (appIdRaw === undefined) c.fail("appId", "is required to auto-name the bucket: set `bucket`, or `appId`, or the `cos:appId` config");
    else if (!isUnknown(appIdRaw)) bucket = autoName(String(raw.autoNameBase ?? "bucket"), appIdRaw, typeof raw.ownerKey === "string" ? raw.ownerKey : undefined);
  }
  if (bucket !== undefined && !isUnknown(bucket)) {
    const problem = validateBucketName(bucket);
    if (problem) c.fail(raw.bucket !== undefined ? "bucket" : "name", problem);
  }
  const appId = bucket !== undefined && !isUnknown(bucket) ? bucket.slice(bucket.lastIndexOf("-") + 1) : appIdRaw;
  if (appIdRaw !== undefined && raw.appId !== undefined && appId !== appIdRaw && !isUnknown(appId) && !isUnknown(appIdRaw)) c.fail("appId", `does not match the APPID suffix of bucket ${bucket}`);

  const region = checkRegion(c, raw.region);

  const acl = c.string("acl", raw.acl ?? "private", { oneOf: ["private", "public-read", "public-read-write"] }) as CannedAcl;
  const grants = normalizeGrants(c, raw.grants);
  const tags = c.stringMap("tags", raw.tags, {
    maxEntries: 50,
    key: (k) => (k.length < 1 || k.length > 128 ? "tag keys must be 1–128 characters" : reservedTagKey(k) ?? (TAG_RE.test(k) ? undefined : "tag keys may contain letters, digits, spaces and + - = . _ : / @ only")),
    value: (v) => (v.length > 256 ? "tag values must be at most 256 characters" : TAG_RE.test(v) ? undefined : "tag values may contain letters, digits, spaces and + - = . _ : / @ only"),
  });
  const versioning = c.string("versioning", raw.versioning, { oneOf: ["Enabled", "Suspended"] }) as BucketInputs["versioning"];
  const enc = c.object("encryption", raw.encryption, { allowed: ["algorithm", "kmsKeyId"] });
  let encryption: BucketInputs["encryption"] = enc as BucketInputs["encryption"];
  if (enc && !isUnknown(enc)) {
    const algorithm = c.string("encryption.algorithm", enc.algorithm, { required: true, oneOf: ["AES256", "KMS"] });
    const kmsKeyId = c.string("encryption.kmsKeyId", enc.kmsKeyId, { minLength: 1 });
    if (kmsKeyId !== undefined && algorithm !== "KMS") c.fail("encryption.kmsKeyId", 'is only valid with algorithm "KMS"');
    encryption = compact({ algorithm: algorithm as string, kmsKeyId });
  }
  return compact({
    bucket: bucket as string, appId: appId as string, region: region as string, acl, grants, tags, versioning, encryption,
    multiAz: c.bool("multiAz", raw.multiAz) ?? false, forceDestroy: c.bool("forceDestroy", raw.forceDestroy) ?? false,
    adopt: c.bool("adopt", raw.adopt), autoNameBase: typeof raw.autoNameBase === "string" ? raw.autoNameBase : undefined,
  }) as BucketInputs;
}

function inputsOf(props: Obj): Obj {
  return Object.fromEntries(INPUT_KEYS.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
}

/** Stored properties of any earlier shape → normalised inputs (they passed check when they were written). */
const renormalize = (props: Obj): BucketInputs => normalize(new Checker(true), inputsOf(props), props); // tolerant: live tags are never dropped
const locOf = (i: BucketInputs): BucketLocation => ({ bucket: i.bucket, region: i.region });

function outs(i: BucketInputs): Obj {
  return plain({ ...i, endpoint: `https://${i.bucket}.cos.${i.region}.myqcloud.com`, resourceName: `qcs::cos:${i.region}:uid/${i.appId}:${i.bucket}` });
}

/**
 * Applies the configuration that PUT Bucket does not carry. `applied` is updated after each successful step, so that a
 * failure leaves in state exactly what is live and the next `pulumi up` finishes the rest. Removing a property that
 * was declared before restores the COS default (tags and encryption deleted); versioning can only be suspended.
 */
async function configure(client: CosClient, want: BucketInputs, had: Partial<BucketInputs>, applied: Obj): Promise<void> {
  const loc = locOf(want);
  // The same comparison diff uses: key order (tags read back sorted vs as written) is not a change.
  const changed = (k: keyof BucketInputs) => !deepEqual(want[k] ?? null, had[k] ?? null);
  if (changed("acl") || changed("grants")) {
    await withPropagation(() => client.putBucketAcl(loc, { acl: want.acl, grants: want.grants }), "setting the bucket ACL");
  }
  applied.acl = want.acl; applied.grants = want.grants;
  if (want.versioning !== undefined && changed("versioning")) {
    await withPropagation(() => client.putBucketVersioning(loc, want.versioning!), "setting versioning");
  }
  applied.versioning = want.versioning ?? had.versioning;
  if (changed("tags")) {
    if (want.tags && Object.keys(want.tags).length) {
      const tags = tagList(want.tags);
      await withPropagation(() => client.putBucketTagging(loc, tags), "setting tags");
    } else if (had.tags !== undefined) {
      await withPropagation(() => client.deleteBucketTagging(loc), "deleting tags");
    }
  }
  applied.tags = want.tags;
  if (changed("encryption")) {
    if (want.encryption) {
      const e = want.encryption;
      await withPropagation(() => client.putBucketEncryption(loc, { sseAlgorithm: e.algorithm, ...(e.kmsKeyId ? { kmsMasterKeyId: e.kmsKeyId } : {}) }), "setting encryption");
    } else {
      await withPropagation(() => client.deleteBucketEncryption(loc), "deleting encryption");
    }
  }
  applied.encryption = want.encryption;
}

async function check(olds: Obj, news: Obj): Promise<CheckResult> {
  const c = new Checker();
  const inputs = normalize(c, news, olds ?? {});
  return c.failures.length ? { inputs: news, failures: c.failures } : { inputs: plain(inputs) };
}

async function diff(_id: string, olds: Obj, news: Obj): Promise<DiffResult> {
  const had = renormalize(olds);
  const want = normalize(new Checker(), inputsOf(news), olds);
  const { changed: _c, ...r } = diffNormalized(had, want, { replaceOn: REPLACE_ON, outputsOnly: [...OUTPUT_ONLY, "appId"] });
  // A replacement that keeps the name (a region or multiAz change; an auto-named bucket keeps its name) must delete
  // first: bucket names are unique per APPID, and creating first would meet the old bucket, which the create would
  // take for its own crashed attempt. A new name is created before the old bucket is deleted, so a failed create
  // loses nothing.
  if (r.replaces?.length) r.deleteBeforeReplace = isUnknown(want.bucket) || want.bucket === had.bucket;
  return r;
}

async function create(raw: Obj): Promise<CreateResult> {
  const want = renormalize(raw);
  const client = providerClient();
  const loc = locOf(want);
  let adopted = false;
  try {
    await client.putBucket(loc, { acl: want.acl, grants: want.grants, multiAz: want.multiAz });
  } catch (e) {
    if (!isCosServiceError(e, "BucketAlreadyOwnedByYou") && !isCosServiceError(e, "BucketAlreadyExists")) throw e;
    if (!want.adopt) {
      throw new Error(`${(e as Error).message}\nbucket ${want.bucket} already exists. If it is yours, set \`adopt: true\` on this Bucket to manage it with this stack (its declared configuration is then applied to it).`);
    }
    adopted = true;
  }
  // From here on the bucket exists: any failure is a partial create that keeps it in state (never orphaned).
  const applied: Obj = { ...want, grants: undefined, tags: undefined, versioning: undefined, encryption: undefined };
  if (adopted) applied.acl = undefined;
  try {
    await configure(client, want, adopted ? {} : { acl: want.acl, grants: want.grants }, applied);
  } catch (e) {
    const properties = { ...outs(renormalize(applied as Obj)), __provider: raw.__provider };
    throw new ResourceInitError(want.bucket, properties, [`bucket ${want.bucket} was created, but configuring it failed: ${(e as Error).message}. It is kept in the stack; run \`pulumi up\` again to finish.`]);
  }
  return { id: want.bucket, outs: outs(want) };
}

async function read(id: string, props?: Obj): Promise<ReadResult> {
  const old = renormalize({ bucket: id, ...(props ?? {}) });
  const client = providerClient();
  const loc = locOf(old);
  let live: BucketInputs;
  try {
    // GET ?acl doubles as the existence check (404 NoSuchBucket), so a refresh costs one GET per owned configuration.
    const acl = aclFromPolicy(await client.getBucketAcl(loc));
    live = { ...old, acl: acl.acl, grants: acl.grants };
    if (old.versioning !== undefined) live.versioning = (await client.getBucketVersioning(loc)) ?? undefined;
    if (old.tags !== undefined) {
      const t = await client.getBucketTagging(loc);
      live.tags = tagMap(t ?? []);
    }
    if (old.encryption !== undefined) {
      const e = await client.getBucketEncryption(loc);
      live.encryption = e ? compact({ algorithm: e.sseAlgorithm, kmsKeyId: e.kmsMasterKeyId }) : undefined;
    }
  } catch (e) {
    if (isCosServiceError(e, "NoSuchBucket")) return {}; // deleted out of band: drop it from state
    throw e;
  }
  const inputs = plain(compact(live as Obj)) as BucketInputs;
  return { id, props: outs(inputs), inputs: plain(inputsOf(inputs)) };
}

async function update(_id: string, olds: Obj, news: Obj): Promise<UpdateResult> {
  const had = renormalize(olds);
  const want = renormalize({ ...inputsOf(news), bucket: had.bucket });
  await configure(providerClient(), want, had, {});
  return { outs: outs(want) };
}

async function remove(_id: string, props: Obj): Promise<void> {
  const b = renormalize(props);
  const client = providerClient();
  const loc = locOf(b);
  try {
    if (b.forceDestroy) await emptyBucket(client, loc, getSettings().deleteConcurrency ?? 4);
    await client.deleteBucket(loc);
  } catch (e) {
    if (isCosServiceError(e, "NoSuchBucket")) return;
    if (isCosServiceError(e, "BucketNotEmpty") && !b.forceDestroy) {
      throw new Error(`${(e as Error).message}\nbucket ${b.bucket} still holds objects, versions or multipart uploads. Set \`forceDestroy: true\` on the Bucket and run \`pulumi up\` before destroying it, or empty it yourself.`);
    }
    throw e;
  }
}

/** @internal */
export const bucket = { check, diff, create, read, update, delete: remove };
