/**
 * What happens when COS is slow, throttled, eventually consistent, or a step fails half-way: nothing is lost, a retry
 * converges, and errors say what to do.
 */
import { resources, ResourceInitError } from "../../../provider";
import { type Props, type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv({ propagationTimeoutMs: 20_000 }); });
afterEach(() => env.server.faults.reset());
afterAll(async () => { await env.close(); });

const loc = (b: string) => ({ bucket: b, region: "ap-guangzhou" });
const cors = (b: string) => ({ bucket: b, rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"] }] });

test("a configuration written right after its bucket retries NoSuchBucket until the bucket is visible", async () => {
  env.server.faults.hideNewBuckets(1500);
  const b = env.bucketName("fresh");
  const started = Date.now();
  await env.create("bucket", { bucket: b, tags: { a: "1" } });
  await env.create("bucketCors", cors(b));
  expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // it really waited for visibility
  expect(env.server.state.getBucket(b)!.configs.cors?.value).toBeDefined();
  // and it was really hidden: some configuration request was answered 404 before it went through
  expect(env.server.state.requests.some((r) => r.status === 404 && r.subresource !== "")).toBe(true);
});

test("throttling (503 SlowDown) is retried by the client and the write lands once", async () => {
  const b = env.bucketName("slow");
  await env.client.putBucket(loc(b));
  env.server.state.resetRequestLog();
  env.server.faults.failNext(2, { status: 503, code: "SlowDown", method: "PUT", subresource: "cors" });
  await env.create("bucketCors", cors(b));
  const puts = env.server.state.requests.filter((r) => r.method === "PUT" && r.subresource === "cors");
  expect(puts.map((r) => r.status)).toEqual([503, 503, 200]);
});

test("a COS error surfaces with its code, message and request id", async () => {
  const b = env.bucketName("err");
  await env.client.putBucket(loc(b));
  env.server.faults.failNext(1, { status: 400, code: "InvalidArgument", message: "injected rejection", method: "PUT", subresource: "website" });
  const err = await env.create("website", { bucket: b, indexDocument: "index.html" }).catch((e: Error) => e);
  expect(err).toBeInstanceOf(Error);
  expect((err as Error).message).toMatch(/InvalidArgument/);
  expect((err as Error).message).toMatch(/injected rejection/);
  expect((err as Error).message).toMatch(/request id \S+/i);
  expect((err as Error).message).not.toContain(env.secretKey);
});

test("a bucket whose configuration fails after creation stays in state, and a retry finishes it", async () => {
  const b = env.bucketName("partial");
  const inputs = await env.check("bucket", {}, { bucket: b, tags: { owner: "data" }, versioning: "Enabled" });
  env.server.faults.failNext(1, { status: 400, code: "InvalidArgument", message: "tagging rejected", method: "PUT", subresource: "tagging" });
  const err = await resources.bucket.create({ ...inputs, __provider: "serialized-provider" }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ResourceInitError);
  const init = err as ResourceInitError;
  expect(init.id).toBe(b);
  expect(init.properties.__provider).toBe("serialized-provider"); // refresh/delete stay possible
  expect(init.properties.versioning).toBe("Enabled"); // applied before the failure
  expect(init.properties.tags).toBeUndefined(); // not applied: the next diff must see it
  expect(init.reasons.join()).toMatch(/run `pulumi up` again/);
  expect(env.server.state.getBucket(b)).toBeDefined(); // never orphaned: the id is in state

  // the next `pulumi up`: diff(partial state, program) → update → converged
  const d = await resources.bucket.diff(b, init.properties as Props, inputs);
  expect(d).toMatchObject({ changes: true, replaces: [] });
  const u = await resources.bucket.update(b, init.properties as Props, inputs);
  expect(await env.client.getBucketTagging(loc(b))).toEqual([{ key: "owner", value: "data" }]);
  const r = await resources.bucket.read(b, u.outs as Props);
  expect(await resources.bucket.diff(b, r.props as Props, inputs)).toMatchObject({ changes: false });
});

test("force-destroy empties every version, delete marker and multipart upload (batched), then deletes the bucket", async () => {
  const b = env.bucketName("versioned");
  const created = await env.create("bucket", { bucket: b, versioning: "Enabled", forceDestroy: true });
  const l = loc(b);
  // 1,050 keys with 2 versions each plus a delete marker on some: more than one batch of 1,000 per round.
  const keys = Array.from({ length: 1050 }, (_, i) => `data/${String(i).padStart(4, "0")} é+&?.txt`);
  for (let i = 0; i < keys.length; i += 50) {
    await Promise.all(keys.slice(i, i + 50).map(async (k) => { await env.client.putObject(l, k, "v1"); await env.client.putObject(l, k, "v2"); }));
  }
  for (const k of keys.slice(0, 30)) await env.client.deleteObject(l, k); // delete markers
  const uploads = await Promise.all(["big/1.bin", "big/2.bin", "big/3.bin"].map((k) => env.client.initiateMultipartUpload(l, k)));
  expect(uploads).toHaveLength(3);

  // without forceDestroy the delete refuses and says how to proceed
  const strict = { ...created.outs, forceDestroy: false };
  const refused = await resources.bucket.delete(b, strict).catch((e: Error) => e);
  expect((refused as Error).message).toMatch(/BucketNotEmpty/);
  expect((refused as Error).message).toMatch(/forceDestroy: true/);
  expect(env.server.state.getBucket(b)).toBeDefined();

  env.server.state.resetRequestLog();
  await resources.bucket.delete(b, created.outs);
  expect(env.server.state.getBucket(b)).toBeUndefined();
  const deletes = env.server.state.requests.filter((r) => r.method === "POST" && r.subresource === "delete");
  expect(deletes.length).toBeGreaterThanOrEqual(3); // 2,130 versions + markers in batches of ≤ 1,000
  expect(env.server.state.requests.filter((r) => r.method === "DELETE" && r.subresource === "uploadId").length).toBe(3);
}, 60_000);

test("an existing bucket is adopted only when asked, and then configured as declared", async () => {
  const b = env.bucketName("legacy");
  await env.client.putBucket(loc(b));
  await env.client.putBucketTagging(loc(b), [{ key: "old", value: "1" }]);
  const refused = await env.create("bucket", { bucket: b, tags: { team: "x" } }).catch((e: Error) => e);
  expect((refused as Error).message).toMatch(/adopt: true/);
  const adopted = await env.create("bucket", { bucket: b, tags: { team: "x" }, adopt: true });
  expect(adopted.id).toBe(b);
  expect(await env.client.getBucketTagging(loc(b))).toEqual([{ key: "team", value: "x" }]);
});

test("an existing foreign configuration is not overwritten unless adopted; an identical one is not taken over silently (issue 10 case 7)", async () => {
  const b = env.bucketName("foreign");
  await env.client.putBucket(loc(b));
  await env.client.putBucketCors(loc(b), { rules: [{ allowedOrigins: ["https://legacy.example"], allowedMethods: ["GET"] }] });
  const refused = await env.create("bucketCors", cors(b)).catch((e: Error) => e);
  expect((refused as Error).message).toMatch(/already has a CORS configuration.*adopt: true/s);
  expect((await env.client.getBucketCors(loc(b)))!.rules[0].allowedOrigins).toEqual(["https://legacy.example"]);
  const ownerKey = "0123456789ab.00000000000a";
  await env.create("bucketCors", { ...cors(b), adopt: true, ownerKey });
  expect((await env.client.getBucketCors(loc(b)))!.rules[0].allowedOrigins).toEqual(["*"]);
  // a retried create of the same resource (its mark is live) succeeds without adopt…
  await env.create("bucketCors", { ...cors(b), ownerKey });
  // …but identical rules are no longer enough for anyone else: that is how two stacks silently shared one CORS
  const other = await env.create("bucketCors", { ...cors(b), ownerKey: "ba9876543210.00000000000b" }).catch((e: Error) => e);
  expect((other as Error).message).toMatch(/managed by another stack.*adopt: true/s);
});

test("replication on an unversioned bucket fails before writing, naming the bucket and the fix", async () => {
  const src = env.bucketName("src");
  const dst = env.bucketName("dst");
  await env.client.putBucket(loc(src));
  await env.client.putBucket({ bucket: dst, region: "ap-shanghai" });
  await env.client.putBucketVersioning(loc(src), "Enabled");
  env.server.state.resetRequestLog();
  const err = await env.create("replication", { bucket: src, role: "qcs::cam::uin/1:uin/1", rules: [{ destination: { bucket: dst, region: "ap-shanghai" } }] }).catch((e: Error) => e);
  expect((err as Error).message).toMatch(new RegExp(`destination bucket ${dst}.*versioning: "Enabled"`));
  expect(env.server.state.requests.some((r) => r.method === "PUT" && r.subresource === "replication")).toBe(false);
});

test("replication waits out a versioning status that is not visible yet (stale read)", async () => {
  const src = env.bucketName("src");
  const dst = env.bucketName("dst");
  await env.client.putBucket(loc(src));
  await env.client.putBucket(loc(dst));
  await env.client.putBucketVersioning(loc(dst), "Enabled");
  env.server.faults.staleReads(800);
  await env.client.putBucketVersioning(loc(src), "Enabled");
  await env.create("replication", { bucket: src, role: "qcs::cam::uin/1:uin/1", rules: [{ destination: { bucket: dst, region: "ap-guangzhou" } }] });
  expect(env.server.state.getBucket(src)!.configs.replication?.value).toBeDefined();
});

test("a refresh never swallows an error other than 'not configured'", async () => {
  const b = env.bucketName("refresh");
  const created = await env.create("bucketCors", { ...cors(b), bucket: (await env.create("bucket", { bucket: b })).id });
  env.server.faults.failNext(10, { status: 403, code: "AccessDenied", message: "no permission", method: "GET", subresource: "cors" });
  await expect(resources.bucketCors.read(b, created.outs)).rejects.toThrow(/AccessDenied/);
});

test("an update whose tags differ only in key order from the stored ones sends no tagging write", async () => {
  const b = env.bucketName("order");
  const created = await env.create("bucket", { bucket: b, tags: { b: "2", a: "1" } });
  env.server.state.resetRequestLog();
  const news = await env.check("bucket", created.inputs, { bucket: b, tags: { a: "1", b: "2" }, forceDestroy: true });
  await resources.bucket.update(b, created.outs, news);
  expect(env.server.state.requests.filter((r) => r.subresource === "tagging")).toEqual([]);
});
