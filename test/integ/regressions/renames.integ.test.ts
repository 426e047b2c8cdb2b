/**
 * Issue 10 cases 1 and 7, in process: renames never delete data, and two stacks never silently share or destroy one
 * configuration. A resource's owner key is `<stackHash>.<resourceHash>`; a rename changes the resource part, another
 * stack the stack part. (test/e2e/stateSafety.e2e.test.ts runs the same through the real engine.)
 */
import { resources } from "../../../provider";
import { type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv(); });
afterAll(async () => { await env.close(); });

const OLD = "111111111111.aaaaaaaaaaaa"; // stack 1, resource "data"
const RENAMED = "111111111111.bbbbbbbbbbbb"; // stack 1, resource "data2"
const OTHER_STACK = "222222222222.aaaaaaaaaaaa"; // stack 2
const loc = (b: string) => ({ bucket: b, region: env.region });

test("renaming a forceDestroy bucket: the aliases advice; following adopt instead never empties or deletes it", async () => {
  const b = env.bucketName("data");
  const old = await env.create("bucket", { bucket: b, forceDestroy: true, ownerKey: OLD });
  await env.client.putObject(loc(b), "precious.txt", "keep me");
  // the program now declares the same bucket under a new name
  const refused = await env.create("bucket", { bucket: b, forceDestroy: true, ownerKey: RENAMED }).catch((e: Error) => e);
  expect((refused as Error).message).toMatch(/managed by another resource of this stack.*aliases: \[\{ name: "<old name>" \}\]/s);
  // the other path the message names: adopt — then the old resource's delete leaves bucket and objects alone
  await env.create("bucket", { bucket: b, forceDestroy: true, ownerKey: RENAMED, adopt: true });
  await resources.bucket.delete(b, old.outs);
  expect(env.server.state.getBucket(b)).toBeDefined();
  expect((await env.client.getObject(loc(b), "precious.txt")).body.toString()).toBe("keep me");
  // an alias keeps the old state and updates the owner key: the mark moves, and that resource can delete it
  const renamedOuts = (await resources.bucket.read(b, { ...old.outs, ownerKey: RENAMED })).props!;
  await resources.bucket.delete(b, renamedOuts);
  expect(env.server.state.getBucket(b)).toBeUndefined();
});

test("an alias rename updates the owner key and moves the mark (an update, never a replace)", async () => {
  const b = env.bucketName("alias");
  const made = await env.create("bucket", { bucket: b, ownerKey: OLD });
  const news = await env.check("bucket", made.inputs, { bucket: b, ownerKey: RENAMED });
  expect(await resources.bucket.diff(b, made.outs, news)).toMatchObject({ changes: true, replaces: [] });
  await resources.bucket.update(b, made.outs, news);
  expect((await env.client.getBucketTagging(loc(b)))).toEqual([{ key: "tencentcos:owner:bucket", value: RENAMED }]);
});

test("renaming a BucketCors with identical rules: no silent take-over; with adopt, the old one's delete keeps it", async () => {
  const b = env.bucketName("cors");
  await env.client.putBucket(loc(b));
  const rules = [{ allowedOrigins: ["https://app.example"], allowedMethods: ["GET"] }];
  const old = await env.create("bucketCors", { bucket: b, rules, ownerKey: OLD });
  const refused = await env.create("bucketCors", { bucket: b, rules, ownerKey: RENAMED }).catch((e: Error) => e);
  expect((refused as Error).message).toMatch(/managed by another resource of this stack.*aliases/s);
  await env.create("bucketCors", { bucket: b, rules, ownerKey: RENAMED, adopt: true });
  await resources.bucketCors.delete(b, old.outs);
  expect((await env.client.getBucketCors(loc(b)))?.rules).toHaveLength(1);
});

test("two stacks: B with identical CORS fails without adopt; with adopt B owns it and A's delete never removes it", async () => {
  const b = env.bucketName("shared");
  await env.client.putBucket(loc(b));
  const rules = [{ allowedOrigins: ["*"], allowedMethods: ["GET", "HEAD"] }];
  const a = await env.create("bucketCors", { bucket: b, rules, ownerKey: OLD });
  const refused = await env.create("bucketCors", { bucket: b, rules, ownerKey: OTHER_STACK }).catch((e: Error) => e);
  expect((refused as Error).message).toMatch(/managed by another stack.*adopt: true/s);
  const bOut = await env.create("bucketCors", { bucket: b, rules, ownerKey: OTHER_STACK, adopt: true });
  await resources.bucketCors.delete(b, a.outs); // A's destroy
  expect((await env.client.getBucketCors(loc(b)))?.rules).toHaveLength(1);
  // A's refresh still reports it live (read never changes marks); B's delete removes it
  expect((await resources.bucketCors.read(b, a.outs)).id).toBe(b);
  await resources.bucketCors.delete(b, bOut.outs);
  expect(await env.client.getBucketCors(loc(b))).toBeUndefined();
});

test("CORS, lifecycle and policy created in parallel on one bucket keep every mark (one tag writer per bucket)", async () => {
  const b = env.bucketName("par");
  await env.create("bucket", { bucket: b, ownerKey: OLD, tags: { team: "web" } });
  const k = (n: string) => `111111111111.${n.repeat(12)}`;
  await Promise.all([
    env.create("bucketCors", { bucket: b, ownerKey: k("c"), rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"] }] }),
    env.create("bucketLifecycle", { bucket: b, ownerKey: k("d"), rules: [{ id: "x", expiration: { days: 3 } }] }),
    env.create("bucketPolicy", { bucket: b, ownerKey: k("e"), policy: { version: "2.0", Statement: [{ Effect: "allow", Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Action: ["name/cos:GetObject"], Resource: [`qcs::cos:${env.region}:uid/${env.appId}:${b}/*`] }] } }),
  ]);
  const tags = Object.fromEntries((await env.client.getBucketTagging(loc(b)))!.map((t) => [t.key, t.value]));
  expect(tags).toEqual({ team: "web", "tencentcos:owner:bucket": OLD, "tencentcos:owner:cors": k("c"), "tencentcos:owner:lifecycle": k("d"), "tencentcos:owner:policy": k("e") });
  // the Bucket's own tags never show the marks, and changing them keeps the marks
  const r = await resources.bucket.read(b, { bucket: b, region: env.region, tags: { team: "web" }, ownerKey: OLD });
  expect(r.inputs!.tags).toEqual({ team: "web" });
  const news = await env.check("bucket", r.inputs!, { bucket: b, ownerKey: OLD });
  await resources.bucket.update(b, r.props!, news); // tags removed from the program: user tags go, marks stay
  expect((await env.client.getBucketTagging(loc(b)))!.map((t) => t.key).sort()).toEqual(["tencentcos:owner:bucket", "tencentcos:owner:cors", "tencentcos:owner:lifecycle", "tencentcos:owner:policy"]);
});
