/**
 * COS allows 50 tags per bucket (the local server enforces it, digest §5.19), and the ownership marks share them with
 * the user's tags: a Bucket's own mark and one per configuration. A Bucket that passed check with 50 tags used to fail
 * after PUT Bucket (ResourceInitError: At most 50 tags), and a configuration created on a bucket with no room left
 * failed on its mark. Check must say so up front, and a mark that does not fit must never break the deployment.
 */
import { resources } from "../../../provider";
import { type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv(); });
afterAll(async () => { await env.close(); });

const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, `v${i}`]));
const KEY = "abcdefabcdef.000000000001";
const CORS_KEY = "abcdefabcdef.000000000002";
const CORS = { rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"] }] };

test("Bucket check: 50 user tags fail before any request, naming tags and the mark that takes the 50th place", async () => {
  const r = await resources.bucket.check({}, { bucket: env.bucketName("t50"), tags: tags(50), ownerKey: KEY });
  expect(r.failures).toEqual([expect.objectContaining({ property: "tags", reason: expect.stringMatching(/49.*tencentcos:owner:bucket/s) })]);
});

test("a Bucket with 49 tags is created whole, and a BucketCors on it too (its mark does not fit: managed unmarked)", async () => {
  const b = env.bucketName("t49");
  const created = await env.create("bucket", { bucket: b, tags: tags(49), ownerKey: KEY });
  expect((await env.client.getBucketTagging({ bucket: b, region: env.region }))?.length).toBe(50);
  const cors = await env.create("bucketCors", { bucket: b, ...CORS, ownerKey: CORS_KEY });
  expect(await env.client.getBucketCors({ bucket: b, region: env.region })).toBeDefined();
  // its delete still removes it, and the user's tags are untouched
  await resources.bucketCors.delete(cors.id, cors.outs);
  expect(await env.client.getBucketCors({ bucket: b, region: env.region })).toBeUndefined();
  const live = await resources.bucket.read(b, created.outs);
  expect(live.props!.tags).toEqual(tags(49));
});

test("a Bucket update to 49 tags while a configuration's mark is on the bucket: the user's tags win, the mark gives way", async () => {
  const b = env.bucketName("tupd");
  const created = await env.create("bucket", { bucket: b, tags: tags(2), ownerKey: KEY });
  await env.create("bucketCors", { bucket: b, ...CORS, ownerKey: CORS_KEY });
  const news = await env.check("bucket", created.inputs, { bucket: b, tags: tags(49), ownerKey: KEY });
  const u = await resources.bucket.update(b, created.outs, news);
  expect(u.outs!.tags).toEqual(tags(49));
  const live = await env.client.getBucketTagging({ bucket: b, region: env.region });
  expect(live?.length).toBe(50);
  expect(live?.some((t) => t.key === "tencentcos:owner:bucket")).toBe(true);
});
