/**
 * Issue 10 cases 4 and 6: eventual consistency never drops state, and waits that cannot succeed end quickly. The
 * local server hides new buckets (hideNewBuckets) and serves the previous configuration after a write (staleReads).
 */
import { resources } from "../../../provider";
import { type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv({ propagationTimeoutMs: 8_000, consistencyWindowMs: 4_000 }); });
afterAll(async () => { await env.close(); });
afterEach(() => env.server.faults.reset());

const loc = (b: string) => ({ bucket: b, region: env.region });
const cors = (b: string, origin = "*") => ({ bucket: b, rules: [{ allowedOrigins: [origin], allowedMethods: ["GET"] }] });

test("a refresh while a new bucket is still invisible keeps it in state (old: dropped on one NoSuchBucket)", async () => {
  env.server.faults.hideNewBuckets(2_000);
  const b = env.bucketName("hidden");
  const made = await env.create("bucket", { bucket: b });
  const r = await resources.bucket.read(b, made.outs);
  expect(r.id).toBe(b);
  expect(r.inputs).toMatchObject({ bucket: b, acl: "private" });
});

test("a bucket really deleted out of band still leaves state (after a confirming read)", async () => {
  const b = env.bucketName("gone");
  const made = await env.create("bucket", { bucket: b });
  await resources.bucket.delete(b, made.outs);
  expect((await resources.bucket.read(b, { ...made.outs, createdAt: Date.now() - 3_600_000 })).id).toBeFalsy();
});

test("a configuration read right after its create sees the stale 'none': kept, not dropped", async () => {
  env.server.faults.staleReads(2_000);
  const b = env.bucketName("stale");
  await env.client.putBucket(loc(b));
  const made = await env.create("bucketCors", cors(b));
  const r = await resources.bucketCors.read(b, made.outs);
  expect(r.id).toBe(b);
  expect(r.inputs).toMatchObject({ rules: [{ allowedOrigins: ["*"] }] });
});

test("a read right after an update sees the previous document: no false drift", async () => {
  const b = env.bucketName("drift");
  await env.client.putBucket(loc(b));
  const made = await env.create("bucketCors", cors(b));
  env.server.faults.staleReads(2_000);
  const news = await env.check("bucketCors", made.inputs, cors(b, "https://new.example"));
  const updated = await resources.bucketCors.update(b, made.outs, news);
  const r = await resources.bucketCors.read(b, updated.outs!);
  expect(await resources.bucketCors.diff(b, r.props!, news)).toMatchObject({ changes: false });
});

test("replacing a configuration (delete, then create) within the stale window: no false 'already has a configuration'", async () => {
  const b = env.bucketName("replace");
  await env.client.putBucket(loc(b));
  const first = await env.create("bucketCors", { ...cors(b, "https://one.example"), ownerKey: "333333333333.aaaaaaaaaaaa" });
  env.server.faults.staleReads(2_000);
  await resources.bucketCors.delete(b, first.outs);
  const second = await env.create("bucketCors", { ...cors(b, "https://two.example"), ownerKey: "333333333333.bbbbbbbbbbbb" });
  expect(second.id).toBe(b);
});

test("replication right after versioning was enabled by the Bucket: no false 'never enabled' while the read is stale", async () => {
  const src = env.bucketName("src");
  const dst = env.bucketName("dst");
  await env.create("bucket", { bucket: dst, versioning: "Enabled" });
  env.server.faults.staleReads(7_000); // longer than the old check's ~6 s
  await env.create("bucket", { bucket: src, versioning: "Enabled" });
  const r = await env.create("replication", { bucket: src, role: "qcs::cam::uin/100000000001:uin/100000000001", rules: [{ destination: { bucket: dst, region: env.region } }] });
  expect(r.id).toBe(src);
}, 20_000);

test("a configuration on a bucket that never existed fails fast, saying it does not exist (old: waited the whole window)", async () => {
  const t = Date.now();
  const err = await env.create("bucketCors", cors(`nosuch-${Date.now().toString(36)}-${env.appId}`)).catch((e: Error) => e);
  expect(Date.now() - t).toBeLessThan(3_000);
  expect((err as Error).message).toMatch(/NoSuchBucket.*does not exist/s);
});
