/**
 * BucketInventory against the local COS server: several per bucket, each its own resource (`<bucket>/<id>`); full
 * cycle, drift, removal out of band, adoption per id, a delete that leaves the other ids, bad input before any request.
 */
import { resources } from "../../../provider";
import { type Props, type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv(); });
afterEach(() => env.server.faults.reset());
afterAll(async () => { await env.close(); });

const R = "ap-guangzhou";
const loc = (b: string) => ({ bucket: b, region: R });
const freshBucket = async (base: string) => {
  const b = env.bucketName(base);
  await env.client.putBucket(loc(b));
  return b;
};
const p = resources.bucketInventory;
const args = (b: string, id: string, extra: Props = {}): Props => ({ bucket: b, inventoryId: id, destination: { bucket: b, region: R, prefix: "inv/" }, frequency: "Daily", ...extra });

test("two per bucket: create → read → update → drift → removal out of band → delete leaves the other", async () => {
  const b = await freshBucket("inv");
  const one = await env.create("bucketInventory", args(b, "one"));
  const two = await env.create("bucketInventory", args(b, "two", { frequency: "Weekly", optionalFields: ["Size"] }));
  expect([one.id, two.id]).toEqual([`${b}/one`, `${b}/two`]);
  expect(await env.client.getBucketInventory(loc(b), "one")).toMatchObject({ id: "one", frequency: "Daily", destination: { bucket: b, region: R, prefix: "inv/" } });
  expect(await env.client.getBucketInventory(loc(b), "two")).toMatchObject({ frequency: "Weekly", optionalFields: ["Size"] });

  const r1 = await p.read(one.id, one.outs);
  expect(r1.id).toBe(`${b}/one`);
  expect(await p.diff(one.id, r1.props as Props, one.inputs)).toMatchObject({ changes: false });

  const news = await env.check("bucketInventory", one.inputs, args(b, "one", { enabled: false, prefix: "docs/" }));
  const u = await p.update(one.id, one.outs, news);
  expect(await env.client.getBucketInventory(loc(b), "one")).toMatchObject({ enabled: false, prefix: "docs/" });

  // changed in a console: refresh reports the live job, and the program's inputs diff
  const live = (await env.client.getBucketInventory(loc(b), "one"))!;
  await env.client.putBucketInventory(loc(b), { ...live, frequency: "Weekly" });
  const r2 = await p.read(one.id, u.outs as Props);
  expect(r2.inputs).toMatchObject({ frequency: "Weekly" });
  expect(await p.diff(one.id, r2.props as Props, news)).toMatchObject({ changes: true });

  await env.client.deleteBucketInventory(loc(b), "one");
  expect((await p.read(one.id, r2.props as Props)).id).toBeFalsy();
  expect((await p.read(two.id, two.outs)).id).toBe(`${b}/two`); // the other job is untouched

  const again = await p.create(news);
  await p.delete(again.id, again.outs as Props);
  expect(await env.client.getBucketInventory(loc(b), "one")).toBeUndefined();
  expect(await env.client.getBucketInventory(loc(b), "two")).toBeDefined();
  await p.delete(again.id, again.outs as Props); // idempotent
});

test("import by id alone reads the live job", async () => {
  const b = await freshBucket("invi");
  await env.create("bucketInventory", args(b, "imp"));
  const r = await p.read(`${b}/imp`);
  expect(r).toMatchObject({ id: `${b}/imp`, inputs: { bucket: b, inventoryId: "imp", frequency: "Daily" } });
});

test("a job made outside the stack needs adopt (per id: another id is free); bad input sends nothing", async () => {
  const b = await freshBucket("inva");
  const cfg = { id: "console", enabled: true, destination: { bucket: b, region: R }, frequency: "Daily" as const, includedObjectVersions: "All" as const, optionalFields: [] };
  await env.client.putBucketInventory(loc(b), cfg);
  await expect(env.create("bucketInventory", args(b, "console"))).rejects.toThrow(/adopt/);
  await env.create("bucketInventory", args(b, "mine")); // a different id is not blocked
  await env.create("bucketInventory", args(b, "console", { adopt: true }));
  expect((await env.client.getBucketInventory(loc(b), "console"))?.destination.prefix).toBe("inv/");
  env.server.state.resetRequestLog();
  const checked = await p.check({}, args(b, "bad id"));
  expect(checked.failures?.length).toBeGreaterThan(0);
  expect(env.server.state.requests).toHaveLength(0);
});
