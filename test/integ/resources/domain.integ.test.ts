/**
 * BucketDomain against the local COS server: full cycle, drift, removal out of band, adoption, the documented
 * 409/451 failures surfaced with what to do, forced replacement, bad input before any request.
 */
import { resources } from "../../../provider";
import { type Props, type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv(); });
afterEach(() => env.server.faults.reset());
afterAll(async () => { await env.close(); });

const loc = (b: string, region = "ap-guangzhou") => ({ bucket: b, region });
const freshBucket = async (base: string, region?: string) => {
  const b = env.bucketName(base);
  await env.client.putBucket(loc(b, region));
  return b;
};
const p = resources.bucketDomain;

test("create → read → update → drift → removal out of band → delete removes every domain", async () => {
  const b = await freshBucket("dm");
  const www = `www.${b}.example.com`;
  const site = `site.${b}.example.com`;
  const created = await env.create("bucketDomain", { bucket: b, rules: [{ name: www, type: "REST" }] });
  expect(await env.client.getBucketDomain(loc(b))).toEqual({ rules: [{ name: www, type: "REST", status: "ENABLED" }] });
  const r1 = await p.read(b, created.outs);
  expect(await p.diff(b, r1.props as Props, created.inputs)).toMatchObject({ changes: false });

  const news = await env.check("bucketDomain", created.inputs, { bucket: b, rules: [{ name: www, type: "REST", status: "DISABLED" }, { name: site, type: "WEBSITE" }] });
  const u = await p.update(b, created.outs, news);
  expect((await env.client.getBucketDomain(loc(b)))?.rules).toHaveLength(2);

  // a console edit: refresh reports the live rules, and the program's inputs diff
  await env.client.putBucketDomain(loc(b), { rules: [{ name: site, type: "WEBSITE", status: "ENABLED" }] });
  const r2 = await p.read(b, u.outs as Props);
  expect(r2.inputs).toMatchObject({ rules: [{ name: site, type: "WEBSITE", status: "ENABLED" }] });
  expect(await p.diff(b, r2.props as Props, news)).toMatchObject({ changes: true });

  await env.client.deleteBucketDomain(loc(b));
  expect((await p.read(b, r2.props as Props)).id).toBeFalsy();

  const again = await p.create(news);
  await p.delete(again.id, again.outs as Props);
  expect(await env.client.getBucketDomain(loc(b))).toBeUndefined();
  await p.delete(again.id, again.outs as Props); // idempotent
});

test("a name bound to another bucket: 409 with the forcedReplacement advice; forcedReplacement moves it", async () => {
  const a = await freshBucket("dma");
  const b = await freshBucket("dmb");
  const name = `cdn.${a}.example.com`;
  await env.create("bucketDomain", { bucket: a, rules: [{ name, type: "REST" }] });
  const err = await env.create("bucketDomain", { bucket: b, rules: [{ name, type: "REST" }] }).catch((e: Error) => e);
  expect(String(err)).toMatch(/DomainConflict/);
  expect(String(err)).toMatch(/forcedReplacement/);
  expect(err).toMatchObject({ statusCode: 409 });
  expect((err as { requestId?: string }).requestId).toBeTruthy();
  await env.create("bucketDomain", { bucket: b, rules: [{ name, type: "REST", forcedReplacement: "CNAME" }] });
  expect((await env.client.getBucketDomain(loc(b)))?.rules[0]).toMatchObject({ name, forcedReplacement: "CNAME" });
  expect(await env.client.getBucketDomain(loc(a))).toBeUndefined();
});

test("a name without ICP filing on a mainland bucket: 451 with what to do, nothing written", async () => {
  const b = await freshBucket("dmf");
  env.server.state.unfiledDomains.add("unfiled.example");
  try {
    const err = await env.create("bucketDomain", { bucket: b, rules: [{ name: "www.unfiled.example", type: "WEBSITE" }] }).catch((e: Error) => e);
    expect(String(err)).toMatch(/ICP filing/);
    expect(err).toMatchObject({ statusCode: 451 });
    expect(await env.client.getBucketDomain(loc(b))).toBeUndefined();
  } finally {
    env.server.state.unfiledDomains.delete("unfiled.example");
  }
});

test("domains made outside the stack need adopt; bad input sends nothing", async () => {
  const b = await freshBucket("dmo");
  await env.client.putBucketDomain(loc(b), { rules: [{ name: `x.${b}.example.com`, type: "REST", status: "ENABLED" }] });
  await expect(env.create("bucketDomain", { bucket: b, rules: [{ name: `y.${b}.example.com`, type: "REST" }] })).rejects.toThrow(/adopt/);
  await env.create("bucketDomain", { bucket: b, rules: [{ name: `y.${b}.example.com`, type: "REST" }], adopt: true });
  expect((await env.client.getBucketDomain(loc(b)))?.rules.map((r) => r.name)).toEqual([`y.${b}.example.com`]);
  env.server.state.resetRequestLog();
  const checked = await p.check({}, { bucket: b, rules: [{ name: "https://x", type: "REST" }] });
  expect(checked.failures?.length).toBeGreaterThan(0);
  expect(env.server.state.requests).toHaveLength(0);
});
