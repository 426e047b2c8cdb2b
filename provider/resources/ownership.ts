/**
 * Ownership marks (issue 10 cases 1, 2, 7; the rules are in the README "Adopting what already exists"). Every sdk
 * class passes a hidden `ownerKey` input, `<stackHash>.<resourceHash>`; the resource that manages a bucket or one of
 * its configurations records that key in a bucket tag `tencentcos:owner:<kind>`. Create, delete and adopt consult the
 * mark, so a renamed resource, a second stack or a lost answer can never make one resource delete what another owns.
 * @internal
 * @packageDocumentation
 */
import { dequal as deepEqual } from "dequal";
import type { CosClient } from "../cos/client";
import type { BucketLocation } from "../cos/endpoint";
import { OWNER_TAG_PREFIX, tagList, tagMap } from "../common/tags";
import { staleWindowMs, within, withPropagation } from "./consistency";

/** What a mark is set on: the bucket itself or one configuration kind. */
export type OwnerKind = "bucket" | "cors" | "lifecycle" | "policy" | "replication" | "website" | "logging" | "referer" | "acceleration" | "domain"
  /** One inventory configuration of several per bucket: the mark is per inventory id. */
  | `inventory:${string}`;

/** How a live mark relates to the calling resource's owner key. */
export type Relation = "mine" | "unmarked" | "sibling" | "foreign";

/** `tencentcos:owner:<kind>`. */
export const ownerTagKey = (kind: OwnerKind): string => `${OWNER_TAG_PREFIX}${kind}`;

const OWNER_KEY_RE = /^[0-9a-f]{12}\.[0-9a-f]{12}$/;

/** True for a well-formed owner key (the sdk computes it; an older sdk passes none). */
export const isOwnerKey = (v: unknown): v is string => typeof v === "string" && OWNER_KEY_RE.test(v);

/**
 * Compares a live mark with mine. Without an owner key of my own (state written by an older version) a mark can only
 * be someone else's: such a resource never deletes what a marked resource now owns.
 */
export function relation(mark: string | undefined, mine: string | undefined): Relation {
  if (mark === undefined || mark === "") return "unmarked";
  if (mark === mine) return "mine";
  if (mine !== undefined && mark.split(".")[0] === mine.split(".")[0]) return "sibling";
  return mine === undefined && isOwnerKey(mark) ? "sibling" : "foreign";
}

const locks = new Map<string, Promise<void>>();

/**
 * Runs `fn` holding the in-process mutex of `bucket`. Every tag read-modify-write of one bucket goes through it, so
 * CORS, lifecycle and policy created in parallel on one bucket never lose each other's marks.
 */
export async function withBucketLock<T>(bucket: string, fn: () => Promise<T>): Promise<T> {
  const prev = locks.get(bucket) ?? Promise.resolve();
  let release!: () => void;
  const mine = prev.then(() => new Promise<void>((r) => (release = r)));
  locks.set(bucket, mine);
  await prev;
  try {
    return await fn();
  } finally {
    release();
    if (locks.get(bucket) === mine) locks.delete(bucket);
  }
}

/** The tags this process wrote last, per bucket: a GET right after our own PUT may still return the old set. */
const lastWritten = new Map<string, { tags: Record<string, string>; at: number }>();

/** Our own last tag write of `bucket` while it is within the stale-read window: then it is the truth. */
function recentOwnWrite(bucket: string): Record<string, string> | undefined {
  const mine = lastWritten.get(bucket);
  return mine && within(mine.at, staleWindowMs()) ? { ...mine.tags } : undefined;
}

/**
 * The bucket's tags (marks included), for a decision. Within the stale-read window after our own write, that write is
 * the truth; else a GET, shared with one of this bucket's tags already in flight (its answer is no older than the
 * call), never answered from a read that has completed (issue 15: the parallel deletes of one bucket's configurations
 * check their marks with one GET).
 */
export async function bucketTags(client: CosClient, loc: BucketLocation): Promise<Record<string, string>> {
  const mine = recentOwnWrite(loc.bucket);
  if (mine) return mine;
  return withPropagation(() => readTags(client, loc, 0), "reading the bucket tags", loc, client);
}

/** Replaces all the bucket's tags (an empty set deletes them); call with the bucket's lock held. */
export async function writeBucketTags(client: CosClient, loc: BucketLocation, tags: Record<string, string>): Promise<void> {
  if (Object.keys(tags).length) await withPropagation(() => client.putBucketTagging(loc, tagList(tags)), "setting tags", loc, client);
  else await withPropagation(() => client.deleteBucketTagging(loc), "deleting tags", loc, client);
  lastWritten.set(loc.bucket, { tags: { ...tags }, at: Date.now() });
  noteTagsSeen(loc.bucket, tags);
}

