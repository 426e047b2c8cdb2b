/**
 * examples/gitops: one program, stack config per environment. The `dev` stack goes through the whole lifecycle;
 * then `prod`, from its committed Pulumi.prod.yaml, must deploy the stricter settings.
 */
import { describeExampleLifecycle, STEP_MS } from "./exampleLifecycle";
import { expectSuccess } from "./harness";

const loc = (outputs: Record<string, unknown>) => ({ bucket: String(outputs.bucketName), region: "ap-guangzhou" });

describeExampleLifecycle({
  example: "gitops",
  stack: "dev",
  resources: ["assets", "assets-lifecycle", "assets-cors"],
  buckets: 1,
  async checkDeployed({ outputs, client }) {
    expect(outputs.bucketName).toMatch(/^assets-[0-9a-z]+-1250000000$/);
    expect(await client.getBucketVersioning(loc(outputs))).toBeUndefined(); // dev: not managed, never enabled
    expect(await client.getBucketTagging(loc(outputs))).toEqual(
      expect.arrayContaining([{ key: "environment", value: "dev" }, { key: "managed-by", value: "pulumi" }]),
    );
    const rules = (await client.getBucketLifecycle(loc(outputs)))?.rules ?? [];
    expect(rules.map((r) => [r.id, r.expiration?.days])).toEqual([["expire-scratch", 3]]);
    expect((await client.getBucketCors(loc(outputs)))?.rules[0].allowedOrigins).toEqual(["*"]);
  },
  configChange: {
    set: { "gitops:scratchExpireDays": "5" },
    resource: "assets-lifecycle",
    changedInputs: ["rules"],
    async verify({ outputs, client }) {
      expect((await client.getBucketLifecycle(loc(outputs)))?.rules[0].expiration?.days).toBe(5);
    },
  },
  drift: {
    // Someone opens CORS to another origin in the console.
    async make({ outputs, client }) {
      await client.putBucketCors(loc(outputs), {
        rules: [{ id: "browser-uploads", allowedOrigins: ["https://elsewhere.example"], allowedMethods: ["GET", "PUT", "HEAD"], allowedHeaders: ["*"], maxAgeSeconds: 300 }],
      });
    },
    resource: "assets-cors",
    changedInputs: ["rules"],
    diffContains: ["allowedOrigins", "https://elsewhere.example"],
  },
  extraSteps(ctx) {
    test("the prod stack deploys its own config: versioning, noncurrent expiry, strict CORS", async () => {
      const { project, server, client } = ctx();
      const account = server.accounts[0];
      const prod = await project.forStack("prod");
      await prod.setConfig(
        { "cos:endpoint": server.endpoint, "cos:appId": account.appId, "tencentcloud:secretId": account.secretId },
        { "tencentcloud:secretKey": account.secretKey },
      );
      expectSuccess(await prod.up());
      const outputs = await prod.outputs();
      expect(await client.getBucketVersioning(loc(outputs))).toBe("Enabled");
      expect(await client.getBucketTagging(loc(outputs))).toEqual(expect.arrayContaining([{ key: "environment", value: "prod" }]));
      const rules = (await client.getBucketLifecycle(loc(outputs)))?.rules ?? [];
      expect(rules.map((r) => r.id).sort()).toEqual(["expire-noncurrent", "expire-scratch"]); // a set to COS
      expect(rules.find((r) => r.id === "expire-noncurrent")?.noncurrentVersionExpiration?.noncurrentDays).toBe(90);
      // Origins inside one CORS rule are a set to COS; the provider may send them sorted.
      expect((await client.getBucketCors(loc(outputs)))?.rules[0].allowedOrigins.sort()).toEqual([
        "https://admin.example.com",
        "https://www.example.com",
      ]);
      expectSuccess(await prod.pulumi(["preview", "--refresh", "--expect-no-changes", "--non-interactive", "--diff"]));
      expectSuccess(await prod.pulumi(["destroy", "--yes", "--skip-preview", "--non-interactive"]));
      expect(server.state.listBuckets()).toEqual([]);
    }, STEP_MS);
  },
});
