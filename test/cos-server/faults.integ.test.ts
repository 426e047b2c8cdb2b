/**
 * Fault injection (failNext, dropNext, latency, hideNewBuckets, staleReads, skewClock, reset), each
 * observed by a client on the wire; the admin endpoint; the request log.
 */
import * as http from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import type COS from "cos-nodejs-sdk-v5";
import { type CosServer, startCosServer } from "./index";
import { REGION, raw, sdkClient, sdkError } from "./testkit";

let server: CosServer;
let cos: COS;
const B = { Bucket: "faults-1250000000", Region: REGION };

beforeAll(async () => {
  server = await startCosServer();
  cos = sdkClient(server);
  await cos.putBucket(B);
});
afterAll(() => server.close());
afterEach(() => {
  server.faults.reset();
  server.resetRequestLog();
});

function admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: server.port, method, path, agent: false, headers: { "Content-Type": "application/json" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown> }));
    });
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe("failNext", () => {
  it("fails the next n matching requests with the given COS error and Retry-After", async () => {
    server.faults.failNext(2, { status: 503, code: "SlowDown", retryAfter: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await raw(server, { method: "GET", bucket: B.Bucket });
      expect(res).toMatchObject({ status: 503, code: "SlowDown" });
      expect(res.headers["retry-after"]).toBe("2");
      expect(res.headers["x-cos-trace-id"]).toBeTruthy();
      expect(res.body).toContain("<RequestId>");
    }
    expect((await raw(server, { method: "GET", bucket: B.Bucket })).status).toBe(200);
  });

  it("matches method and sub-resource", async () => {
    server.faults.failNext(1, { status: 500, code: "InternalError", method: "GET", subresource: "cors" });
    expect((await raw(server, { method: "GET", bucket: B.Bucket, query: { acl: "" } })).status).toBe(200);
    expect(await raw(server, { method: "GET", bucket: B.Bucket, query: { cors: "" } })).toMatchObject({ status: 500, code: "InternalError" });
    // The SDK retries a 5xx once more: the log shows the injected 500 and the real answer.
    server.faults.failNext(1, { status: 500, code: "InternalError", subresource: "cors" });
    expect((await cos.getBucketCors(B)).CORSRules).toEqual([]);
    expect(server.requests.map((r) => [r.subresource, r.status])).toEqual([["acl", 200], ["cors", 500], ["cors", 500], ["cors", 404]]);
  });
});

describe("dropNext", () => {
  it("destroys the socket without a response, for matching requests only", async () => {
    server.faults.dropNext(1, { method: "PUT" });
    expect((await raw(server, { method: "GET", bucket: B.Bucket })).status).toBe(200);
    await expect(raw(server, { method: "PUT", bucket: B.Bucket, key: "k", body: "x" })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await raw(server, { method: "PUT", bucket: B.Bucket, key: "k", body: "x" })).status).toBe(200);
  });
});

