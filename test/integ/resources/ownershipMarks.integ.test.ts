/**
 * Ownership marks of configurations created or deleted in parallel on one bucket (what the engine does right after a
 * bucket's create, and before its delete): every mark is written and removed, none is lost (the per-bucket lock of
 * provider/resources/ownership.ts), and a failed tag write fails the create before its configuration is written.
 * A refresh reads the bucket's tags once for the ownership hints of all its configurations, not once per resource
 * (issue 15), and the hint still warns of a configuration another stack now owns.
 */
import { resources } from "../../../provider";
import { forgetSeenTags } from "../../../provider/resources/ownership";
import { type Kind, type Props, type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv(); });
afterAll(async () => { await env.close(); });

const KEY = "111111111111.aaaaaaaaaaaa";
const configs = (b: string): [Kind, Props][] => [
  ["bucketCors", { bucket: b, rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"] }], ownerKey: KEY }],
  ["bucketLifecycle", { bucket: b, rules: [{ id: "old", expiration: { days: 30 } }], ownerKey: KEY }],
  ["bucketPolicy", { bucket: b, policy: { version: "2.0", Statement: [{ Effect: "allow", Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Action: ["name/cos:GetObject"], Resource: [`qcs::cos:${env.region}:uid/${env.appId}:${b}/public/*`] }] }, ownerKey: KEY }],
  ["website", { bucket: b, indexDocument: "index.html", ownerKey: KEY }],
];
const marks = async (b: string) =>
  Object.fromEntries(((await env.client.getBucketTagging({ bucket: b, region: env.region })) ?? []).map((t) => [t.key, t.value]));
const tagWrites = (b: string) =>
  env.server.state.requests.filter((r) => r.bucket === b && r.subresource === "tagging" && r.method !== "GET").length;

test("four configurations created and deleted in parallel: every mark set and removed, one tag write each", async () => {
  const b = env.bucketName("marks");
  await env.create("bucket", { bucket: b, ownerKey: KEY });
  const before = tagWrites(b);
  const made = await Promise.all(configs(b).map(([kind, props]) => env.create(kind, props)));
  expect(await marks(b)).toEqual({
    "tencentcos:owner:bucket": KEY,
    "tencentcos:owner:cors": KEY,
    "tencentcos:owner:lifecycle": KEY,
    "tencentcos:owner:policy": KEY,
    "tencentcos:owner:website": KEY,
  });
  const createWrites = tagWrites(b) - before;
  expect(createWrites).toBe(4);

  await Promise.all(configs(b).map(([kind], i) => resources[kind].delete(made[i].id, made[i].outs)));
  expect(await marks(b)).toEqual({ "tencentcos:owner:bucket": KEY });
  expect(tagWrites(b) - before - createWrites).toBe(4);
  expect(await env.client.getBucketCors({ bucket: b, region: env.region })).toBeUndefined();
});

test("a failed tag write fails every create before its configuration is written; a retry succeeds", async () => {
  const b = env.bucketName("markfail");
  await env.create("bucket", { bucket: b, ownerKey: KEY });
  // Every tag write fails for a moment: each create must fail before its own configuration write.
  env.server.faults.failNext(10, { method: "PUT", subresource: "tagging", bucket: b, status: 400, code: "MalformedXML", message: "injected tagging failure" });
  const results = await Promise.allSettled(configs(b).map(([kind, props]) => env.create(kind, props)));
  env.server.faults.reset();
  expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected", "rejected"]);
  for (const r of results) expect(String((r as PromiseRejectedResult).reason)).toMatch(/MalformedXML/);
  // Marks go first, so nothing was configured without one.
  expect(await env.client.getBucketCors({ bucket: b, region: env.region })).toBeUndefined();
  expect(await env.client.getBucketWebsite({ bucket: b, region: env.region })).toBeUndefined();
  expect(await marks(b)).toEqual({ "tencentcos:owner:bucket": KEY });
  // The engine retries the creates: each takes what it marked (nothing) and writes.
  await Promise.all(configs(b).map(([kind, props]) => env.create(kind, props)));
  expect(Object.keys(await marks(b)).sort()).toEqual(["bucket", "cors", "lifecycle", "policy", "website"].map((k) => `tencentcos:owner:${k}`));
  expect((await env.client.getBucketWebsite({ bucket: b, region: env.region }))?.indexDocument?.suffix).toBe("index.html");
});

const tagReads = (b: string) => env.server.state.requests.filter((r) => r.bucket === b && r.subresource === "tagging" && r.method === "GET").length;

test("a refresh of a bucket and four configurations in parallel reads the bucket's tags once", async () => {
  const b = env.bucketName("refresh");
  const bucket = await env.create("bucket", { bucket: b, tags: { team: "web" }, ownerKey: KEY });
  const made = await Promise.all(configs(b).map(([kind, props]) => env.create(kind, props)));
  for (const withBucket of [true, false]) {
    forgetSeenTags(); // a new pulumi command: a new provider process
    const before = tagReads(b);
    const reads = await Promise.all([
      ...(withBucket ? [resources.bucket.read(bucket.id, bucket.outs)] : []),
      ...configs(b).map(([kind], i) => resources[kind].read(made[i].id, made[i].outs)),
    ]);
    expect(reads.every((r) => r.id !== undefined)).toBe(true);
    expect(tagReads(b) - before).toBe(1);
  }
});

test("the refresh hint still warns when another stack's mark is on the configuration", async () => {
  const b = env.bucketName("hint");
  await env.create("bucket", { bucket: b, ownerKey: KEY });
  const cors = await env.create("bucketCors", configs(b)[0][1]);
  const loc = { bucket: b, region: env.region };
  const other = "222222222222.aaaaaaaaaaaa";
  await env.client.putBucketTagging(loc, [{ key: "tencentcos:owner:bucket", value: KEY }, { key: "tencentcos:owner:cors", value: other }]);
  forgetSeenTags();
  const writes: string[] = [];
  const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (writes.push(String(chunk)), true));
  try {
    await resources.bucketCors.read(cors.id, cors.outs);
  } finally {
    spy.mockRestore();
  }
  expect(writes.join("")).toContain(`the CORS configuration of bucket ${b} is marked as managed by another resource (owner ${other})`);
});
