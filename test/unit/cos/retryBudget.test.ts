/**
 * Issue 10 case 5: retries outlast throttling and blips. The default policy rides out 4 SlowDowns in a row, a burst
 * of 20, and connection refusals for a few seconds (a server restart), with capped full-jitter backoff, Retry-After
 * honoured, and a time budget (`cos:retryMaxSeconds`) that bounds it all. Time is simulated (injectable sleep/now);
 * test/integ/regressions/retryOutage.integ.test.ts does a real outage over real HTTP.
 */
import { CosNetworkError, CosServiceError, retryPolicy, afterUnknownOutcome } from "../../../provider/cos";
import { retry } from "../../../provider/cos/retry";
import type { CosRequest, CosResponse } from "../../../provider/cos/pipeline";

const slowDown = (retryAfter?: string) =>
  new CosServiceError({ statusCode: 503, code: "SlowDown", message: "Please reduce your request rate.", method: "PUT", op: "PutBucketCors", retryAfter });
const net = (code: string) => new CosNetworkError("PutBucket", Object.assign(new Error(code), { code }));
const OK: CosResponse = { statusCode: 200, headers: {}, body: Buffer.alloc(0) };
const req = (): CosRequest => ({ op: "x", method: "PUT", origin: "http://h", wirePath: "/", signPath: "/", query: {}, headers: {}, context: { attempt: 0, skewCorrected: false } });

/** Runs one call whose attempts fail with `errors` (in order) and then succeed; time only moves when the policy sleeps. */
async function run(errors: unknown[], overrides: Parameters<typeof retryPolicy>[0] = {}) {
  const t = { now: 0, sleeps: [] as number[], attempts: 0 };
  const policy = retryPolicy({ now: () => t.now, sleep: async (ms) => { t.sleeps.push(ms); t.now += ms; }, random: () => 0.999, ...overrides });
  const handler = retry(policy)(async () => {
    const e = errors[t.attempts++];
    t.now += 5; // each attempt takes a little time
    if (e) throw e;
    return OK;
  });
  const result = await handler(req()).then(() => "ok", (e: unknown) => e);
  return { result, ...t };
}

describe("the default retry budget", () => {
  it("4 SlowDowns in a row succeed (the old 4-attempt policy failed after ~300 ms)", async () => {
    const r = await run([slowDown(), slowDown(), slowDown(), slowDown()]);
    expect(r.result).toBe("ok");
    expect(r.attempts).toBe(5);
  });

  it("a burst of 20 SlowDowns succeeds; each delay is capped full jitter", async () => {
    const r = await run(Array.from({ length: 20 }, () => slowDown()));
    expect(r.result).toBe("ok");
    expect(r.attempts).toBe(21);
    expect(Math.max(...r.sleeps)).toBeLessThanOrEqual(10_000);
    expect(r.sleeps.slice(0, 3)).toEqual([99, 199, 399]); // full jitter below 100·2^(n−1), random = 0.999
  });

  it("connection refused for 3 s (a server restart) succeeds", async () => {
    const errors: unknown[] = [];
    // enough ECONNREFUSED attempts to span > 3 s of simulated time with the real backoff
    for (let i = 0; i < 8; i++) errors.push(net("ECONNREFUSED"));
    const r = await run(errors);
    expect(r.result).toBe("ok");
    expect(r.now).toBeGreaterThan(3_000);
  });

  it("honours Retry-After beyond the backoff cap, up to maxRetryAfterMs", async () => {
    const r = await run([slowDown("30"), slowDown("600")]);
    expect(r.result).toBe("ok");
    expect(r.sleeps).toEqual([30_000, 60_000]);
  });

  it("gives up once the time budget (cos:retryMaxSeconds) is spent, with the last error", async () => {
    const r = await run(Array.from({ length: 500 }, () => slowDown()), { maxTotalMs: 20_000 });
    expect(r.result).toBeInstanceOf(CosServiceError);
    expect(r.now).toBeLessThanOrEqual(20_000 + 5);
    expect(r.attempts).toBeLessThan(500);
  });

  it("marks the final error when an earlier attempt's outcome is unknown (reset after sending), not after a refusal", async () => {
    const conflict = new CosServiceError({ statusCode: 409, code: "BucketAlreadyExists", message: "owned by you", method: "PUT", op: "PutBucket" });
    const lost = await run([net("ECONNRESET"), conflict]);
    expect(afterUnknownOutcome(lost.result)).toBe(true);
    const refused = await run([net("ECONNREFUSED"), new CosServiceError({ statusCode: 409, code: "BucketAlreadyExists", message: "", method: "PUT", op: "PutBucket" })]);
    expect(afterUnknownOutcome(refused.result)).toBe(false);
    const first = await run([new CosServiceError({ statusCode: 409, code: "BucketAlreadyExists", message: "", method: "PUT", op: "PutBucket" })]);
    expect(afterUnknownOutcome(first.result)).toBe(false);
  });
});
