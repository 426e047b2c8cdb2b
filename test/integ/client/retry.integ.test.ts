import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { closeAllPools, CosClient, CosNetworkError, isCosServiceError, type CosClientOptions, type RetryPolicy } from "../../../provider/cos";
import { errorReply, startFlakyServer, type FlakyServer } from "../../helpers/flakyServer";

const LOC = { bucket: "examplebucket-1250000000", region: "ap-guangzhou" };
const COS_HOST = "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com";
const CREDS = { secretId: "AKIDRETRY", secretKey: "RetrySecretKey" };
const CORS_XML = "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>";

/** A fake time line: `sleep` advances it instead of waiting, so backoff is instant and measurable. */
function fakeTime(start = Date.parse("2024-05-01T00:00:00Z")) {
  const t = { now: start, sleeps: [] as number[] };
  const policy: Partial<RetryPolicy> = {
    now: () => t.now,
    sleep: async (ms) => {
      t.sleeps.push(ms);
      t.now += ms;
    },
    random: () => 0.5,
  };
  return { t, policy };
}

function signTime(auth: string | string[] | undefined): string {
  return /q-sign-time=([^&]+)/.exec(String(auth))?.[1] ?? "";
}

let server: FlakyServer;
beforeAll(async () => {
  server = await startFlakyServer();
});
afterAll(async () => {
  await closeAllPools();
  await server.close();
});
beforeEach(() => {
  server.received.length = 0;
  server.schedule([]);
});

function client(extra: CosClientOptions = {}): CosClient {
  return new CosClient({ credentials: CREDS, endpoint: server.endpoint, ...extra });
}

