/**
 * Ownership marks (issue 10 cases 1, 2, 7; the rules are in the README "Adopting what already exists"). Every sdk
 * class passes a hidden `ownerKey` input, `<stackHash>.<resourceHash>`; the resource that manages a bucket or one of
 * its configurations records that key in a bucket tag `tencentcos:owner:<kind>`. Create, delete and adopt consult the
 * mark, so a renamed resource, a second stack or a lost answer can never make one resource delete what another owns.
 * @internal
 * @packageDocumentation
 */
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

/**
 * A step of a bucket's tag batch: given the tags as read under the lock, with the mark changes of the batch's earlier
 * members applied, it does its work (a release deletes its configuration) and returns the mark changes to apply
 * (`undefined` removes a mark).
 */
type TagStep = (tags: Readonly<Record<string, string>>) => Promise<Map<string, string | undefined>>;

/** The work of a tag batch's member: fixed mark changes (a mark written), or a step that decides on the tags. */
type TagWork = { changes: Map<string, string | undefined> } | { step: TagStep };
type TagMember = TagWork & { settle: (err: unknown) => void };

/** Tag steps waiting for a bucket's lock, run together and written by one tag write (per bucket). */
interface TagBatch {
  client: CosClient;
  region: string;
  members: TagMember[];
}
const waitingTags = new Map<string, TagBatch>();

/** Applies mark changes to a tag set; true when it changed. */
function applyChanges(tags: Record<string, string>, changes: Map<string, string | undefined>): boolean {
  let changed = false;
  for (const [key, value] of changes) {
    if (value === undefined ? !(key in tags) : tags[key] === value) continue;
    if (value === undefined) delete tags[key];
    else tags[key] = value;
    changed = true;
  }
  return changed;
}

/**
 * Joins the bucket's next tag batch. Members queued while an earlier batch of the bucket holds its lock run
 * together: one read of the tags (our own write within the stale window, else a GET); each step decides on those
 * tags with the changes of the members before it applied, as if the members ran one after another, and the steps
 * run in parallel; then one read-modify-write applies every change in call order (the configurations of one bucket
 * are created, and deleted, in parallel: issue 15). A step's own failure fails only it; a failed read or write fails
 * every member of the batch, and no change of it is applied.
 */
function inTagBatch(client: CosClient, loc: BucketLocation, work: TagWork): Promise<void> {
  let batch = waitingTags.get(loc.bucket);
  if (!batch || batch.client !== client || batch.region !== loc.region) {
    const open: TagBatch = { client, region: loc.region, members: [] };
    waitingTags.set(loc.bucket, open);
    batch = open;
    void withBucketLock(loc.bucket, async () => {
      if (waitingTags.get(loc.bucket) === open) waitingTags.delete(loc.bucket); // later members wait for the next batch
      const members = open.members;
      let tags: Record<string, string>;
      try {
        tags = await bucketTags(client, loc);
      } catch (e) {
        for (const m of members) m.settle(e);
        return;
      }
      const view = { ...tags };
      const results = await Promise.allSettled(
        members.map((m) => {
          if ("changes" in m) {
            applyChanges(view, m.changes);
            return Promise.resolve(m.changes);
          }
          return m.step(Object.freeze({ ...view }));
        }),
      );
      let changed = false;
      for (const r of results) if (r.status === "fulfilled" && applyChanges(tags, r.value)) changed = true;
      let writeError: unknown;
      if (changed) await writeBucketTags(client, loc, tags).catch((e: unknown) => (writeError = e ?? new Error("tag write failed")));
      members.forEach((m, i) => m.settle(results[i].status === "rejected" ? (results[i] as PromiseRejectedResult).reason ?? new Error("failed") : writeError));
    });
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
 * lock (with the marks written earlier in the batch); unless another resource owns it now (then nothing is changed),
 * runs `remove` and removes the mark in the batch's one tag write. The parallel deletes of one bucket's
 * configurations so share one read and one write of its tags (issue 15). A failed `remove` keeps the mark; a failed tag write leaves the configuration removed and marked
 * mine, which a retried delete finishes (`remove` treats "not configured" as done).
 */
export async function releaseMarked(client: CosClient, loc: BucketLocation, kind: OwnerKind, ownerKey: string | undefined, remove: () => Promise<void>): Promise<Released> {
  let outcome: Released = { removed: true };
  const step: TagStep = async (tags) => {
    const key = ownerTagKey(kind);
    const mark = tags[key];
    const rel = relation(mark, ownerKey);
    if (rel === "sibling" || rel === "foreign") {
      outcome = { removed: false, mark: mark!, rel };
      return new Map();
    }
    await remove();
    return new Map(mark === undefined ? [] : [[key, undefined]]);
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
