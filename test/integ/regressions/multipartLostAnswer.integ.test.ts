/**
 * The multipart calls whose retry after a lost answer meets the first attempt's effect:
 *  - CompleteMultipartUpload (POST ?uploadId): the retry meets NoSuchUpload (the first attempt completed it), so an
 *    upload that succeeded is reported as failed; now the object's multipart ETag decides whether it is this upload.
 *  - AbortMultipartUpload (DELETE ?uploadId): the retry meets NoSuchUpload (the first attempt aborted it), which
 *    failed a force-destroy; now it counts as done.
 */
import { CosClient } from "../../../provider/cos";
import { uploadObject } from "../../../provider/resources/objectUpload";
import { type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
let client: CosClient;
beforeAll(async () => {
  env = await startProviderEnv();
  const a = env.server.accounts[0];
  // The provider's own retry policy, with no waiting between attempts.
  client = new CosClient({ credentials: { secretId: a.secretId, secretKey: a.secretKey }, endpoint: env.server.endpoint, retry: { sleep: async () => undefined } });
});
afterAll(async () => { await env.close(); });
afterEach(() => env.server.faults.reset());

const loc = (b: string) => ({ bucket: b, region: env.region });
const data = Buffer.alloc(3 * 1024 * 1024 + 17, 7); // two parts of 2 MiB (threshold lowered so it goes multipart)
const opts = { contentType: "application/octet-stream", headers: {}, multipartThresholdBytes: 1024 * 1024, partSizeBytes: 2 * 1024 * 1024 };

test("a lost answer to CompleteMultipartUpload is not reported as a failed upload", async () => {
  const b = env.bucketName("mpc");
  await env.client.putBucket(loc(b));
  env.server.faults.dropAfterServingNext(1, { method: "POST", subresource: "uploadId", bucket: b });
  const r = await uploadObject(client, loc(b), "big.bin", { kind: "bytes", data }, opts).then((x) => x, (e: Error) => e);
  // the object was written by the first attempt
  const head = await env.client.headObject(loc(b), "big.bin");
  expect(head).toBeDefined();
  expect(r).not.toBeInstanceOf(Error);
  expect((r as { etag: string }).etag).toBe(head!.etag);
});

test("force-destroy: a lost answer to AbortMultipartUpload (the abort happened) does not fail the destroy", async () => {
  const { resources } = await import("../../../provider");
  const b = env.bucketName("mpa");
  const created = await env.create("bucket", { bucket: b, ownerKey: "aaaaaaaaaaaa.000000000009", forceDestroy: true });
  await env.client.initiateMultipartUpload(loc(b), "pending.bin");
  env.server.faults.dropAfterServingNext(1, { method: "DELETE", subresource: "uploadId", bucket: b });
  const r = await resources.bucket.delete(created.id, created.outs).then(() => "deleted", (e: Error) => e.message);
  expect(r).toBe("deleted");
  expect(env.server.state.getBucket(b)).toBeUndefined();
});
