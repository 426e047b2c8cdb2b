/**
 * Bucket configuration regressions against the local COS server: the ownership marks of inventories must not cap a
 * bucket at 50 inventory jobs (COS allows 1,000, digest §5.24; a bucket has at most 50 tags), and a BucketReferer
 * deleted where COS has no DELETE ?referer (the documented Status=Disabled fallback, digest §7 C26) must not block
 * the next create; a replication destination whose versioning the caller may not read (another account's bucket) is
 * left to COS to judge, while the source's own check stays.
 */
import { resources } from "../../../provider";
import { type Props, type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv(); });
afterEach(() => env.server.faults.reset());
afterAll(async () => { await env.close(); });

const R = "ap-guangzhou";
const loc = (b: string) => ({ bucket: b, region: R });
const key = (n: number) => `abcdefabcdef.${n.toString(16).padStart(12, "0")}`;

test("BucketInventory: 60 inventory jobs on one bucket (more than its 50 tags) are created, read and deleted", async () => {
  const b = env.bucketName("invmany");
  await env.client.putBucket(loc(b));
  const created: { id: string; outs: Props }[] = [];
  for (let i = 0; i < 60; i++) {
    created.push(await env.create("bucketInventory", { bucket: b, inventoryId: `job${i}`, destination: { bucket: b, region: R }, frequency: "Daily", ownerKey: key(i) }));
  }
  for (let i = 0; i < 60; i++) expect(await env.client.getBucketInventory(loc(b), `job${i}`)).toMatchObject({ id: `job${i}` });
  expect((await env.client.getBucketTagging(loc(b)) ?? []).length).toBeLessThanOrEqual(50);
  // A CORS configuration created after them still gets its mark (marks of inventories never crowd out the others).
  await env.create("bucketCors", { bucket: b, rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"] }], ownerKey: key(1000) });
  expect((await env.client.getBucketTagging(loc(b)))?.some((t) => t.key === "tencentcos:owner:cors")).toBe(true);
  const r = await resources.bucketInventory.read(created[59]!.id, created[59]!.outs);
  expect(r.id).toBe(`${b}/job59`);
  for (const c of created) await resources.bucketInventory.delete(c.id, c.outs);
  for (let i = 0; i < 60; i++) expect(await env.client.getBucketInventory(loc(b), `job${i}`)).toBeUndefined();
});

test("BucketReferer: after a delete by the Status=Disabled fallback, the next create goes ahead without adopt", async () => {
  const b = env.bucketName("refb");
  await env.client.putBucket(loc(b));
  const args = { bucket: b, refererType: "White-List", domains: ["a.example.com"], ownerKey: key(1) };
  const c = await env.create("bucketReferer", args);
  env.server.faults.failNext(1, { method: "DELETE", subresource: "referer", status: 405, code: "MethodNotAllowed" });
  await resources.bucketReferer.delete(c.id, c.outs);
  expect(await env.client.getBucketReferer(loc(b))).toMatchObject({ status: "Disabled", emptyReferConfiguration: "Allow" });
  // the same resource created again (a destroy and an up, or a replacement): no "already has … set adopt" error
  await env.create("bucketReferer", { ...args, domains: ["b.example.com"] });
  expect(await env.client.getBucketReferer(loc(b))).toMatchObject({ status: "Enabled", domains: ["b.example.com"] });
});

test("BucketReferer: an enabled referer configuration made outside the stack still needs adopt", async () => {
  const b = env.bucketName("refc");
  await env.client.putBucket(loc(b));
  await env.client.putBucketReferer(loc(b), { status: "Enabled", refererType: "Black-List", domains: ["x.example.com"] });
  const err = await env.create("bucketReferer", { bucket: b, refererType: "White-List", domains: ["a.example.com"], ownerKey: key(2) }).catch((e: Error) => e);
  expect(String(err)).toMatch(/adopt/);
});

test("BucketReferer: a disabled configuration another stack's resource declares (marked) is not taken over", async () => {
  const b = env.bucketName("refd");
  await env.client.putBucket(loc(b));
  await env.create("bucketReferer", { bucket: b, status: "Disabled", emptyReferer: "Allow", refererType: "White-List", domains: ["a.example.com"], ownerKey: "111111111111.000000000001" });
  const err = await env.create("bucketReferer", { bucket: b, refererType: "White-List", domains: ["b.example.com"], ownerKey: key(3) }).catch((e: Error) => e);
  expect(String(err)).toMatch(/another stack/);
  expect(await env.client.getBucketReferer(loc(b))).toMatchObject({ domains: ["a.example.com"] });
});

test("Replication: a destination whose versioning these credentials may not read (another account's bucket) is left to COS", async () => {
  const b = env.bucketName("rsrc");
  const d = env.bucketName("rdst");
  for (const x of [b, d]) {
    await env.client.putBucket(loc(x));
    await env.client.putBucketVersioning(loc(x), "Enabled");
  }
  env.server.faults.failNext(1, { method: "GET", subresource: "versioning", bucket: d, status: 403, code: "AccessDenied", message: "Access Denied." });
  await env.create("replication", { bucket: b, role: "qcs::cam::uin/100000000001:uin/100000000001", rules: [{ prefix: "", destination: { bucket: d, region: R } }], ownerKey: key(4) });
  expect((await env.client.getBucketReplication(loc(b)))?.rules).toHaveLength(1);
});

test("Replication: a 403 reading the source bucket's own versioning still fails the create", async () => {
  const b = env.bucketName("rsrc");
  const d = env.bucketName("rdst");
  for (const x of [b, d]) {
    await env.client.putBucket(loc(x));
    await env.client.putBucketVersioning(loc(x), "Enabled");
  }
  env.server.faults.failNext(1, { method: "GET", subresource: "versioning", bucket: b, status: 403, code: "AccessDenied", message: "Access Denied." });
  const err = await env.create("replication", { bucket: b, role: "qcs::cam::uin/100000000001:uin/100000000001", rules: [{ prefix: "", destination: { bucket: d, region: R } }], ownerKey: key(5) }).catch((e: Error) => e);
  expect(String(err)).toMatch(/AccessDenied/);
  expect(await env.client.getBucketReplication(loc(b))).toBeUndefined();
});
