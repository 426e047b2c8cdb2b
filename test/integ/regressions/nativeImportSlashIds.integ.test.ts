/**
 * `pulumi import tencentcos:index:BucketObject <name> <bucket>/<key>` and `…:BucketInventory <name> <bucket>/<id>`:
 * the native import Read knows only the id. It used to take the whole id as the bucket name ("b/key"), so both
 * failed with an invalid bucket name; the bucket is the id's part before the first "/".
 */
import { read } from "../../../provider/native/resourceCalls";
import { type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv(); });
afterAll(async () => { await env.close(); });

const urn = (type: string, name: string) => `urn:pulumi:dev::proj::tencentcos:index:${type}::${name}`;

test("a BucketObject is imported by <bucket>/<key>, and its live content type and metadata come back", async () => {
  const b = env.bucketName("impobj");
  const loc = { bucket: b, region: env.region };
  await env.client.putBucket(loc);
  await env.client.putObject(loc, "docs/a b.txt", "hello", { contentType: "text/plain", headers: { "x-cos-meta-team": "web" } });
  const r = await read(urn("BucketObject", "a"), `${b}/docs/a b.txt`, {});
  expect(r.id).toBe(`${b}/docs/a b.txt`);
  expect(r.props).toMatchObject({ bucket: b, key: "docs/a b.txt", contentType: "text/plain", metadata: { team: "web" } });
});

test("a BucketInventory is imported by <bucket>/<inventoryId>", async () => {
  const b = env.bucketName("impinv");
  const loc = { bucket: b, region: env.region };
  await env.client.putBucket(loc);
  await env.create("bucketInventory", { bucket: b, inventoryId: "weekly", destination: { bucket: b, region: env.region }, frequency: "Weekly", ownerKey: "abcdefabcdef.000000000009" });
  const r = await read(urn("BucketInventory", "inv"), `${b}/weekly`, {});
  expect(r.id).toBe(`${b}/weekly`);
  expect(r.props).toMatchObject({ bucket: b, inventoryId: "weekly", frequency: "Weekly" });
});
