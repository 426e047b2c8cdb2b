import { startProviderEnv } from "../../helpers/providerEnv";
import { functions } from "../../../provider";
import { invoke } from "../../../provider/native/invoke";
import { getBucket, getBuckets } from "../../../provider/functions";

describe("lookup functions against the local COS server", () => {
  let env: Awaited<ReturnType<typeof startProviderEnv>>;
  beforeAll(async () => { env = await startProviderEnv(); });
  afterAll(async () => { await env.close(); });

  it("getBucket returns region, ACL, versioning, user tags (no owner marks) and endpoints", async () => {
    const name = env.bucketName("look");
    await env.client.putBucket({ bucket: name, region: env.region }, { tags: [{ key: "team", value: "a" }, { key: "tencentcos:owner:cors", value: "x" }] });
    await env.client.putBucketVersioning({ bucket: name, region: env.region }, "Enabled");
    const b = await getBucket({ bucket: name, region: env.region });
    expect(b.region).toBe(env.region);
    expect(b.versioning).toBe("Enabled");
    expect(b.tags).toEqual({ team: "a" });
    expect(b.acl.owner.id).toBeTruthy();
    expect(b.bucketDomain).toBe(`${name}.cos.${env.region}.myqcloud.com`);
  });

  it("getBucket of a missing bucket names the COS code and request id", async () => {
    await expect(getBucket({ bucket: env.bucketName("gone"), region: env.region })).rejects.toThrow(/not found.*NoSuchBucket, request id [^u]/);
  });

  it("getBuckets filters by prefix, region and tags (owner marks do not match)", async () => {
    const a = env.bucketName("flta");
    const b = env.bucketName("fltb");
    await env.client.putBucket({ bucket: a, region: env.region }, { tags: [{ key: "env", value: "prod" }] });
    await env.client.putBucket({ bucket: b, region: "ap-beijing" }, { tags: [{ key: "tencentcos:owner:bucket", value: "k" }] });
    const all = (await getBuckets({})).buckets.map((x) => x.bucket);
    expect(all).toEqual(expect.arrayContaining([a, b]));
    expect((await getBuckets({ prefix: "flta-" })).buckets.map((x) => x.bucket)).toEqual([a]);
    const bj = (await getBuckets({ region: "ap-beijing" })).buckets;
    expect(bj.map((x) => x.bucket)).toContain(b);
    expect(bj.every((x) => x.region === "ap-beijing")).toBe(true);
    expect((await getBuckets({ tags: { env: "prod" } })).buckets.map((x) => x.bucket)).toEqual([a]);
    expect((await getBuckets({ tags: { "tencentcos:owner:bucket": "k" } })).buckets).toEqual([]);
  });

  it("is served through native Invoke by token", async () => {
    expect(Object.keys(functions)).toEqual(["getBucket", "getBuckets"]);
    const name = env.bucketName("inv");
    await env.client.putBucket({ bucket: name, region: env.region });
    const out = await invoke("tencentcos:index:getBucket", { bucket: name, region: env.region });
    expect(out.bucket).toBe(name);
    await expect(invoke("tencentcos:index:nope", {})).rejects.toThrow(/serves tencentcos:index:getBucket/);
  });
});
