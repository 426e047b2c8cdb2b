/**
 * Ownership marks of configurations created or deleted in parallel on one bucket (what the engine does right after a
 * bucket's create, and before its delete): every mark is written and removed, none is lost (the per-bucket lock of
 * provider/resources/ownership.ts), and a failed tag write fails the create before its configuration is written.
 * A refresh reads the bucket's tags once for the ownership hints of all its configurations, not once per resource
 * (issue 15), and the hint still warns of a configuration another stack now owns. Parallel deletes of one bucket's
 * configurations decide on one read of its tags and remove their marks in one write; one another stack owns is left
 * alone, and a failed delete or tag write leaves state that the retried delete finishes.
 */
import { setTimeout as delay } from "node:timers/promises";
import { resources } from "../../../provider";
import { providerClient } from "../../../provider/config";
import { bucketTags, forgetSeenTags, writeMark } from "../../../provider/resources/ownership";
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

test("four configurations created and deleted in parallel: every mark set and removed, the writes batched", async () => {
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
  // Marks that wait for the bucket's lock go out together (issue 15): fewer tag writes than configurations.
  const createWrites = tagWrites(b) - before;
  expect(createWrites).toBeGreaterThanOrEqual(1);
  expect(createWrites).toBeLessThan(4);

  await Promise.all(configs(b).map(([kind], i) => resources[kind].delete(made[i].id, made[i].outs)));
  expect(await marks(b)).toEqual({ "tencentcos:owner:bucket": KEY });
  const deleteWrites = tagWrites(b) - before - createWrites;
  expect(deleteWrites).toBeGreaterThanOrEqual(1);
  expect(deleteWrites).toBeLessThan(4);
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

test("mark changes made together are one tag read and one write, applied in call order; a failed write fails them all", async () => {
  const b = env.bucketName("batch");
  await env.create("bucket", { bucket: b, tags: { team: "web" }, ownerKey: KEY });
  const loc = { bucket: b, region: env.region };
  const reads = tagReads(b);
  const writes = tagWrites(b);
  await Promise.all([
    writeMark(env.client, loc, "cors", KEY),
    writeMark(env.client, loc, "website", "222222222222.bbbbbbbbbbbb"),
    writeMark(env.client, loc, "policy", KEY),
    writeMark(env.client, loc, "website", KEY), // the later change of one mark wins, as if sequential
  ]);
  expect(tagWrites(b) - writes).toBe(1);
  expect(tagReads(b) - reads).toBeLessThanOrEqual(1); // none when this process's own bucket write is recent
  expect(await marks(b)).toEqual({ team: "web", "tencentcos:owner:bucket": KEY, "tencentcos:owner:cors": KEY, "tencentcos:owner:policy": KEY, "tencentcos:owner:website": KEY });

  env.server.faults.failNext(1, { method: "PUT", subresource: "tagging", bucket: b, status: 400, code: "MalformedXML", message: "injected tagging failure" });
  const failed = await Promise.allSettled([writeMark(env.client, loc, "cors", undefined), writeMark(env.client, loc, "lifecycle", KEY)]);
  env.server.faults.reset();
  expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  expect(await marks(b)).toEqual({ team: "web", "tencentcos:owner:bucket": KEY, "tencentcos:owner:cors": KEY, "tencentcos:owner:policy": KEY, "tencentcos:owner:website": KEY });
  // A change after the failed write is its own batch and succeeds.
  await writeMark(env.client, loc, "cors", undefined);
  expect((await marks(b))["tencentcos:owner:cors"]).toBeUndefined();
});

test("parallel decisions share one GET of the tags in flight, and never answer from a completed one", async () => {
  const b = env.bucketName("shareget");
  const loc = { bucket: b, region: env.region };
  // Made with the bare client: this process has written no tags of it, so every decision must read them.
  await env.client.putBucket(loc, { tags: [{ key: "team", value: "web" }] });
  forgetSeenTags();
  const before = tagReads(b);
  const all = await Promise.all([bucketTags(env.client, loc), bucketTags(env.client, loc), bucketTags(env.client, loc)]);
  for (const t of all) expect(t).toEqual({ team: "web" });
  expect(tagReads(b) - before).toBe(1);
  await env.client.putBucketTagging(loc, [{ key: "team", value: "ops" }]);
  expect(await bucketTags(env.client, loc)).toEqual({ team: "ops" }); // a later decision reads again
  expect(tagReads(b) - before).toBe(2);
});

test("parallel deletes of one bucket's configurations decide on one tag read and remove their marks in one write", async () => {
  const b = env.bucketName("release");
  await env.create("bucket", { bucket: b, tags: { team: "web" }, ownerKey: KEY });
  const made = await Promise.all(configs(b).map(([kind, props]) => env.create(kind, props)));
  const reads = tagReads(b);
  const writes = tagWrites(b);
  await Promise.all(configs(b).map(([kind], i) => resources[kind].delete(made[i].id, made[i].outs)));
  // Before: each delete read the tags for its decision, and the mark removals read them again per batch (3 GETs and
  // 2 PUTs here); now one read under the bucket's lock serves every decision, and one write removes every mark.
  expect(tagReads(b) - reads).toBe(1);
  expect(tagWrites(b) - writes).toBe(1);
  expect(await marks(b)).toEqual({ team: "web", "tencentcos:owner:bucket": KEY });
  const loc = { bucket: b, region: env.region };
  expect(await env.client.getBucketCors(loc)).toBeUndefined();
  expect(await env.client.getBucketLifecycle(loc)).toBeUndefined();
  expect(await env.client.getBucketWebsite(loc)).toBeUndefined();
});

test("in one batch of deletes, a configuration another stack now owns is left with its mark, and a failed delete keeps its own", async () => {
  const b = env.bucketName("releasemix");
  await env.create("bucket", { bucket: b, ownerKey: KEY });
  const made = await Promise.all(configs(b).map(([kind, props]) => env.create(kind, props)));
  const loc = { bucket: b, region: env.region };
  const other = "222222222222.aaaaaaaaaaaa";
  // Another stack adopted the CORS configuration (its mark replaced ours), and the lifecycle's DELETE will fail.
  await env.client.putBucketTagging(loc, Object.entries({ ...(await marks(b)), "tencentcos:owner:cors": other }).map(([key, value]) => ({ key, value })));
  env.server.faults.failNext(1, { method: "DELETE", subresource: "lifecycle", bucket: b, status: 400, code: "InvalidArgument", message: "injected delete failure" });
  const stderr: string[] = [];
  const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (stderr.push(String(chunk)), true));
  let results: PromiseSettledResult<void>[];
  try {
    results = await Promise.allSettled(configs(b).map(([kind], i) => resources[kind].delete(made[i].id, made[i].outs)));
  } finally {
    spy.mockRestore();
    env.server.faults.reset();
  }
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
  expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/InvalidArgument/);
  expect(stderr.join("")).toContain(`the CORS configuration of bucket ${b} is now managed by another resource (owner ${other}, another stack)`);
  expect(await marks(b)).toEqual({ "tencentcos:owner:bucket": KEY, "tencentcos:owner:cors": other, "tencentcos:owner:lifecycle": KEY });
  expect(await env.client.getBucketCors(loc)).toBeDefined();
  expect(await env.client.getBucketLifecycle(loc)).toBeDefined();
  expect(await env.client.getBucketWebsite(loc)).toBeUndefined();
  // The engine retries the failed delete: it finds its own mark, deletes, and unmarks.
  await resources.bucketLifecycle.delete(made[1].id, made[1].outs);
  expect(await env.client.getBucketLifecycle(loc)).toBeUndefined();
  expect(await marks(b)).toEqual({ "tencentcos:owner:bucket": KEY, "tencentcos:owner:cors": other });
});

