import * as pulumi from "@pulumi/pulumi";
import { startProviderEnv } from "../../helpers/providerEnv";
import { getBucket, getBucketOutput, getBuckets, getBucketsOutput } from "../../../sdk";

const valueOf = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply((v) => { resolve(v); return v; }));

describe("sdk lookup functions read credentials from stack config", () => {
  let env: Awaited<ReturnType<typeof startProviderEnv>>;
  beforeAll(async () => {
    env = await startProviderEnv();
    const a = env.server.accounts[0];
    pulumi.runtime.setConfig("tencentcloud:secretId", a.secretId);
    pulumi.runtime.setConfig("tencentcloud:secretKey", a.secretKey);
    pulumi.runtime.setConfig("tencentcloud:region", env.region);
    pulumi.runtime.setConfig("cos:endpoint", env.server.endpoint);
  });
  afterAll(async () => { await env.close(); });

  it("getBucket / getBucketOutput return the bucket without owner marks or credentials", async () => {
    const name = env.bucketName("sdk");
    await env.client.putBucket({ bucket: name, region: env.region }, { tags: [{ key: "k", value: "v" }, { key: "tencentcos:owner:bucket", value: "m" }] });
    const b = await getBucket({ bucket: name });
    expect(b.tags).toEqual({ k: "v" });
    expect(b.versioning).toBe("Disabled");
    expect(JSON.stringify(b)).not.toContain(env.secretKey);
    const o = await valueOf(getBucketOutput({ bucket: pulumi.output(name) }));
    expect(o.bucket).toBe(name);
  });

  it("getBuckets / getBucketsOutput filter by prefix", async () => {
    const name = env.bucketName("sdkls");
    await env.client.putBucket({ bucket: name, region: env.region });
    expect((await getBuckets({ prefix: "sdkls-" })).buckets.map((x) => x.bucket)).toEqual([name]);
    const o = await valueOf(getBucketsOutput({ prefix: pulumi.output("sdkls-") }));
    expect(o.buckets.map((x) => x.bucket)).toEqual([name]);
  });

  it("bad arguments fail before any API call", async () => {
    await expect(getBucket({ bucket: "Bad_Name" })).rejects.toThrow(/getBucket: bucket/);
  });
});
