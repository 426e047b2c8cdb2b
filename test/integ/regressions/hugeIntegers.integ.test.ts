/**
 * "Bad input is rejected before any API call" (README). An integer input without an upper bound accepts any
 * JS integer: 1e21 (sent as the text "1e+21", not an integer at all) or 2^31 (beyond COS's int). check passes, and the
 * PUT then fails at COS (the local server, written from the documents, checks the int range).
 */
import { type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";
import { resources } from "../../../provider";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv(); });
afterAll(async () => { await env.close(); });

const loc = (b: string) => ({ bucket: b, region: env.region });

test.each([1e21, 2 ** 31, "99999999999999999999999"])("BucketCors maxAgeSeconds = %p is refused by check, naming the property", async (maxAgeSeconds) => {
  const b = env.bucketName("huge");
  await env.client.putBucket(loc(b));
  const news = { bucket: b, rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"], maxAgeSeconds }] };
  const checked = await resources.bucketCors.check({}, news);
  if (!checked.failures?.length) {
    // what happens instead: the create reaches COS and fails there
    const err = await resources.bucketCors.create(checked.inputs as Record<string, unknown>).then(() => undefined, (e: Error) => e.message);
    expect({ failures: checked.failures ?? [], createError: err }).toEqual({ failures: [expect.objectContaining({ reason: expect.stringContaining("maxAgeSeconds") })], createError: undefined });
  }
  expect(JSON.stringify(checked.failures)).toContain("maxAgeSeconds");
});