/** How long a tag set this process read may answer an ownership hint: one pulumi command (issue 15). */
const HINT_MAX_AGE_MS = 60_000;
/** The last tag set of each bucket this process read or wrote, or the read still in flight. */
interface SeenTags {
  at: number;
  pending: boolean;
  tags: Promise<Record<string, string>>;
}
const seenTags = new Map<string, SeenTags>();

/** Records a tag set this process just wrote. */
function noteTagsSeen(bucket: string, tags: Record<string, string>): void {
  seenTags.set(bucket, { at: Date.now(), pending: false, tags: Promise.resolve({ ...tags }) });
}

/**
 * GET ?tagging of the bucket, shared: a read of it already in flight answers too, and so does a set read or written
 * less than `maxAgeMs` ago. The Bucket's refresh and every decision ({@link bucketTags}) read with 0 (only an
 * in-flight read, which started no earlier than a request's latency ago, is shared); hints with a minute. Errors are
 * the GET's (NoSuchBucket included) and are not remembered.
 */
export function readTags(client: CosClient, loc: BucketLocation, maxAgeMs: number): Promise<Record<string, string>> {
  const seen = seenTags.get(loc.bucket);
  if (seen && (seen.pending || within(seen.at, maxAgeMs))) return seen.tags.then((t) => ({ ...t }));
  const entry: SeenTags = { at: Date.now(), pending: true, tags: client.getBucketTagging(loc).then((t) => tagMap(t ?? [])) };
  seenTags.set(loc.bucket, entry);
  entry.tags.then(
    () => {
      entry.pending = false;
      entry.at = Date.now();
    },
    () => {
      if (seenTags.get(loc.bucket) === entry) seenTags.delete(loc.bucket);
    },
  );
  return entry.tags.then((t) => ({ ...t }));
}

/**
 * The bucket's tags for a hint, never for a decision (a refresh's "managed by another resource" warning): our own
 * write within the stale window, else {@link readTags} with a minute's age. A refresh of a bucket and its
 * configurations, run in parallel, so reads the tags once instead of once per resource. Create and delete decide on
 * {@link bucketTags}, which never answers from an earlier read.
 */
export async function hintTags(client: CosClient, loc: BucketLocation): Promise<Record<string, string>> {
  return recentOwnWrite(loc.bucket) ?? readTags(client, loc, HINT_MAX_AGE_MS);
}

/** Forgets the tag sets read for hints (tests: a fresh provider process). @internal */
export function forgetSeenTags(): void {
  seenTags.clear();
}

/** The live mark of `kind` on the bucket. */
export async function readMark(client: CosClient, loc: BucketLocation, kind: OwnerKind): Promise<string | undefined> {
  return (await bucketTags(client, loc))[ownerTagKey(kind)];
}

/** Mark changes: a key and its new value, `undefined` removing the mark. */
type MarkChanges = Map<string, string | undefined>;

/**
 * A step's decision, taken on the tags as read under the lock: the mark changes to apply, and the work they stand
 * for (a release's DELETE of its configuration), which runs beside the batch's tag write.
 */
interface Decision {
  changes: MarkChanges;
  work?: () => Promise<void>;
}

/**
 * A step of a bucket's tag batch: given the tags as read under the lock, with the changes decided by the batch's
 * earlier members applied, it decides (synchronously, so the batch knows every change before it writes).
 */
type TagStep = (tags: Readonly<Record<string, string>>) => Decision;

/** The work of a tag batch's member: fixed mark changes (a mark written), or a step that decides on the tags. */
type TagWork = { changes: MarkChanges } | { step: TagStep };
type TagMember = TagWork & { settle: (err: unknown) => void };

/** Tag steps waiting for a bucket's lock, run together and written by one tag write (per bucket). */
interface TagBatch {
  client: CosClient;
  region: string;
  members: TagMember[];
}
const waitingTags = new Map<string, TagBatch>();

/** Applies mark changes to a tag set. */
function applyChanges(tags: Record<string, string>, changes: MarkChanges): void {
  for (const [key, value] of changes) {
    if (value === undefined) delete tags[key];
    else tags[key] = value;
  }
}

/**
 * Runs one batch holding the bucket's lock: one read of the tags (our own write within the stale window, else a GET),
 * which members may still join while it is in flight; each member decides on those tags with the changes of the
 * members before it applied, as if the members ran one after another; then one tag write applies every change in call
 * order, sent beside the members' works (issue 15: a delete is one round trip, not a DELETE and then a tag write). A
 * member whose work fails has its changes taken back by a second write before the lock is released (a failed DELETE
 * keeps its mark). Should that write fail too, or the process die between the write and the work, the configuration
 * is left unmarked and in this stack's state, and the retried delete removes it (an unmarked configuration's delete
 * goes ahead). A failed read fails every member; a failed first write fails every member, and leaves their marks as
 * they were (a retried delete finishes the removal: `remove` treats "not configured" as done).
 */