describe("dropAfterServingNext", () => {
  it("acts on the request, then destroys the socket: the bucket exists although the client got no answer", async () => {
    server.faults.dropAfterServingNext(1, { method: "PUT", subresource: "" });
    const b = "acted-1250000000";
    await expect(raw(server, { method: "PUT", bucket: b })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(server.state.getBucket(b)).toBeDefined();
    expect(server.requests.map((r) => [r.method, r.status, r.code])).toEqual([["PUT", 200, "DroppedAfterServing"]]);
    // The retry meets the bucket the lost attempt created.
    expect(await raw(server, { method: "PUT", bucket: b })).toMatchObject({ status: 409, code: "BucketAlreadyExists" });
    expect((await admin("POST", "/-/faults/dropAfterServingNext", { n: 1, method: "DELETE" })).status).toBe(200);
    await expect(raw(server, { method: "DELETE", bucket: b })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(server.state.getBucket(b)).toBeUndefined();
  });

  it("PUT Bucket with x-cos-tagging creates the bucket with those tags", async () => {
    const b = "tagged-1250000000";
    expect((await raw(server, { method: "PUT", bucket: b, headers: { "x-cos-tagging": "tencentcos%3Aowner%3Abucket=abc&team=a%20b" } })).status).toBe(200);
    expect((await cos.getBucketTagging({ Bucket: b, Region: REGION })).Tags).toEqual([{ Key: "tencentcos:owner:bucket", Value: "abc" }, { Key: "team", Value: "a b" }]);
    expect(await raw(server, { method: "PUT", bucket: "tagged2-1250000000", headers: { "x-cos-tagging": "=v" } })).toMatchObject({ status: 400, code: "InvalidArgument" });
    expect(server.state.getBucket("tagged2-1250000000")).toBeUndefined();
  });
});

describe("latency", () => {
  it("delays matching requests", async () => {
    server.faults.latency(300, { subresource: "cors" });
    let t = Date.now();
    await raw(server, { method: "GET", bucket: B.Bucket, query: { cors: "" } });
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
    t = Date.now();
    await raw(server, { method: "GET", bucket: B.Bucket, query: { acl: "" } });
    expect(Date.now() - t).toBeLessThan(290);
  });
});

describe("latencyNext", () => {
  it("delays only the next n matching requests; the server still acts after the delay", async () => {
    server.faults.latencyNext(1, 300, { method: "PUT" });
    let t = Date.now();
    expect((await raw(server, { method: "PUT", bucket: "late-1250000000" })).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
    t = Date.now();
    expect((await raw(server, { method: "PUT", bucket: "late-1250000000" })).status).toBe(409);
    expect(Date.now() - t).toBeLessThan(290);
  });
});

describe("hideNewBuckets", () => {
  it("answers NoSuchBucket for a new bucket until the window passes", async () => {
    server.faults.hideNewBuckets(1000);
    const b = { Bucket: "hidden-1250000000", Region: REGION };
    await cos.putBucket(b);
    expect(await sdkError(cos.putBucketCors({ ...b, CORSRules: [{ AllowedOrigin: ["*"], AllowedMethod: ["GET"] }] }))).toMatchObject({ statusCode: 404, code: "NoSuchBucket" });
    expect((await cos.getService({})).Buckets.map((x) => x.Name)).not.toContain(b.Bucket);
    expect((await cos.headBucket(B)).statusCode).toBe(200); // older buckets are unaffected
    await delay(1050);
    expect((await cos.headBucket(b)).statusCode).toBe(200);
  });
});

describe("staleReads", () => {
  it("returns the previous configuration for a while after each write", async () => {
    server.faults.staleReads(1000);
    const b = { Bucket: "stale-1250000000", Region: REGION };
    await cos.putBucket(b);
    await cos.putBucketTagging({ ...b, Tags: [{ Key: "v", Value: "1" }] });
    expect(await raw(server, { method: "GET", bucket: b.Bucket, query: { tagging: "" } })).toMatchObject({ status: 404, code: "NoSuchTagSet" });
    await delay(1050);
    expect((await cos.getBucketTagging(b)).Tags).toEqual([{ Key: "v", Value: "1" }]);
    await cos.putBucketTagging({ ...b, Tags: [{ Key: "v", Value: "2" }] });
    expect((await cos.getBucketTagging(b)).Tags).toEqual([{ Key: "v", Value: "1" }]);
    expect(server.state.getConfig(b.Bucket, "tagging")).toEqual({ TagSet: { Tag: [{ Key: "v", Value: "2" }] } });
  });
});

describe("skewClock", () => {
  it("shifts the Date header and the signature window; the SDK corrects its clock from Date and retries", async () => {
    server.faults.skewClock(20 * 60_000);
    const res = await raw(server, { method: "GET", bucket: B.Bucket });
    expect(res).toMatchObject({ status: 403, code: "AccessDenied", message: "Request has expired" });
    const skew = Date.parse(String(res.headers.date)) - Date.now();
    expect(skew).toBeGreaterThan(19 * 60_000);
    expect(skew).toBeLessThan(21 * 60_000);
    server.resetRequestLog();
    // (A HEAD could not recover: its 403 has no body to name the cause, digest §4.1.)
    // A separate client: the SDK keeps the corrected offset (SystemClockOffset) for later calls.
    expect((await sdkClient(server).getBucketAcl(B)).statusCode).toBe(200);
    expect(server.requests.map((r) => [r.status, r.code])).toEqual([[403, "AccessDenied"], [200, undefined]]);
  });
});

describe("reset and the admin endpoint", () => {
  it("reset() removes every fault", async () => {
    server.faults.failNext(5, { status: 503, code: "SlowDown" });
    server.faults.latency(1000);
    server.faults.skewClock(3_600_000);
    server.faults.reset();
    const t = Date.now();
    expect((await raw(server, { method: "GET", bucket: B.Bucket })).status).toBe(200);
    expect(Date.now() - t).toBeLessThan(1000);
  });

  it("controls faults over loopback HTTP: POST /-/faults/<name>, GET /-/faults, /-/requests", async () => {
    expect((await admin("POST", "/-/faults/failNext", { n: 1, status: 503, code: "ServiceUnavailable", method: "GET" })).status).toBe(200);
    expect((await admin("GET", "/-/faults")).json.failNext).toEqual([{ n: 1, status: 503, code: "ServiceUnavailable", method: "GET" }]);
    expect(await raw(server, { method: "GET", bucket: B.Bucket })).toMatchObject({ status: 503, code: "ServiceUnavailable" });
    const log = await admin("GET", "/-/requests");
    expect(log.json.requests).toEqual([expect.objectContaining({ method: "GET", path: "/", status: 503, code: "ServiceUnavailable", bucket: B.Bucket })]);
    await admin("POST", "/-/faults/skewClock", { ms: 5000 });
    expect(server.faults.clockSkewMs).toBe(5000);
    await admin("POST", "/-/faults/reset");
    expect(server.faults.clockSkewMs).toBe(0);
    expect((await admin("POST", "/-/faults/explode", {})).status).toBe(404);
    expect((await admin("POST", "/-/faults/latency", { ms: "soon" })).status).toBe(400);
  });
});

describe("request log", () => {
  it("records exactly the calls a client made, with sub-resources and statuses", async () => {
    await cos.getBucketCors(B);
    await cos.putObject({ ...B, Key: "a b", Body: "x" });
    expect(server.requests.map(({ method, host, path, subresource, status }) => ({ method, host, path, subresource, status }))).toEqual([
      { method: "GET", host: `${B.Bucket}.cos.${REGION}.myqcloud.com`, path: "/", subresource: "cors", status: 404 },
      { method: "PUT", host: `${B.Bucket}.cos.${REGION}.myqcloud.com`, path: "/a%20b", subresource: "", status: 200 },
    ]);
    const ids = new Set(server.requests.map((r) => r.requestId));
    expect(ids.size).toBe(2);
  });
});
