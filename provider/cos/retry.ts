/**
 * Retry middleware (STYLE §2): sits *above* signing so every attempt is re-signed with a fresh time.
 * Backoff is hand-written rather than `exponential-backoff`'s `backOff()`: that helper cannot honour a per-error
 * `Retry-After`, bound the total elapsed time, or take an injectable sleep/random for fast deterministic tests.
 * Never use undici's retry interceptor: it sits below signing and would replay a stale signature.
 * @packageDocumentation
 */
import { isCosError, isCosServiceError, networkCode } from "./errors";
import { cloneRequest, type Middleware } from "./pipeline";

/**
 * How many times, and how patiently, a failed call is retried. The budget is time, not a count: an infrastructure run
 * must ride out a SlowDown burst or a server restart of a few seconds (terraform-provider-aws retries for up to 25
 * attempts; STYLE §2), so throttling and connection failures are retried for minutes.
 */
export interface RetryPolicy {
  /** Total attempts including the first; a safety net only, the time budget {@link maxTotalMs} is what binds. */
  maxAttempts: number;
  /** Base of the exponential backoff, ms. */
  baseDelayMs: number;
  /** Cap of one backoff delay, ms. */
  maxDelayMs: number;
  /** Cap of one honoured `Retry-After`, ms (a server asking for longer still gets this much patience). */
  maxRetryAfterMs: number;
  /** No new attempt starts if it would begin later than this after the first one, ms (stack config `cos:retryMaxSeconds`). */
  maxTotalMs: number;
  /** Injectable for tests. */
  sleep: (ms: number) => Promise<void>;
  /** Injectable for tests; returns [0, 1). */
  random: () => number;
  /** Injectable for tests; ms since the epoch. */
  now: () => number;
}

/** Defaults: full jitter from 100 ms, each delay capped at 10 s, Retry-After honoured up to 60 s, 5 minutes in total. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 1000,
  baseDelayMs: 100,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
  maxTotalMs: 300_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  now: Date.now,
};

/** Retry classification as data (smithy `service-error-classification/src/constants.ts`). */
export const RETRYABLE = {
  /** Throttling and transient server statuses. */
  statusCodes: [429, 500, 502, 503, 504] as readonly number[],
  /** COS codes that are transient whatever the status (002 error table: RequestTimeOut is a 400). */
  serviceCodes: ["SlowDown", "InternalError", "ServiceUnavailable", "RequestTimeout", "RequestTimeOut"] as readonly string[],
  /** Node and undici network codes. ENOTFOUND is deliberately absent: a bad region is a DNS error, not transient. */
  networkCodes: [
    "ECONNRESET",
    "ECONNREFUSED",
    "ECONNABORTED",
    "EPIPE",
    "ETIMEDOUT",
    "EAI_AGAIN",
    "ENETUNREACH",
    "EHOSTUNREACH",
    "UND_ERR_SOCKET",
    "UND_ERR_CLOSED",
    "UND_ERR_CONNECT_TIMEOUT",
    "UND_ERR_HEADERS_TIMEOUT",
    "UND_ERR_BODY_TIMEOUT",
  ] as readonly string[],
};

/** Whether an error thrown by the lower pipeline may be retried. */
export function isRetryable(err: unknown): boolean {
  if (isCosServiceError(err)) {
    return (
      err.clockSkewCorrected ||
      RETRYABLE.statusCodes.includes(err.statusCode) ||
      RETRYABLE.serviceCodes.includes(err.code)
    );
  }
  if (isCosError(err) && err.name !== "CosNetworkError") return false;
  const code = networkCode(err);
  return code !== undefined && RETRYABLE.networkCodes.includes(code);
}

/** Full-jitter exponential backoff: uniform in [0, min(cap, base·2^(attempt−1))). */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs" | "random">): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(policy.random() * ceiling);
}

/** Parses `Retry-After` (delta seconds or an HTTP date) into ms from `now`; undefined if absent or invalid. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const date = Date.parse(v);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** The delay before the next attempt after `err`. */
export function retryDelay(err: unknown, attempt: number, policy: RetryPolicy): number {
  if (isCosServiceError(err) && err.clockSkewCorrected) return 0; // the fix is the new clock, not waiting
  const jitter = backoffDelay(attempt, policy);
  const after = isCosServiceError(err) ? parseRetryAfter(err.retryAfter, policy.now()) : undefined;
  return after === undefined ? jitter : Math.min(policy.maxRetryAfterMs, Math.max(after, jitter));
}

/**
 * Network codes after which the request cannot have reached COS (nothing was sent): every other network failure
 * (a reset or timeout after the request was written) leaves the outcome unknown — COS may have acted.
 */
const NOT_SENT = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "UND_ERR_CONNECT_TIMEOUT"];
const UNKNOWN_OUTCOME = Symbol.for("pulumi-tencent-cos.retry.afterUnknownOutcome");

/**
 * True when `err` (the final error of a call) follows an earlier attempt of the same call whose outcome is unknown:
 * its socket was dropped or it timed out after the request was sent. A 409 BucketAlreadyExists then most likely
 * answers our own earlier, successful PUT Bucket (issue 10 case 2).
 */
export function afterUnknownOutcome(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as Record<symbol, unknown>)[UNKNOWN_OUTCOME] === true;
}

function outcomeUnknown(err: unknown): boolean {
  if (isCosServiceError(err) || !isCosError(err) || err.name !== "CosNetworkError") return false;
  const code = networkCode(err);
  return code === undefined || !NOT_SENT.includes(code);
}

/** Builds a complete policy from partial overrides. */
export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const p = { ...DEFAULT_RETRY_POLICY, ...overrides };
  p.maxAttempts = Math.max(1, Math.floor(p.maxAttempts));
  return p;
}

/** The retry middleware: clones the request per attempt and sleeps between attempts. */
export function retry(policy: RetryPolicy): Middleware {
  return (next) => async (req) => {
    const started = policy.now();
    let unknown = false;
    for (let attempt = 1; ; attempt++) {
      req.context.attempt = attempt;
      try {
        return await next(cloneRequest(req));
      } catch (err) {
        if (unknown && typeof err === "object" && err !== null) Object.defineProperty(err, UNKNOWN_OUTCOME, { value: true });
        unknown ||= outcomeUnknown(err);
        if (attempt >= policy.maxAttempts || !isRetryable(err)) throw err;
        const delay = retryDelay(err, attempt, policy);
        if (policy.now() - started + delay > policy.maxTotalMs) throw err;
        await policy.sleep(delay);
      }
    }
  };
}