async function runTagBatch(client: CosClient, loc: BucketLocation, batch: TagBatch): Promise<void> {
  const { members } = batch;
  let tags: Record<string, string>;
  try {
    tags = await bucketTags(client, loc);
  } catch (e) {
    for (const m of members) m.settle(e ?? new Error("tag read failed"));
    return;
  } finally {
    // The batch closes once its read is answered: members that joined while it was in flight decide on it too, so a
    // burst of one bucket's steps is one read and one write (issue 15). Later members wait for the next batch.
    if (waitingTags.get(loc.bucket) === batch) waitingTags.delete(loc.bucket);
  }
  const target = { ...tags };
  const decided = members.map((m): Decision | { error: unknown } => {
    let d: Decision;
    try {
      d = "changes" in m ? { changes: m.changes } : m.step(Object.freeze({ ...target }));
    } catch (error) {
      return { error: error ?? new Error("failed") };
    }
    applyChanges(target, d.changes);
    return d;
  });
  fitMarks(loc, tags, target, decided);
  const write = deepEqual(target, tags) ? Promise.resolve(undefined) : writeBucketTags(client, loc, target).then(() => undefined, (e: unknown) => e ?? new Error("tag write failed"));
  const results = await Promise.allSettled(decided.map((d) => ("work" in d && d.work ? d.work() : Promise.resolve())));
  const writeError = await write;
  const failures = decided.map((d, i) => ("error" in d ? d.error : results[i].status === "rejected" ? ((results[i] as PromiseRejectedResult).reason ?? new Error("failed")) : undefined));
  if (writeError === undefined && failures.some((f, i) => f !== undefined && "changes" in decided[i])) {
    // Take back the changes of the members whose work failed: replay only the others', in call order.
    const kept = { ...tags };
    decided.forEach((d, i) => {
      if (failures[i] === undefined && "changes" in d) applyChanges(kept, d.changes);
    });
    if (!deepEqual(kept, target)) {
      try {
        await writeBucketTags(client, loc, kept);
      } catch (e) {
        // Only the failed members' changes differ between the two sets: these are the marks left unwritten.
        const lost = Object.keys({ ...kept, ...target }).filter((k) => kept[k] !== target[k]);
        for (const key of lost) {
          process.stderr.write(
            `warning: the ownership mark ${key} of bucket ${loc.bucket} could not be written back after its delete failed (${(e as Error)?.message ?? e}); ` +
              "the configuration is left unmarked, and the retried delete removes it.\n",
          );
        }
      }
    }
  }
  members.forEach((m, i) => m.settle(failures[i] ?? writeError));
}

/** A bucket has at most 50 tags (COS's documented limit, digest §5.19 [NOT IN SEEDS]; the local server enforces it). */
export const MAX_BUCKET_TAGS = 50;
/** The kinds with one mark per bucket: their marks always keep a place in the tag set. */
const SINGLE_KINDS: readonly OwnerKind[] = ["bucket", "cors", "lifecycle", "policy", "replication", "website", "logging", "referer", "acceleration", "domain"];
const INVENTORY_MARK_PREFIX = ownerTagKey("inventory:" as OwnerKind);

/** Warns that a configuration's mark was not written (or was dropped) for want of room among the bucket's tags. */
function warnUnmarked(loc: BucketLocation, key: string, why: string): void {
  process.stderr.write(
    `warning: bucket ${loc.bucket} has no room among its ${MAX_BUCKET_TAGS} tags for the ownership mark ${key} (${why}); ` +
      "that configuration is managed without a mark (should a create's answer be lost, its retry needs `adopt: true`).\n",
  );
}

/**
 * Ownership marks share the bucket's 50 tags with the user's, and a bucket may hold 1,000 inventory configurations
 * (digest §5.24), so a mark cannot always fit. New marks of this batch that would exceed the limit are not written,
 * latest first (inventory marks also leave room for the single-kind marks still to come); those configurations are
 * managed unmarked, as one from before marks is, instead of failing their create and every other write of the batch.
 * The bucket's own mark is never dropped (Bucket's check keeps a place for it).
 */
function fitMarks(loc: BucketLocation, tags: Readonly<Record<string, string>>, target: Record<string, string>, decided: (Decision | { error: unknown })[]): void {
  const reserved = SINGLE_KINDS.filter((k) => target[ownerTagKey(k)] === undefined).length;
  const pass = (limit: number, droppable: (key: string) => boolean) => {
    let over = Object.keys(target).length - limit;
    for (let i = decided.length - 1; i >= 0 && over > 0; i--) {
      const d = decided[i]!;
      if ("error" in d) continue;
      for (const [key, value] of [...d.changes]) {
        if (over <= 0) break;
        if (value === undefined || !droppable(key) || tags[key] !== undefined || target[key] === undefined) continue;
        d.changes.delete(key);
        delete target[key];
        over--;
        warnUnmarked(loc, key, "COS allows 50 per bucket");
      }
    }
  };
  pass(MAX_BUCKET_TAGS - reserved, (k) => k.startsWith(INVENTORY_MARK_PREFIX));
  pass(MAX_BUCKET_TAGS, (k) => k !== ownerTagKey("bucket"));
}

