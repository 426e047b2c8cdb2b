/**
 * A create that finds its bucket already there (409) and takes it as its own — an earlier `up` crashed or lost its
 * answer after PUT Bucket — must still write the ACL declared now: that earlier attempt may have carried another.
 */
import { resources } from "../../../provider";
import { getSettings, setSettings } from "../../../provider/config";
import { type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv(); });
afterAll(async () => { await env.close(); });
afterEach(() => env.server.faults.reset());

const KEY = "aaaaaaaaaaaa.000000000007";

async function crashedCreate(b: string, acl: string): Promise<void> {
  const saved = getSettings();
  setSettings({ ...saved, retryMaxSeconds: 0 }); // the first `up` gives up at once: the create fails, the bucket exists
  try {
    env.server.faults.dropAfterServingNext(1, { method: "PUT", subresource: "", bucket: b });
    await expect(env.create("bucket", { bucket: b, ownerKey: KEY, acl })).rejects.toThrow();
    expect(env.server.state.getBucket(b)).toBeDefined();
  } finally {
    setSettings(saved);
  }
}

test("public-read from a crashed create, private declared on the next up: the bucket ends private, as state says", async () => {
  const b = env.bucketName("crashacl");
  await crashedCreate(b, "public-read");
  const again = await env.create("bucket", { bucket: b, ownerKey: KEY, acl: "private" });
  expect(again.outs.acl).toBe("private");
  const live = await resources.bucket.read(b, again.outs);
  expect(live.props!.acl).toBe("private");
});

test("grants added after a crashed create are written by the create that takes the bucket as its own", async () => {
  const b = env.bucketName("crashgrant");
  await crashedCreate(b, "private");
  const grants = { read: ["qcs::cam::uin/100000000011:uin/100000000011"] };
  const again = await env.create("bucket", { bucket: b, ownerKey: KEY, grants });
  const live = await resources.bucket.read(b, again.outs);
  expect(live.props!.grants).toEqual(grants);
});

test("an adopted bucket whose ACL write fails is recorded with its live ACL, not the default, so the next up writes it", async () => {
  const b = env.bucketName("adoptacl");
  await env.client.putBucket({ bucket: b, region: env.region }, { acl: "public-read" } as never);
  env.server.faults.failNext(1, { method: "PUT", subresource: "acl", bucket: b, status: 403, code: "AccessDenied" });
  const err = (await env.create("bucket", { bucket: b, ownerKey: KEY, adopt: true, acl: "private" }).catch((e: unknown) => e)) as { properties?: Record<string, unknown> };
  expect(err.properties?.acl).toBe("public-read"); // what is live: the stored state must not claim "private"
  const news = await env.check("bucket", {}, { bucket: b, ownerKey: KEY, acl: "private" });
  expect(await resources.bucket.diff(b, err.properties!, news)).toMatchObject({ changes: true });
});
