/**
 * forceDestroy: an object that lands between the emptying and DELETE Bucket (access logs or an inventory report
 * delivered to the bucket, a straggling upload, a listing that lagged a write) makes COS answer 409 BucketNotEmpty.
 * The digest's force-destroy algorithm (§5.4) retries that: empty again, delete again — the destroy must not fail.
 */
import { resources } from "../../../provider";
import { providerClient } from "../../../provider/config";
import { type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv(); });
afterAll(async () => { await env.close(); });

test("an object written after the emptying: DELETE Bucket answers BucketNotEmpty, the destroy empties again and succeeds", async () => {
  const b = env.bucketName("late");
  const loc = { bucket: b, region: env.region };
  const made = await env.create("bucket", { bucket: b, forceDestroy: true, ownerKey: "aaaaaaaaaaaa.00000000000f" });
  await env.client.putObject(loc, "a.txt", "a");
  const client = providerClient();
  const original = client.deleteBucket.bind(client);
  let late = 1;
  client.deleteBucket = async (l) => {
    if (late-- > 0) await env.client.putObject(loc, "logs/late.txt", "delivered after the listing");
    return original(l);
  };
  try {
    await resources.bucket.delete(b, made.outs);
  } finally {
    client.deleteBucket = original;
  }
  expect(env.server.state.getBucket(b)).toBeUndefined();
});