/**
 * Makes the declared tags and the marks fit in the bucket's 50 tags when the user's tags grow: configuration marks
 * give way (inventory marks first), never the bucket's own or the user's tags. Changes `next` in place.
 */
export function fitUserTags(loc: BucketLocation, next: Record<string, string>): void {
  const marks = Object.keys(next).filter((k) => k.startsWith(OWNER_TAG_PREFIX) && k !== ownerTagKey("bucket"));
  marks.sort((a, b) => Number(b.startsWith(INVENTORY_MARK_PREFIX)) - Number(a.startsWith(INVENTORY_MARK_PREFIX)));
  for (const key of marks) {
    if (Object.keys(next).length <= MAX_BUCKET_TAGS) return;
    delete next[key];
    warnUnmarked(loc, key, "it gives way to the bucket's declared tags");
  }
}

/**
 * Joins the bucket's open tag batch ({@link runTagBatch}): one waiting for the bucket's lock, or one holding it whose
 * read of the tags is still in flight (the configurations of one bucket are created, and deleted, in parallel, and
 * arrive one by one: issue 15). A member's own failure fails only it.
 */
function inTagBatch(client: CosClient, loc: BucketLocation, work: TagWork): Promise<void> {
  let batch = waitingTags.get(loc.bucket);
  if (!batch || batch.client !== client || batch.region !== loc.region) {
    const open: TagBatch = { client, region: loc.region, members: [] };
    waitingTags.set(loc.bucket, open);
    batch = open;
    void withBucketLock(loc.bucket, () => runTagBatch(client, loc, open));
  }
  return new Promise<void>((resolve, reject) => batch!.members.push({ ...work, settle: (err) => (err === undefined ? resolve() : reject(err)) }));
}

/**
 * Sets (or with `undefined`, removes) the mark of `kind`, keeping every other tag, in the bucket's next tag batch
 * ({@link inTagBatch}): the changes of one batch are written together, a later change of the same mark wins, and a
 * failed write fails every change in it.
 */
export function writeMark(client: CosClient, loc: BucketLocation, kind: OwnerKind, ownerKey: string | undefined): Promise<void> {
  return inTagBatch(client, loc, { changes: new Map([[ownerTagKey(kind), ownerKey]]) });
}

/** What {@link releaseMarked} did: removed the configuration, or left it to the resource that now owns it. */
export type Released = { removed: true } | { removed: false; mark: string; rel: "sibling" | "foreign" };

/**
 * A delete that honours the marks: in the bucket's next tag batch, decides on the mark of `kind` as read under the
 * lock (with the marks changed earlier in the batch); unless another resource owns it now (then nothing is changed),
 * runs `remove` beside the batch's one tag write, which removes the mark. The parallel deletes of one bucket's
 * configurations so share one read and one write of its tags, and each is one round trip (issue 15). A failed
 * `remove` gets its mark back ({@link runTagBatch}); a failed tag write leaves the configuration removed and marked
 * mine, which a retried delete finishes (`remove` treats "not configured" as done).
 */
export async function releaseMarked(client: CosClient, loc: BucketLocation, kind: OwnerKind, ownerKey: string | undefined, remove: () => Promise<void>): Promise<Released> {
  let outcome: Released = { removed: true };
  const step: TagStep = (tags) => {
    const key = ownerTagKey(kind);
    const mark = tags[key];
    const rel = relation(mark, ownerKey);
    if (rel === "sibling" || rel === "foreign") {
      outcome = { removed: false, mark: mark!, rel };
      return { changes: new Map() };
    }
    return { changes: new Map(mark === undefined ? [] : [[key, undefined]]), work: remove };
  };
  await inTagBatch(client, loc, { step });
  return outcome;
}

/** The advice for a mark of another resource of this stack: a rename is kept with an alias, never with adopt. */
export function aliasAdvice(what: string, mark: string): string {
  return (
    `${what} is managed by another resource of this stack (owner ${mark}). If you renamed that resource, add ` +
    '`aliases: [{ name: "<old name>" }]` to the renamed one so Pulumi keeps it instead of deleting the old and creating ' +
    "a new one. If you really mean to move it to this resource, set `adopt: true` here (the old resource's delete then " +
    "leaves it alone)."
  );
}
