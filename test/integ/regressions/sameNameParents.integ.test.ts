/**
 * Two resources of one stack may share a Pulumi name when their parents are of different types (the URN holds the
 * parents' types): `new Bucket("data", {}, { parent: web })` in a `my:Web` component and the same in a `my:Api` one.
 * They must derive different owner keys, hence different auto-names: with one key, the second create met the first's
 * bucket, took it for its own crashed attempt, and both resources then managed — and deleted — one bucket.
 */
import * as calls from "../../../provider/native/resourceCalls";
import { type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv(); });
afterAll(async () => { await env.close(); });

const urn = (parents: string, name: string) => `urn:pulumi:dev::proj::${parents}tencentcos:index:Bucket::${name}`;

test("same name under parents of different types: two keys, two auto-named buckets, no silent take-over", async () => {
  const web = urn("my:Web$", "data");
  const api = urn("my:Api$", "data");
  const a = await calls.check({ urn: web, olds: {}, news: {} });
  const b = await calls.check({ urn: api, olds: {}, news: {} });
  expect(a.failures).toEqual([]);
  expect(b.failures).toEqual([]);
  const made = await calls.create(web, a.inputs);
  const other = await calls.create(api, b.inputs); // before: succeeded on the first one's bucket
  expect(other.id).not.toBe(made.id);
  expect(a.inputs.ownerKey).not.toBe(b.inputs.ownerKey);
  // destroying one leaves the other's bucket alone
  await calls.remove(web, made.id, made.outs);
  expect(env.server.state.getBucket(other.id)).toBeDefined();
});
