/**
 * Bucket names are unique per account across regions: PUT Bucket in ap-guangzhou answers 409 for a bucket that lives
 * in ap-beijing. Adopting (or recognising as ours) that answer used to wait out the whole propagation window for a
 * bucket that can never appear in the declared region, then report the bucket as "created" and keep it in state in
 * the wrong region. The create must fail at once, saying where the bucket is, and keep nothing in state.
 */
import { type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv({ propagationTimeoutMs: 15_000 }); });
afterAll(async () => { await env.close(); });

test("adopt: true on a bucket of another region fails at once, naming its region, and keeps nothing in state", async () => {
  const b = env.bucketName("elsewhere");
  await env.client.putBucket({ bucket: b, region: "ap-beijing" });
  const started = Date.now();
  const e = (await env.create("bucket", { bucket: b, adopt: true, region: "ap-guangzhou", ownerKey: "aaaaaaaaaaaa.000000000003" }).catch((x: unknown) => x)) as Error & { properties?: unknown };
  expect(e).toBeInstanceOf(Error);
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(e.message).toMatch(/ap-beijing/);
  expect(e.message).not.toMatch(/was created/);
  expect(e.properties).toBeUndefined(); // not a partial create: nothing of this resource is kept in state
  expect(env.server.state.getBucket(b)).toBeDefined();
}, 30_000);
