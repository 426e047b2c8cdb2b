/**
 * a retried PUT Bucket that meets 409 after an attempt whose outcome is unknown is taken as "ours" without
 * looking at the bucket's ownership mark. When the bucket already belonged to another resource (its mark says so), the
 * lost first answer cannot have been our creation: the create must refuse, as it does without the network blip.
 */
import { type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv(); });
afterAll(async () => { await env.close(); });
afterEach(() => env.server.faults.reset());

const SIBLING = "aaaaaaaaaaaa.000000000001"; // same stack, another resource
const ME = "aaaaaaaaaaaa.000000000002";
const OTHER_STACK = "bbbbbbbbbbbb.000000000003";
const loc = (b: string) => ({ bucket: b, region: env.region });
const mark = async (b: string) => (await env.client.getBucketTagging(loc(b)))?.find((t) => t.key === "tencentcos:owner:bucket")?.value;

test("control: without a network blip, a bucket managed by a sibling resource is refused (alias advice)", async () => {
  const b = env.bucketName("sib0");
  await env.create("bucket", { bucket: b, ownerKey: SIBLING });
  await expect(env.create("bucket", { bucket: b, ownerKey: ME })).rejects.toThrow(/another resource/);
  expect(await mark(b)).toBe(SIBLING);
});

test("a dropped first PUT Bucket (the bucket was the sibling's all along) must not make the sibling's bucket ours", async () => {
  const b = env.bucketName("sib1");
  await env.create("bucket", { bucket: b, ownerKey: SIBLING });
  // The socket of our first PUT is dropped before the server acts (a reset: outcome unknown to the client).
  env.server.faults.dropNext(1, { method: "PUT", subresource: "", bucket: b });
  const r = await env.create("bucket", { bucket: b, ownerKey: ME }).then(() => "created", (e: Error) => e.message);
  expect(r).toMatch(/another resource/);
  expect(await mark(b)).toBe(SIBLING); // the sibling's mark must stay
});

test("a dropped first PUT Bucket must not take over another stack's bucket without adopt", async () => {
  const b = env.bucketName("oth1");
  await env.create("bucket", { bucket: b, ownerKey: OTHER_STACK });
  env.server.faults.dropAfterServingNext(1, { method: "PUT", subresource: "", bucket: b });
  const r = await env.create("bucket", { bucket: b, ownerKey: ME }).then(() => "created", (e: Error) => e.message);
  expect(r).toMatch(/managed by another stack.*adopt: true/s);
  expect(await mark(b)).toBe(OTHER_STACK);
});
