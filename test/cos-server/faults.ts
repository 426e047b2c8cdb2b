/**
 * Fault injection for tests, benchmarks and the CLI (`/-/faults/<name>` admin endpoint). Every fault is
 * visible to any client on the wire: an error response, a dropped socket (before or after the server acted), a delay, a missing bucket,
 * a stale configuration or a skewed `Date`/signature clock.
 */

/** Which requests a fault applies to; omitted fields match anything. */
export interface FaultMatch {
  /** HTTP method, e.g. "PUT". */
  method?: string;
  /** Sub-resource key (`cors`, `uploads`, …); `""` matches requests without one. */
  subresource?: string;
  /** Full bucket name. */
  bucket?: string;
}

/** The error returned by {@link Faults.failNext}. */
export interface FailSpec extends FaultMatch {
  status: number;
  code: string;
  message?: string;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
}

/** What a fault rule is matched against. */
export interface FaultRequest {
  readonly method: string;
  readonly subresource: string;
  readonly bucket?: string;
}

interface Counted<T> {
  remaining: number;
  spec: T;
}

function matches(m: FaultMatch | undefined, r: FaultRequest): boolean {
  if (!m) return true;
  if (m.method !== undefined && m.method.toUpperCase() !== r.method) return false;
  if (m.subresource !== undefined && m.subresource !== r.subresource) return false;
  if (m.bucket !== undefined && m.bucket !== r.bucket) return false;
  return true;
}

/** The fault controller of one server. */
export class Faults {
  private failures: Counted<FailSpec>[] = [];
  private drops: Counted<FaultMatch | undefined>[] = [];
  private dropsAfter: Counted<FaultMatch | undefined>[] = [];
  private delays: { ms: number; match?: FaultMatch }[] = [];
  private delaysNext: Counted<{ ms: number; match?: FaultMatch }>[] = [];
  private hideMs = 0;
  private staleMs = 0;
  private skewMs = 0;

  /** The next `n` matching requests fail with this COS error (e.g. 503 SlowDown). */
  failNext(n: number, spec: FailSpec): void {
    this.failures.push({ remaining: n, spec: { ...spec } });
  }

  /** The next `n` matching requests get their socket destroyed without any response. */
  dropNext(n: number, match?: FaultMatch): void {
    this.drops.push({ remaining: n, spec: match ? { ...match } : undefined });
  }

  /**
   * The next `n` matching requests are served — the server acts on them (a bucket is created, a configuration
   * written) — and then their socket is destroyed before any byte of the answer: the client cannot know the outcome.
   */
  dropAfterServingNext(n: number, match?: FaultMatch): void {
    this.dropsAfter.push({ remaining: n, spec: match ? { ...match } : undefined });
  }

  /** Every matching request is delayed by `ms` (until {@link reset}; `latency(0)` clears delays). */
  latency(ms: number, match?: FaultMatch): void {
    if (ms <= 0) this.delays = [];
    else this.delays.push({ ms, match: match ? { ...match } : undefined });
  }

  /** Only the next `n` matching requests are delayed by `ms` (a late answer: the server acts after the delay). */
  latencyNext(n: number, ms: number, match?: FaultMatch): void {
    this.delaysNext.push({ remaining: n, spec: { ms, match: match ? { ...match } : undefined } });
  }

  /** Buckets created from now on answer NoSuchBucket to every other request for `ms` (eventual consistency). */
  hideNewBuckets(ms: number): void {
    this.hideMs = Math.max(0, ms);
  }

  /** A configuration GET returns the previous value for `ms` after each write. */
  staleReads(ms: number): void {
    this.staleMs = Math.max(0, ms);
  }

  /** Offsets the server clock (signature window and `Date` header) by `ms`. */
  skewClock(ms: number): void {
    this.skewMs = ms;
  }

  /** Removes every fault. */
  reset(): void {
    this.failures = [];
    this.drops = [];
    this.dropsAfter = [];
    this.delays = [];
    this.delaysNext = [];
    this.hideMs = 0;
    this.staleMs = 0;
    this.skewMs = 0;
  }

  /** Server clock in epoch ms, including the injected skew. */
  now(): number {
    return Date.now() + this.skewMs;
  }

  /** Current hide window in ms. */
  get hideNewBucketsMs(): number {
    return this.hideMs;
  }

  /** Current stale-read window in ms. */
  get staleReadsMs(): number {
    return this.staleMs;
  }

  /** Current clock skew in ms. */
  get clockSkewMs(): number {
    return this.skewMs;
  }

  /** @internal Consumes a drop rule matching `r`. */
  takeDrop(r: FaultRequest): boolean {
    return take(this.drops, (d) => matches(d, r)) !== undefined;
  }

  /** @internal Consumes an act-then-drop rule matching `r` (checked after the request was served). */
  takeDropAfterServing(r: FaultRequest): boolean {
    return take(this.dropsAfter, (d) => matches(d, r)) !== undefined;
  }

  /** @internal Consumes a failure rule matching `r`. */
  takeFailure(r: FaultRequest): FailSpec | undefined {
    return take(this.failures, (f) => matches(f, r))?.spec;
  }

  /** @internal Delay for `r` in ms (the largest matching rule; consumes one {@link latencyNext} rule). */
  delayFor(r: FaultRequest): number {
    let ms = take(this.delaysNext, (d) => matches(d.match, r))?.spec.ms ?? 0;
    for (const d of this.delays) if (matches(d.match, r)) ms = Math.max(ms, d.ms);
    return ms;
  }

  /** A JSON description of the active faults (admin `GET /-/faults`). */
  describe(): Record<string, unknown> {
    return {
      failNext: this.failures.map((f) => ({ n: f.remaining, ...f.spec })),
      dropNext: this.drops.map((d) => ({ n: d.remaining, ...(d.spec ?? {}) })),
      dropAfterServingNext: this.dropsAfter.map((d) => ({ n: d.remaining, ...(d.spec ?? {}) })),
      latency: this.delays,
      latencyNext: this.delaysNext.map((d) => ({ n: d.remaining, ms: d.spec.ms, ...(d.spec.match ?? {}) })),
      hideNewBucketsMs: this.hideMs,
      staleReadsMs: this.staleMs,
      skewClockMs: this.skewMs,
    };
  }
}

function take<T>(list: Counted<T>[], pred: (spec: T) => boolean): Counted<T> | undefined {
  const i = list.findIndex((c) => c.remaining > 0 && pred(c.spec));
  if (i < 0) return undefined;
  const c = list[i];
  c.remaining--;
  if (c.remaining <= 0) list.splice(i, 1);
  return c;
}