test("a failed tag write after the deletes leaves them marked, and the retried deletes finish", async () => {
  const b = env.bucketName("releasewrite");
  await env.create("bucket", { bucket: b, ownerKey: KEY });
  const made = await Promise.all(configs(b).slice(0, 2).map(([kind, props]) => env.create(kind, props)));
  env.server.faults.failNext(1, { method: "PUT", subresource: "tagging", bucket: b, status: 400, code: "MalformedXML", message: "injected tagging failure" });
  const failed = await Promise.allSettled(configs(b).slice(0, 2).map(([kind], i) => resources[kind].delete(made[i].id, made[i].outs)));
  env.server.faults.reset();
  const loc = { bucket: b, region: env.region };
  // Both report the write's error (so both stay in state); their configurations are gone, their marks still mine.
  expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  for (const r of failed) expect(String((r as PromiseRejectedResult).reason)).toMatch(/MalformedXML/);
  expect(await env.client.getBucketCors(loc)).toBeUndefined();
  expect(await marks(b)).toEqual({ "tencentcos:owner:bucket": KEY, "tencentcos:owner:cors": KEY, "tencentcos:owner:lifecycle": KEY });
  await Promise.all(configs(b).slice(0, 2).map(([kind], i) => resources[kind].delete(made[i].id, made[i].outs)));
  expect(await marks(b)).toEqual({ "tencentcos:owner:bucket": KEY });
  expect(await env.client.getBucketCors(loc)).toBeUndefined();
  expect(await env.client.getBucketLifecycle(loc)).toBeUndefined();
});

