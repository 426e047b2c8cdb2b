/**
 * Issue 10 case 2: a create whose answer was lost is not an orphan. The local server acts on PUT Bucket and then
 * drops the socket (dropAfterServingNext); the retry meets 409 BucketAlreadyExists for our own bucket.
 */
import { resources } from "../../../provider";
import { setSettings, getSettings } from "../../../provider/config";
import { type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv(); });
afterAll(async () => { await env.close(); });
afterEach(() => env.server.faults.reset());

const KEY = "aaaaaaaaaaaa.000000000001";
const loc = (b: string) => ({ bucket: b, region: env.region });

test("the answer to PUT Bucket is lost after the server created it: the retry's 409 is ours, the create succeeds", async () => {
  const b = env.bucketName("lost");
  env.server.faults.dropAfterServingNext(1, { method: "PUT", subresource: "", bucket: b });
  const r = await env.create("bucket", { bucket: b, ownerKey: KEY, tags: { team: "web" } });
  expect(r.id).toBe(b);
  const puts = env.server.requests.filter((q) => q.bucket === b && q.method === "PUT" && q.subresource === "");
  expect(puts.map((q) => [q.status, q.code])).toEqual([[200, "DroppedAfterServing"], [409, "BucketAlreadyExists"]]);
  // tags applied, and the ownership mark written with the bucket
  expect(await env.client.getBucketTagging(loc(b))).toEqual([{ key: "team", value: "web" }, { key: "tencentcos:owner:bucket", value: KEY }]);
});

test("a create that failed after the server acted is recognised by the next up through its mark, not orphaned", async () => {
  const b = env.bucketName("crashed");
  const saved = getSettings();
  setSettings({ ...saved, retryMaxSeconds: 0 }); // the first `up` gives up at once: its create fails with the outcome unknown
  env.server.faults.dropAfterServingNext(1, { method: "PUT", subresource: "", bucket: b });
  await expect(env.create("bucket", { bucket: b, ownerKey: KEY })).rejects.toThrow(/socket|ECONNRESET|UND_ERR/);
  expect(env.server.state.getBucket(b)).toBeDefined();
  setSettings(saved);
  // The next `up` creates it again: 409, marked with this resource's owner key → ours, without `adopt`.
  const again = await env.create("bucket", { bucket: b, ownerKey: KEY });
  expect(again.id).toBe(b);
  // Another resource meeting the same bucket is refused (it is not its own).
  const other = await env.create("bucket", { bucket: b, ownerKey: "bbbbbbbbbbbb.000000000002" }).catch((e: Error) => e);
  expect((other as Error).message).toMatch(/managed by another stack.*adopt: true/s);
});

test("a configuration whose PUT answer was lost: the retry writes it again and the mark makes the next create ours", async () => {
  const b = env.bucketName("cfg");
  await env.client.putBucket(loc(b));
  const cors = { bucket: b, ownerKey: KEY, rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"] }] };
  env.server.faults.dropAfterServingNext(1, { method: "PUT", subresource: "cors", bucket: b });
  expect((await env.create("bucketCors", cors)).id).toBe(b);
  // a crashed earlier create of the same resource left the configuration live: taken over without adopt
  expect((await env.create("bucketCors", cors)).id).toBe(b);
  expect(resources.bucketCors).toBeDefined();
});

test("a late answer (the client times out while the server still creates the bucket): the retry's 409 is ours", async () => {
  const b = env.bucketName("late");
  const saved = getSettings();
  // The 35 s of the issue, scaled down: the client gives up after 300 ms (undici's timers tick coarsely: within
  // about a second), retries 3 s later, when the late first attempt (served at 2.5 s) has created the bucket.
  setSettings({ ...saved, timeouts: { requestMs: 300 }, retry: { sleep: () => new Promise((r) => setTimeout(r, 3_000)) } });
  try {
    env.server.faults.latencyNext(1, 2_500, { method: "PUT", subresource: "", bucket: b });
    const r = await env.create("bucket", { bucket: b, ownerKey: KEY });
    expect(r.id).toBe(b);
    const puts = env.server.requests.filter((q) => q.bucket === b && q.method === "PUT" && q.subresource === "");
    expect(puts.map((q) => [q.status, q.code])).toEqual([[200, undefined], [409, "BucketAlreadyExists"]]);
  } finally {
    setSettings(saved);
  }
}, 15_000);
