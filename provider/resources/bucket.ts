import { createHash, randomBytes } from "node:crypto";
import { dequal as deepEqual } from "dequal";
import type { CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult } from "@pulumi/pulumi/dynamic";
import type { CosClient } from "../cos/client";
import { BUCKET_NAME_MAX, type BucketLocation, validateBucketName } from "../cos/endpoint";
import { isCosServiceError } from "../cos/errors";
import { afterUnknownOutcome } from "../cos/retry";
import type { AclGrantHeaders, CannedAcl } from "../cos/operations/acl";
import { diffNormalized } from "../common/diff";
import { checkKnownProperties, forEngine } from "../common/inputCheck";
import { isReservedTagKey, OWNER_TAG_PREFIX, tagList, tagMap, userTags } from "../common/tags";
import { isUnknown } from "../common/unknowns";
import { asText, Checker, compact, type Obj, plain, reservedTagKey } from "../common/validate";
import { checkRegion, defaultAppId, getSettings, providerClient } from "../config";
import { aclFromPolicy, normalizeGrants } from "./bucketAcl";
import { applyBucketConfig } from "./bucketApply";
import { confirmBucketGone, noteCreated, noteDeleted, readSettled, staleWindowMs } from "./consistency";
import { emptyBucket } from "./forceDestroy";
import { aliasAdvice, isOwnerKey, MAX_BUCKET_TAGS, readMark, readTags, relation, type Relation } from "./ownership";
import { userFacing } from "./userError";
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
  ownerKey?: string;
}

const INPUT_KEYS = ["bucket", "appId", "region", "acl", "grants", "tags", "versioning", "encryption", "multiAz", "forceDestroy", "adopt", "autoNameBase", "ownerKey"] as const;
/** `createdAt` / `writtenAt` (epoch ms): when this resource created the bucket / last wrote it (eventual consistency). */
const OUTPUT_ONLY = ["endpoint", "resourceName", "createdAt", "writtenAt"] as const;
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
    else if (!isUnknown(appIdRaw) && name.endsWith(`-${appIdRaw}`)) c.fail("name", `already ends with the APPID (-${appIdRaw}), so the bucket would be named ${name}-${appIdRaw}: give the full name as \`bucket: "${name}"\`, or drop the suffix (\`name: "${name.slice(0, -appIdRaw.length - 1)}"\`)`);
    else bucket = isUnknown(appIdRaw) ? appIdRaw : `${name}-${appIdRaw}`; // an unknown APPID: the name is unknown too
  } else if (bucket === undefined && name !== undefined) {
    bucket = name; // an unknown name (preview): the bucket name is unknown, so the diff treats it as possibly changed
  }
  if (bucket === undefined && name === undefined) {
    if (typeof olds.bucket === "string") bucket = olds.bucket; // keep an auto-generated (or earlier) name stable
    else if (appIdRaw === undefined) c.fail("appId", "is required to auto-name the bucket: set `bucket`, or `appId`, or the `cos:appId` config");
    else if (!isUnknown(appIdRaw)) bucket = autoName(asText(raw.autoNameBase ?? "bucket"), appIdRaw, typeof raw.ownerKey === "string" ? raw.ownerKey : undefined);
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
    // COS allows 50 tags per bucket, and the bucket's ownership mark (tencentcos:owner:bucket) takes one of them.
    maxEntries: MAX_BUCKET_TAGS - 1,
    maxEntriesRule: `COS allows ${MAX_BUCKET_TAGS} tags per bucket, and this provider keeps one for the bucket's ownership mark ${OWNER_TAG_PREFIX}bucket`,
    key: (k) => (k.length < 1 || k.length > 128 ? "tag keys must be 1–128 characters" : isReservedTagKey(k) ? `tag keys starting with \`${OWNER_TAG_PREFIX}\` are reserved for this provider's ownership marks` : reservedTagKey(k) ?? (TAG_RE.test(k) ? undefined : "tag keys may contain letters, digits, spaces and + - = . _ : / @ only")),
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
    ownerKey: isOwnerKey(raw.ownerKey) ? raw.ownerKey : undefined,
  }) as BucketInputs;
}