describe("retry against a real flaky server", () => {
  it("drops a socket, then 503 SlowDown with Retry-After, then succeeds; re-signs each attempt", async () => {
    const { t, policy } = fakeTime();
    const attempts: number[] = [];
    server.schedule([
      { kind: "drop" },
      errorReply(503, "SlowDown", "Please reduce your request rate.", { "retry-after": "3" }),
      { kind: "reply", status: 200, body: CORS_XML, headers: { "content-type": "application/xml" } },
    ]);
    const c = client({ retry: policy, now: () => t.now, onRequest: (i) => attempts.push(i.attempt) });
    const cfg = await c.getBucketCors(LOC);
    expect(cfg).toEqual({ rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"] }] });
    expect(server.received).toHaveLength(3);
    expect(attempts).toEqual([1, 2, 3]);
    // attempt 1 → full jitter 0.5 × 100 ms; attempt 2 → Retry-After 3 s wins over 0.5 × 200 ms
    expect(t.sleeps).toEqual([50, 3000]);
    for (const r of server.received) {
      expect(r.headers.host).toBe(COS_HOST);
      expect(r.url).toBe("/?cors=");
    }
    // the clock moved 3 s between attempts 2 and 3, so their signatures differ
    const [, second, third] = server.received.map((r) => r.headers.authorization);
    expect(signTime(third)).not.toBe(signTime(second));
    expect(third).not.toBe(second);
  });

  it("honours Retry-After given as an HTTP date", async () => {
    const { t, policy } = fakeTime();
    const at = new Date(t.now + 2000).toUTCString();
    server.schedule([errorReply(429, "SlowDown", "throttled", { "retry-after": at })]);
    await client({ retry: policy, now: () => t.now }).deleteBucketCors(LOC);
    expect(t.sleeps).toEqual([2000]);
    expect(server.received).toHaveLength(2);
  });

  it("does not retry a non-retryable 400, and its message names code, message and request id", async () => {
    const { t, policy } = fakeTime();
    server.schedule([errorReply(400, "MalformedXML", "The XML you provided was not well-formed")]);
    const err = await client({ retry: policy }).putBucketCors(LOC, { rules: [] }).catch((e: unknown) => e);
    expect(server.received).toHaveLength(1);
    expect(t.sleeps).toEqual([]);
    expect(isCosServiceError(err, "MalformedXML")).toBe(true);
    expect((err as Error).message).toBe(
      "COS PutBucketCors failed: 400 MalformedXML: The XML you provided was not well-formed (request id req-MalformedXML)",
    );
    expect(err).toMatchObject({ statusCode: 400, requestId: "req-MalformedXML", traceId: "trace-MalformedXML", method: "PUT", op: "PutBucketCors" });
  });

  it("bounds attempts: always 503 → exactly maxAttempts requests, then the last error", async () => {
    const { policy } = fakeTime();
    server.schedule(Array.from({ length: 10 }, () => errorReply(503, "ServiceUnavailable", "busy")));
    const err = await client({ retry: { ...policy, maxAttempts: 4 } }).getBucketCors(LOC).catch((e: unknown) => e);
    expect(isCosServiceError(err, "ServiceUnavailable")).toBe(true);
    expect(server.received).toHaveLength(4);
  });

  it("bounds total time: no attempt starts after maxTotalMs", async () => {
    const { t, policy } = fakeTime();
    server.schedule(Array.from({ length: 10 }, () => errorReply(500, "InternalError", "oops")));
    const c = client({ retry: { ...policy, random: () => 0.999, maxAttempts: 10, maxTotalMs: 250 } });
    await expect(c.getBucketCors(LOC)).rejects.toMatchObject({ code: "InternalError" });
    // delays 99 ms (total 99) then 199 ms would end at 298 > 250 → stop after 2 attempts
    expect(t.sleeps).toEqual([99]);
    expect(server.received).toHaveLength(2);
  });

  it("RequestTimeTooSkewed: adopts server Date − local now and the re-signed request succeeds", async () => {
    const local = Date.parse("2024-05-01T00:00:00Z");
    const serverNow = local + 20 * 60_000;
    server.schedule([errorReply(403, "RequestTimeTooSkewed", "The difference between the request time and the server's time is too large.", { date: new Date(serverNow).toUTCString() })]);
    const c = client({ now: () => local, retry: { sleep: async () => undefined } });
    await c.putBucketCors(LOC, { rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"] }] });
    expect(server.received).toHaveLength(2);
    expect(c.clock.offsetMs).toBe(20 * 60_000);
    const s = serverNow / 1000;
    expect(signTime(server.received[0]!.headers.authorization)).toBe(`${local / 1000 - 60};${local / 1000 + 900}`);
    expect(signTime(server.received[1]!.headers.authorization)).toBe(`${s - 60};${s + 900}`);
    // the body (and so Content-MD5) was built once; only the signature changed
    expect(server.received[1]!.headers["content-md5"]).toBe(server.received[0]!.headers["content-md5"]);
  });

  it("AccessDenied 'Request has expired' is clock skew too; corrected once only", async () => {
    const local = Date.parse("2024-05-01T00:00:00Z");
    const expired = () => errorReply(403, "AccessDenied", "Request has expired", { date: new Date(local - 3_600_000).toUTCString() });
    server.schedule([expired(), expired(), expired()]);
    const c = client({ now: () => local, retry: { sleep: async () => undefined } });
    const err = await c.getBucketCors(LOC).catch((e: unknown) => e);
    expect(isCosServiceError(err, "AccessDenied")).toBe(true);
    expect(server.received).toHaveLength(2);
    expect(c.clock.offsetMs).toBe(-3_600_000);
  });

  it("ExpiredToken is not clock skew and is not retried", async () => {
    server.schedule([errorReply(403, "ExpiredToken", "token expired", { date: new Date(Date.now() + 3_600_000).toUTCString() })]);
    const c = client({ retry: { sleep: async () => undefined } });
    await expect(c.getBucketCors(LOC)).rejects.toMatchObject({ code: "ExpiredToken" });
    expect(server.received).toHaveLength(1);
    expect(c.clock.offsetMs).toBe(0);
  });

  it("a hung response hits the headers timeout, is retried, then succeeds", async () => {
    server.schedule([{ kind: "hang" }, { kind: "reply", status: 204 }]);
    const c = client({ timeouts: { requestMs: 150 }, retry: { sleep: async () => undefined } });
    await c.deleteBucketPolicy(LOC);
    expect(server.received).toHaveLength(2);
  });

  it("HEAD errors map by status: 404 → false, 403 → AccessDenied", async () => {
    server.schedule([{ kind: "reply", status: 404 }, { kind: "reply", status: 403 }]);
    const c = client();
    expect(await c.headBucket(LOC)).toBe(false);
    await expect(c.headBucket(LOC)).rejects.toMatchObject({ code: "AccessDenied", statusCode: 403 });
  });

  it("shares one keep-alive pool per origin across CosClient instances", async () => {
    const clients = [client(), client(), client()];
    for (const c of [...clients, ...clients]) {
      await c.deleteBucketCors(LOC);
      // undici marks a connection free one macrotask after the body ends; without this tick a back-to-back
      // request may open a second socket in the same shared pool, which is fine but would blur this assertion.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    expect(server.received).toHaveLength(6);
    // one pool per client would need at least three sockets
    expect(new Set(server.received.map((r) => r.remotePort)).size).toBe(1);
  });
});

describe("network errors", () => {
  it("connection refused is retried up to maxAttempts, then thrown as CosNetworkError(ECONNREFUSED)", async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((r) => probe.close(() => r()));
    const attempts: number[] = [];
    const c = new CosClient({
      credentials: CREDS,
      endpoint: `http://127.0.0.1:${port}`,
      retry: { maxAttempts: 3, sleep: async () => undefined },
      onRequest: (i) => attempts.push(i.attempt),
    });
    const err = await c.getBucketCors(LOC).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CosNetworkError);
    expect((err as CosNetworkError).code).toBe("ECONNREFUSED");
    expect(attempts).toEqual([1, 2, 3]);
  });
});
