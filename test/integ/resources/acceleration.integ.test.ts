/**
 * BucketAcceleration against the local COS server: full cycle, suspended out of band, adoption, delete = Suspended,
 * bad input before any request.
 */
import { resources } from "../../../provider";
import { type Props, type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv(); });
afterEach(() => env.server.faults.reset());
afterAll(async () => { await env.close(); });

const loc = (b: string) => ({ bucket: b, region: "ap-guangzhou" });
const freshBucket = async (base: string) => {
  const b = env.bucketName(base);
  await env.client.putBucket(loc(b));
  return b;
};
const p = resources.bucketAcceleration;

test("a bucket never configured reads as undefined (COS answers an empty document)", async () => {
  const b = await freshBucket("acn");
  expect(await env.client.getBucketAccelerate(loc(b))).toBeUndefined();
});

test("create enables → read → suspended out of band drops it → re-create → delete suspends", async () => {
  const b = await freshBucket("ac");
  const created = await env.create("bucketAcceleration", { bucket: b });
  expect(await env.client.getBucketAccelerate(loc(b))).toEqual({ status: "Enabled" });
  const r1 = await p.read(b, created.outs);
  expect(r1.id).toBe(b);
  expect(await p.diff(b, r1.props as Props, created.inputs)).toMatchObject({ changes: false });

  // suspended in a console: refresh drops it from state, so the next up enables it again
  await env.client.putBucketAccelerate(loc(b), { status: "Suspended" });
  expect((await p.read(b, r1.props as Props)).id).toBeFalsy();

  // our own re-create after a suspension needs no adopt (Suspended is "off", nothing to overwrite)
  const again = await p.create(created.inputs);
  expect(await env.client.getBucketAccelerate(loc(b))).toEqual({ status: "Enabled" });
  await p.delete(again.id, again.outs as Props);
  expect(await env.client.getBucketAccelerate(loc(b))).toEqual({ status: "Suspended" });
  expect((await p.read(b, again.outs as Props)).id).toBeFalsy();
  await p.delete(again.id, again.outs as Props); // idempotent
});

test("acceleration enabled outside the stack is not taken over unless adopted; a deleted bucket drops it", async () => {
  const b = await freshBucket("aca");
  await env.client.putBucketAccelerate(loc(b), { status: "Enabled" });
  await expect(env.create("bucketAcceleration", { bucket: b })).rejects.toThrow(/adopt/);
  const adopted = await env.create("bucketAcceleration", { bucket: b, adopt: true });
  expect(await env.client.getBucketAccelerate(loc(b))).toEqual({ status: "Enabled" });
  await env.client.deleteBucket(loc(b));
  expect((await p.read(b, adopted.outs)).id).toBeFalsy();
  await p.delete(b, adopted.outs); // bucket gone: nothing to do
});

test("bad input sends nothing", async () => {
  env.server.state.resetRequestLog();
  const checked = await p.check({}, { bucket: "NoAppId" });
  expect(checked.failures?.[0]?.property).toBe("bucket");
  expect(env.server.state.requests).toHaveLength(0);
});