function inputsOf(props: Obj): Obj {
  return Object.fromEntries(INPUT_KEYS.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
}

/** Stored properties of any earlier shape → normalised inputs (they passed check when they were written). */
const renormalize = (props: Obj): BucketInputs => normalize(new Checker(true), inputsOf(props), props); // tolerant: live tags are never dropped
const locOf = (i: BucketInputs): BucketLocation => ({ bucket: i.bucket, region: i.region });

function outs(i: BucketInputs, times: { createdAt?: unknown; writtenAt?: unknown } = {}): Obj {
  return plain({
    ...i, endpoint: `https://${i.bucket}.cos.${i.region}.myqcloud.com`, resourceName: `qcs::cos:${i.region}:uid/${i.appId}:${i.bucket}`,
    createdAt: typeof times.createdAt === "number" ? times.createdAt : undefined, writtenAt: typeof times.writtenAt === "number" ? times.writtenAt : undefined,
  });
}

/** Every top-level input the sdk's Bucket passes (its output keys included: they arrive as undefined). */
const KNOWN = [...INPUT_KEYS, "name", ...OUTPUT_ONLY];

async function check(olds: Obj, news: Obj): Promise<CheckResult> {
  const c = new Checker();
  checkKnownProperties(c, news, KNOWN, "Bucket");
  const inputs = normalize(c, news, olds ?? {});
  return c.failures.length ? { inputs: news, failures: forEngine(c.failures, news) } : { inputs: plain(inputs) };
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

/**
 * After PUT Bucket answered 409 (the name exists): is the bucket ours? Ours when an earlier attempt of this very call
 * may have created it (its answer was lost), when its mark holds my owner key (an earlier crashed or lost create), or
 * when its name is the deterministic auto-name of my owner key. Otherwise the README's ownership rule decides.
 */
async function resolveConflict(client: CosClient, want: BucketInputs, e: unknown): Promise<"ours" | "adopt"> {
  const mine = want.ownerKey;
  if (mine && want.autoNameBase !== undefined && want.bucket === autoName(want.autoNameBase, want.appId, mine)) return "ours";
  let mark: string | undefined;
  let readable = true;
  try {
    mark = await readMark(client, locOf(want), "bucket");
  } catch {
    readable = false; // another account's bucket (403), or no permission to read tags: nothing says it is ours
  }
  const rel: Relation = readable ? relation(mark, mine) : "foreign";
  if (rel === "mine") return "ours";
  // An earlier attempt whose answer was lost may have created it — unless its mark names another owner: our PUT
  // carried our own mark, so a bucket marked by someone else existed before this call.
  if (afterUnknownOutcome(e) && (rel === "unmarked" || !readable)) return "ours";
  const msg = (e as Error).message;
  if (rel === "sibling" && !want.adopt) throw new Error(`${msg}\n${aliasAdvice(`bucket ${want.bucket}`, mark!)}`);
  if (!want.adopt) {
    const whose = rel === "foreign" && mark ? ` It is managed by another stack (owner ${mark}).` : "";
    throw new Error(`${msg}\nbucket ${want.bucket} already exists.${whose} If it is yours, set \`adopt: true\` on this Bucket to manage it with this stack (its declared configuration is then applied to it).`);
  }
  return "adopt";
}

/**
 * After PUT Bucket answered 409: the region the account's bucket list (GET Service) places the bucket in, when that is
 * not the declared one. Such a bucket can never appear in the declared region, so nothing here may adopt it, wait for
 * it or keep it in state. Undefined when it is listed in the declared region, not listed (yet), or the list fails.
 */
async function listedElsewhere(client: CosClient, want: BucketInputs): Promise<string | undefined> {
  try {
    const listed = (await client.getService()).find((b) => b.name === want.bucket);
    return listed?.location && listed.location !== want.region ? listed.location : undefined;
  } catch {
    return undefined; // the list is evidence only when it answers
  }
}

async function create(raw: Obj): Promise<CreateResult> {
  const want = renormalize(raw);
  const client = providerClient();
  const loc = locOf(want);
  const createdAt = Date.now();
  const mark = want.ownerKey;
  // The bucket existed before this call's PUT succeeded (409): adopted, or ours from an earlier attempt (a lost answer,
  // a crashed `up`) that may have created it with other inputs than today's, so its ACL is written as declared.
  let existed = false;
  try {
    // The mark travels with the PUT, so a bucket whose answer is lost (or whose creator crashes) is already marked ours.
    await userFacing(async () => {
      try {
        await client.putBucket(loc, { acl: want.acl, grants: want.grants, multiAz: want.multiAz, tags: mark ? tagList({ [`${OWNER_TAG_PREFIX}bucket`]: mark }) : undefined });
      } catch (e) {
        if (!isCosServiceError(e, "BucketAlreadyOwnedByYou") && !isCosServiceError(e, "BucketAlreadyExists")) throw e;
        const elsewhere = await listedElsewhere(client, want);
        if (elsewhere) {
          throw new Error(
            `${(e as Error).message}\nbucket ${want.bucket} exists in ${elsewhere}, not in ${want.region} (a bucket name is unique across regions). ` +
              `To manage it, set \`region: "${elsewhere}"\` on this Bucket (and \`adopt: true\` if this stack did not create it); otherwise choose another name.`,
          );
        }
        await resolveConflict(client, want, e);
        existed = true;
      }
    });
  } finally {
    noteCreated(want.bucket, createdAt);
  }
  // From here on the bucket exists: any failure is a partial create that keeps it in state (never orphaned).
  const applied: Obj = { ...want, grants: undefined, tags: undefined, versioning: undefined, encryption: undefined };
  if (existed) applied.acl = undefined;
  try {
    await applyBucketConfig(client, want, existed ? {} : { acl: want.acl, grants: want.grants }, applied, mark);
  } catch (e) {
    if (applied.acl === undefined) {
      // The declared ACL was not written: record the live one (never the default), so the next diff writes it.
      try {
        Object.assign(applied, aclFromPolicy(await client.getBucketAcl(loc)));
      } catch {
        applied.acl = "unknown"; // unreadable: a value no declared ACL equals, so the next `up` writes it
      }
    }
    const properties = { ...outs(renormalize(applied as Obj), { createdAt, writtenAt: Date.now() }), __provider: raw.__provider };
    throw new ResourceInitError(want.bucket, properties, [`bucket ${want.bucket} was created, but configuring it failed: ${(e as Error).message}. It is kept in the stack; run \`pulumi up\` again to finish.`]);
  }
  return { id: want.bucket, outs: outs(want, { createdAt, writtenAt: Date.now() }) };
}

/** The live state of what `old` manages; throws NoSuchBucket when the bucket is not (yet) visible. */
async function readLive(client: CosClient, old: BucketInputs): Promise<BucketInputs> {
  const loc = locOf(old);
  // GET ?acl doubles as the existence check (404 NoSuchBucket), so a refresh costs one GET per owned configuration.
  const acl = aclFromPolicy(await client.getBucketAcl(loc));
  const live: BucketInputs = { ...old, acl: acl.acl, grants: acl.grants };
  if (old.versioning !== undefined) live.versioning = (await client.getBucketVersioning(loc)) ?? undefined;
  // Shared with its configurations' refresh hints when they read at the same time (ownership.ts readTags).
  if (old.tags !== undefined) live.tags = userTags(await readTags(client, loc, 0)); // marks are not the user's
  if (old.encryption !== undefined) {
    const e = await client.getBucketEncryption(loc);
    live.encryption = e ? compact({ algorithm: e.sseAlgorithm, kmsKeyId: e.kmsMasterKeyId }) : undefined;
  }
  return plain(compact(live as Obj)) as BucketInputs;
}

async function read(id: string, props?: Obj): Promise<ReadResult> {
  return userFacing(async () => {
    const stored: Obj = { bucket: id, ...(props ?? {}) };
    const old = renormalize(stored);
    const client = providerClient();
    const times = { createdAt: stored.createdAt, writtenAt: stored.writtenAt };
    const same = (l: BucketInputs) => deepEqual(inputsOf(l), inputsOf(plain(compact(old as Obj))));
    let live: BucketInputs | undefined;
    try {
      // A read that disagrees with our own recent write is confirmed again before it counts as drift.
      live = await readSettled(() => readLive(client, old), same, stored.writtenAt ?? stored.createdAt, staleWindowMs());
    } catch (e) {
      if (!isCosServiceError(e, "NoSuchBucket")) throw e;
      // Leave state only on evidence: a new bucket may be invisible for a while, and one answer can be stale.
      if (await confirmBucketGone(client, locOf(old), stored.createdAt)) return {};
      try {
        live = await readLive(client, old);
      } catch (again) {
        if (!isCosServiceError(again, "NoSuchBucket")) throw again;
        live = old; // seen and not seen: keep what state says until a read agrees
      }
    }
    return { id, props: outs(live, times), inputs: plain(inputsOf(live)) };
  }, { staleHint: true });
}

async function update(_id: string, olds: Obj, news: Obj): Promise<UpdateResult> {
  const had = renormalize(olds);
  const want = renormalize({ ...inputsOf(news), bucket: had.bucket });
  const client = providerClient();
  // A new owner key (an alias rename, or state from before marks existed) moves the mark — unless someone else holds it.
  let mark: string | undefined;
  if (want.ownerKey && want.ownerKey !== had.ownerKey) {
    const rel = relation(await readMark(client, locOf(want), "bucket"), had.ownerKey);
    if (rel === "mine" || rel === "unmarked") mark = want.ownerKey;
  }
  await applyBucketConfig(client, want, had, {}, mark);
  return { outs: outs(want, { createdAt: olds.createdAt, writtenAt: Date.now() }) };
}

/** How many times forceDestroy empties the bucket and deletes it again after DELETE Bucket answered BucketNotEmpty. */
const FORCE_DESTROY_ROUNDS = 5;

/**
 * forceDestroy: empties the bucket, then deletes it; an object that lands in between (access logs or an inventory
 * report delivered to it, a straggling upload, a listing that lagged a write) makes DELETE Bucket answer 409
 * BucketNotEmpty, which is retried by emptying again (digest §5.4: "retry on 409 BucketNotEmpty a few times").
 */
async function emptyAndDelete(client: CosClient, loc: BucketLocation): Promise<void> {
  for (let round = 1; ; round++) {
    await emptyBucket(client, loc, getSettings().deleteConcurrency ?? 4);
    try {
      await client.deleteBucket(loc);
      return;
    } catch (e) {
      if (!isCosServiceError(e, "BucketNotEmpty") || round >= FORCE_DESTROY_ROUNDS) throw e;
      await new Promise((r) => setTimeout(r, 500 * round));
    }
  }
}

async function remove(_id: string, props: Obj): Promise<void> {
  await userFacing(async () => {
    const b = renormalize(props);
    const client = providerClient();
    const loc = locOf(b);
    try {
      // Never empty or delete a bucket that another resource now manages (it adopted it: a rename, another stack).
      const mark = await readMark(client, loc, "bucket");
      const rel = relation(mark, b.ownerKey);
      if (rel === "sibling" || rel === "foreign") {
        process.stderr.write(`warning: bucket ${b.bucket} is now managed by another resource (owner ${mark}${rel === "foreign" ? ", another stack" : ""}); it was left in place and only removed from this resource's state.\n`);
        return;
      }
      if (b.forceDestroy) await emptyAndDelete(client, loc);
      else await client.deleteBucket(loc);
      noteDeleted(b.bucket);
    } catch (e) {
      if (isCosServiceError(e, "NoSuchBucket")) return;
      if (isCosServiceError(e, "BucketNotEmpty") && !b.forceDestroy) {
        throw new Error(`${(e as Error).message}\nbucket ${b.bucket} still holds objects, versions or multipart uploads. Set \`forceDestroy: true\` on the Bucket and run \`pulumi up\` before destroying it, or empty it yourself.`);
      }
      throw e;
    }
  }, { staleHint: true });
}

/** @internal */
export const bucket = { check, diff, create, read, update, delete: remove };
