import {
  backoffDelay,
  CosNetworkError,
  CosServiceError,
  CosValidationError,
  DEFAULT_RETRY_POLICY,
  isRetryable,
  parseRetryAfter,
  RETRYABLE,
  retryPolicy,
} from "../../../provider/cos";

const svc = (statusCode: number, code: string) => new CosServiceError({ statusCode, code, message: "", method: "GET", op: "x" });
const net = (code: string) => new CosNetworkError("x", Object.assign(new Error(code), { code }));

describe("retry classification table", () => {
  it("has the documented defaults", () => {
    // A time budget sized for infrastructure runs (issue 10 case 5): minutes, not 4 attempts from 100 ms.
    expect(DEFAULT_RETRY_POLICY).toMatchObject({ baseDelayMs: 100, maxDelayMs: 10_000, maxRetryAfterMs: 60_000, maxTotalMs: 300_000 });
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBeGreaterThanOrEqual(100);
    expect(RETRYABLE.statusCodes).toEqual([429, 500, 502, 503, 504]);
  });
  it.each([429, 500, 502, 503, 504])("retries status %i", (s) => expect(isRetryable(svc(s, "Whatever"))).toBe(true));
  it.each(["SlowDown", "InternalError", "ServiceUnavailable", "RequestTimeout", "RequestTimeOut"])("retries code %s even on a 400", (c) =>
    expect(isRetryable(svc(400, c))).toBe(true),
  );
  it.each(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"])(
    "retries network error %s",
    (c) => expect(isRetryable(net(c))).toBe(true),
  );
  it("does not retry client errors, DNS failures or validation errors", () => {
    expect(isRetryable(svc(400, "MalformedXML"))).toBe(false);
    expect(isRetryable(svc(403, "AccessDenied"))).toBe(false);
    expect(isRetryable(svc(404, "NoSuchBucket"))).toBe(false);
    expect(isRetryable(net("ENOTFOUND"))).toBe(false);
    expect(isRetryable(new CosValidationError("bad"))).toBe(false);
    expect(isRetryable(new Error("plain"))).toBe(false);
  });
  it("retries a 403 once the signer flagged it clockSkewCorrected", () => {
    const e = svc(403, "RequestTimeTooSkewed");
    expect(isRetryable(e)).toBe(false);
    e.clockSkewCorrected = true;
    expect(isRetryable(e)).toBe(true);
  });
});

describe("backoff", () => {
  const p = { baseDelayMs: 100, maxDelayMs: 20_000 };
  it("is full jitter: uniform in [0, min(cap, base·2^(n−1)))", () => {
    expect(backoffDelay(1, { ...p, random: () => 0 })).toBe(0);
    expect(backoffDelay(1, { ...p, random: () => 0.999 })).toBe(99);
    expect(backoffDelay(3, { ...p, random: () => 0.5 })).toBe(200);
    expect(backoffDelay(20, { ...p, random: () => 0.5 })).toBe(10_000);
  });
  it("parses Retry-After seconds and HTTP dates", () => {
    const now = Date.parse("2024-01-01T00:00:00Z");
    expect(parseRetryAfter("5", now)).toBe(5000);
    expect(parseRetryAfter("Mon, 01 Jan 2024 00:00:07 GMT", now)).toBe(7000);
    expect(parseRetryAfter("Sun, 31 Dec 2023 00:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
  it("policy overrides merge with defaults and keep at least one attempt", () => {
    expect(retryPolicy({ maxAttempts: 0 }).maxAttempts).toBe(1);
    expect(retryPolicy({ baseDelayMs: 1 })).toMatchObject({ baseDelayMs: 1, maxDelayMs: 10_000, maxTotalMs: 300_000 });
  });
});