test("a delete batched after another resource's mark write decides on that mark, as if they ran one after another", async () => {
  const b = env.bucketName("releaseorder");
  await env.create("bucket", { bucket: b, ownerKey: KEY });
  const cors = await env.create("bucketCors", configs(b)[0][1]);
  const loc = { bucket: b, region: env.region };
  const adopter = "111111111111.bbbbbbbbbbbb"; // another resource of this stack adopted the CORS configuration
  const stderr: string[] = [];
  const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (stderr.push(String(chunk)), true));
  try {
    // The adopter's mark is written first; the old resource's delete, in the same batch (the same provider client),
    // must see it.
    await Promise.all([writeMark(providerClient(), loc, "cors", adopter), resources.bucketCors.delete(cors.id, cors.outs)]);
  } finally {
    spy.mockRestore();
  }
  expect(await env.client.getBucketCors(loc)).toBeDefined();
  expect((await marks(b))["tencentcos:owner:cors"]).toBe(adopter);
  expect(stderr.join("")).toContain(`the CORS configuration of bucket ${b} is now managed by another resource (owner ${adopter})`);
});

const logIndex = (b: string, method: string, subresource: string) =>
  env.server.state.requests.findIndex((r) => r.bucket === b && r.method === method && r.subresource === subresource);

test("a delete's mark removal goes out beside its DELETE, not after it (one round trip, issue 15)", async () => {
  const b = env.bucketName("overlap");
  await env.create("bucket", { bucket: b, ownerKey: KEY });
  const cors = await env.create("bucketCors", configs(b)[0][1]);
  env.server.state.resetRequestLog();
  // The DELETE is answered late: the tag write, sent beside it, is answered (and logged) first.
  env.server.faults.latencyNext(1, 400, { method: "DELETE", subresource: "cors", bucket: b });
  try {
    await resources.bucketCors.delete(cors.id, cors.outs);
  } finally {
    env.server.faults.reset();
  }
  const removal = Math.max(logIndex(b, "PUT", "tagging"), logIndex(b, "DELETE", "tagging"));
  const deleted = logIndex(b, "DELETE", "cors");
  expect(removal).toBeGreaterThanOrEqual(0);
  expect(deleted).toBeGreaterThanOrEqual(0);
  expect(removal).toBeLessThan(deleted);
  expect(await marks(b)).toEqual({ "tencentcos:owner:bucket": KEY });
  expect(await env.client.getBucketCors({ bucket: b, region: env.region })).toBeUndefined();
});

test("a DELETE that fails after its mark was removed gets the mark back before the batch ends", async () => {
  const b = env.bucketName("restore");
  await env.create("bucket", { bucket: b, ownerKey: KEY });
  const made = await Promise.all(configs(b).slice(0, 2).map(([kind, props]) => env.create(kind, props)));
  env.server.faults.latencyNext(1, 400, { method: "DELETE", subresource: "lifecycle", bucket: b });
  env.server.faults.failNext(1, { method: "DELETE", subresource: "lifecycle", bucket: b, status: 400, code: "InvalidArgument", message: "injected delete failure" });
  let results: PromiseSettledResult<void>[];
  try {
    results = await Promise.allSettled(configs(b).slice(0, 2).map(([kind], i) => resources[kind].delete(made[i].id, made[i].outs)));
  } finally {
    env.server.faults.reset();
  }
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
  expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/InvalidArgument/);
  // The lifecycle is still there and still marked mine; the CORS configuration and its mark are gone.
  expect(await marks(b)).toEqual({ "tencentcos:owner:bucket": KEY, "tencentcos:owner:lifecycle": KEY });
  expect(await env.client.getBucketLifecycle({ bucket: b, region: env.region })).toBeDefined();
  expect(await env.client.getBucketCors({ bucket: b, region: env.region })).toBeUndefined();
});

