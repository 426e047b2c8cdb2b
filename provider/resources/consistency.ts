/**
 * Eventual consistency (issue 10 cases 4 and 6): COS front ends may not see a bucket for seconds after its creation,
 * and a configuration GET may return the previous document for seconds after a write. Nothing leaves state, drifts or
 * fails on one stale read; and nothing waits for a bucket that cannot appear.
 * @internal
 * @packageDocumentation
 */
import { backOff } from "exponential-backoff";
import type { CosClient } from "../cos/client";
import type { BucketLocation } from "../cos/endpoint";
import { isCosServiceError } from "../cos/errors";
import { getSettings } from "../config";

/** Buckets this process created, with the time: one dynamic-provider process serves a whole deployment. */
const createdHere = new Map<string, number>();
/** Writes this process made, by `<bucket>/<what>`, with the time (e.g. versioning before replication's check). */
const writtenHere = new Map<string, number>();

/** How long after its creation a bucket may still answer NoSuchBucket (`propagationTimeoutMs`, default 2 minutes). */
export const propagationWindowMs = (): number => getSettings().propagationTimeoutMs ?? 120_000;
/** How long after a write a GET may still return the previous document (`consistencyWindowMs`, default 20 s). */
export const staleWindowMs = (): number => getSettings().consistencyWindowMs ?? 20_000;

/** Records that this process created `bucket` now. */
export function noteCreated(bucket: string, at = Date.now()): void {
  createdHere.set(bucket, at);
}

/** Records that this process deleted `bucket`: a NoSuchBucket for it is now the truth, not propagation. */
export function noteDeleted(bucket: string): void {
  createdHere.delete(bucket);
}

/** Records a write of `what` on `bucket` now. */
export function noteWrite(bucket: string, what: string, at = Date.now()): void {
  writtenHere.set(`${bucket}/${what}`, at);
}

/** Epoch ms of this process's last write of `what` on `bucket`, if any. */
export function lastWrite(bucket: string, what: string): number | undefined {
  return writtenHere.get(`${bucket}/${what}`);
}

/**
 * Until when a prerequisite check of `what` on `bucket` should keep re-reading: at least `minMs` from now, and to the
 * end of the stale-read window after this process's own last write of it (versioning just enabled by the Bucket).
 */
export function settleDeadline(bucket: string, what: string, minMs: number): number {
  const written = lastWrite(bucket, what);
  return Math.max(Date.now() + minMs, written === undefined ? 0 : written + Math.max(staleWindowMs(), propagationWindowMs()));
}

/** True when `since` (epoch ms) lies less than `windowMs` in the past. */
export const within = (since: unknown, windowMs: number): boolean => typeof since === "number" && Date.now() - since < windowMs;

/**
 * Whether a NoSuchBucket for `loc` is plausibly a bucket still propagating: this process created it recently, the
 * resource's own state says it was created recently (`createdAt`), or the account's bucket list (GET Service, served
 * apart from the bucket's front end) already holds it. Otherwise the bucket does not exist and waiting cannot help.
 */
export async function mayStillAppear(client: CosClient, loc: BucketLocation, createdAt?: unknown): Promise<boolean> {
  const w = propagationWindowMs();
  if (within(createdHere.get(loc.bucket), w) || within(createdAt, w)) return true;
  try {
    return (await client.getService({ region: loc.region })).some((b) => b.name === loc.bucket);
  } catch {
    return false; // the listing is a hint only; without it, fail fast with the original NoSuchBucket
  }
}

/**
 * Runs `fn`, retrying `NoSuchBucket` with jittered backoff for the propagation window — but only for a bucket that may
 * still appear ({@link mayStillAppear}); for any other bucket the NoSuchBucket fails at once, saying that the bucket
 * does not exist (terraform-provider-aws #7803, #12907; LESSONS.md §1 A).
 */
export async function withPropagation<T>(fn: () => Promise<T>, what: string, loc: BucketLocation, client: CosClient, createdAt?: unknown): Promise<T> {
  const windowMs = propagationWindowMs();
  const started = Date.now();
  let plausible: boolean | undefined;
  const retry = async (e: unknown): Promise<boolean> => {
    if (!isCosServiceError(e, "NoSuchBucket") || Date.now() - started >= windowMs) return false;
    plausible ??= await mayStillAppear(client, loc, createdAt);
    return plausible;
  };
  try {
    // The first attempt runs bare: nearly every call ends there, and the backoff helper costs ≈ 35 µs of CPU per call
    // in a fresh provider process (issue 15: a destroy of 550 resources makes 1,100 calls). Its retries then follow
    // the same schedule as before: 200 ms, doubling, jittered.
    try {
      return await fn();
    } catch (e) {
      if (!(await retry(e))) throw e;
    }
    return await backOff(fn, {
      numOfAttempts: 999,
      delayFirstAttempt: true,
      startingDelay: Math.min(200, windowMs),
      maxDelay: Math.max(1, Math.min(5_000, windowMs)),
      timeMultiple: 2,
      jitter: "full",
      retry,
    });
  } catch (e) {
    if (isCosServiceError(e, "NoSuchBucket")) {
      (e as Error).message = plausible === false
        ? `${(e as Error).message} — ${what}: bucket ${loc.bucket} does not exist in ${loc.region} (it is not in the account's bucket list either); check the bucket name and region`
        : `${(e as Error).message} — ${what}: the bucket did not become visible within ${Math.round(windowMs / 1000)} s`;
    }
    throw e;
  }
}

/**
 * Reads until `settled(value)` holds or `windowMs` has passed since `since`: a read that disagrees with our own recent
 * write is confirmed again before it counts. Returns the last value read.
 */
export async function readSettled<T>(read: () => Promise<T>, settled: (v: T) => boolean, since: unknown, windowMs: number): Promise<T> {
  let v = await read();
  let delay = 200;
  while (!settled(v) && within(since, windowMs)) {
    await new Promise((r) => setTimeout(r, Math.min(delay, Math.max(1, windowMs - (Date.now() - (since as number))))));
    delay = Math.min(delay * 2, 2_000);
    v = await read();
  }
  return v;
}

/**
 * After a NoSuchBucket on `loc`: true only on evidence that the bucket is gone — a bucket created in the last
 * `consistencyWindowMs` (by this process, or per `createdAt`) must stay invisible until that window has passed; any
 * other needs a second, agreeing HEAD Bucket a moment later.
 */
export async function confirmBucketGone(client: CosClient, loc: BucketLocation, createdAt?: unknown): Promise<boolean> {
  const w = staleWindowMs(); // creation is a write: a new bucket may be invisible for seconds (issue 10: 5–10 s)
  const since = [createdAt, createdHere.get(loc.bucket)].filter((x): x is number => typeof x === "number").sort().pop();
  if (within(since, w)) return !(await readSettled(() => client.headBucket(loc), (found) => found, since, w));
  await new Promise((r) => setTimeout(r, 1_000));
  return !(await client.headBucket(loc));
}