test("a failed DELETE whose mark cannot be written back is left unmarked in state, and the retried delete removes it", async () => {
  const b = env.bucketName("restorefail");
  await env.create("bucket", { bucket: b, ownerKey: KEY });
  const lifecycle = await env.create("bucketLifecycle", configs(b)[1][1]);
  const loc = { bucket: b, region: env.region };
  env.server.state.resetRequestLog();
  env.server.faults.latencyNext(1, 400, { method: "DELETE", subresource: "lifecycle", bucket: b });
  env.server.faults.failNext(1, { method: "DELETE", subresource: "lifecycle", bucket: b, status: 400, code: "InvalidArgument", message: "injected delete failure" });
  const stderr: string[] = [];
  const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (stderr.push(String(chunk)), true));
  let failed: PromiseSettledResult<void>;
  try {
    const pending = resources.bucketLifecycle.delete(lifecycle.id, lifecycle.outs);
    // Once the removal write is answered (the DELETE is still held), the next tag write, the one restoring the mark, fails.
    for (let i = 0; i < 200 && Math.max(logIndex(b, "PUT", "tagging"), logIndex(b, "DELETE", "tagging")) < 0; i++) await delay(5);
    env.server.faults.failNext(1, { method: "PUT", subresource: "tagging", bucket: b, status: 400, code: "MalformedXML", message: "injected tagging failure" });
    [failed] = await Promise.allSettled([pending]);
  } finally {
    spy.mockRestore();
    env.server.faults.reset();
  }
  expect(failed.status).toBe("rejected");
  expect(String((failed as PromiseRejectedResult).reason)).toMatch(/InvalidArgument/);
  expect(stderr.join("")).toContain(`the ownership mark tencentcos:owner:lifecycle of bucket ${b} could not be written back`);
  // What a crash between the two writes leaves too: the configuration, unmarked, still in this resource's state.
  expect(await marks(b)).toEqual({ "tencentcos:owner:bucket": KEY });
  expect(await env.client.getBucketLifecycle(loc)).toBeDefined();
  // The engine retries the delete: an unmarked configuration is this resource's to remove.
  await resources.bucketLifecycle.delete(lifecycle.id, lifecycle.outs);
  expect(await env.client.getBucketLifecycle(loc)).toBeUndefined();
  expect(await marks(b)).toEqual({ "tencentcos:owner:bucket": KEY });
});

test("deletes that arrive while a batch reads the tags join it: one read and one write for all, none waits for a second batch", async () => {
  const b = env.bucketName("joinread");
  await env.create("bucket", { bucket: b, ownerKey: KEY });
  const made = await Promise.all(configs(b).map(([kind, props]) => env.create(kind, props)));
  forgetSeenTags(); // a new pulumi command
  const reads = tagReads(b);
  const writes = tagWrites(b);
  // The engine starts the deletes one by one: the first batch's read is still in flight when the others arrive.
  env.server.faults.latencyNext(1, 300, { method: "GET", subresource: "tagging", bucket: b });
  let results: PromiseSettledResult<void>[];
  try {
    const first = resources[configs(b)[0][0]].delete(made[0].id, made[0].outs);
    await delay(100);
    const rest = configs(b).slice(1).map(([kind], i) => resources[kind].delete(made[i + 1].id, made[i + 1].outs));
    results = await Promise.allSettled([first, ...rest]);
  } finally {
    env.server.faults.reset();
  }
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
  // Before: the first delete's batch was closed when it took the lock, so the other three read and wrote again.
  expect(tagReads(b) - reads).toBe(1);
  expect(tagWrites(b) - writes).toBe(1);
  expect(await marks(b)).toEqual({ "tencentcos:owner:bucket": KEY });
  const loc = { bucket: b, region: env.region };
  expect(await env.client.getBucketCors(loc)).toBeUndefined();
  expect(await env.client.getBucketLifecycle(loc)).toBeUndefined();
  expect(await env.client.getBucketWebsite(loc)).toBeUndefined();
});

test("a read that fails fails the members that joined while it was in flight; their retries succeed", async () => {
  const b = env.bucketName("joinfail");
  await env.create("bucket", { bucket: b, ownerKey: KEY });
  const made = await Promise.all(configs(b).slice(0, 2).map(([kind, props]) => env.create(kind, props)));
  forgetSeenTags();
  env.server.faults.latencyNext(1, 300, { method: "GET", subresource: "tagging", bucket: b });
  env.server.faults.failNext(1, { method: "GET", subresource: "tagging", bucket: b, status: 400, code: "InvalidArgument", message: "injected read failure" });
  let results: PromiseSettledResult<void>[];
  try {
    const first = resources[configs(b)[0][0]].delete(made[0].id, made[0].outs);
    await delay(100);
    results = await Promise.allSettled([first, resources[configs(b)[1][0]].delete(made[1].id, made[1].outs)]);
  } finally {
    env.server.faults.reset();
  }
  expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  for (const r of results) expect(String((r as PromiseRejectedResult).reason)).toMatch(/InvalidArgument/);
  // Nothing was deleted or unmarked on a failed read.
  const loc = { bucket: b, region: env.region };
  expect(await env.client.getBucketCors(loc)).toBeDefined();
  expect(await marks(b)).toEqual({ "tencentcos:owner:bucket": KEY, "tencentcos:owner:cors": KEY, "tencentcos:owner:lifecycle": KEY });
  await Promise.all(configs(b).slice(0, 2).map(([kind], i) => resources[kind].delete(made[i].id, made[i].outs)));
  expect(await marks(b)).toEqual({ "tencentcos:owner:bucket": KEY });
  expect(await env.client.getBucketLifecycle(loc)).toBeUndefined();
});
