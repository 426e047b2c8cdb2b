/** examples/data-lifecycle: a versioned, encrypted bucket with tiering, expiry and cleanup rules. */
import { describeExampleLifecycle } from "./exampleLifecycle";

const loc = (outputs: Record<string, unknown>) => ({ bucket: String(outputs.bucketName), region: "ap-guangzhou" });

describeExampleLifecycle({
  example: "data-lifecycle",
  stack: "e2e",
  resources: ["data", "data-lifecycle"],
  buckets: 1,
  async checkDeployed({ outputs, client }) {
    expect(outputs.bucketName).toMatch(/^data-[0-9a-z]+-1250000000$/);
    expect(await client.getBucketVersioning(loc(outputs))).toBe("Enabled");
    expect((await client.getBucketEncryption(loc(outputs)))?.sseAlgorithm).toBe("AES256");
    const rules = (await client.getBucketLifecycle(loc(outputs)))?.rules ?? [];
    // Lifecycle rules are a set to COS (matched by ID), so their order on the wire is not part of the contract.
    expect(rules.map((r) => r.id).sort()).toEqual(["noncurrent-versions", "tier-logs"]);
    const tier = rules.find((r) => r.id === "tier-logs")!;
    const noncurrent = rules.find((r) => r.id === "noncurrent-versions")!;
    expect(tier.filter?.prefix).toBe("logs/");
    expect(tier.transitions?.map((t) => [t.days, t.storageClass.toUpperCase()])).toEqual([
      [30, "STANDARD_IA"],
      [90, "ARCHIVE"],
    ]);
    expect(tier.expiration?.days).toBe(365);
    expect(noncurrent.noncurrentVersionExpiration?.noncurrentDays).toBe(30);
    expect(noncurrent.abortIncompleteMultipartUpload?.daysAfterInitiation).toBe(7);
  },
  configChange: {
    set: { "data-lifecycle:expireAfterDays": "400" },
    resource: "data-lifecycle",
    changedInputs: ["rules"],
    async verify({ outputs, client }) {
      const rules = (await client.getBucketLifecycle(loc(outputs)))?.rules ?? [];
      expect(rules.find((r) => r.id === "tier-logs")?.expiration?.days).toBe(400);
    },
  },
  drift: {
    // Someone retags the bucket in the console.
    async make({ outputs, client }) {
      await client.putBucketTagging(loc(outputs), [
        { key: "app", value: "tampered" },
        { key: "stack", value: "e2e" },
      ]);
    },
    resource: "data",
    changedInputs: ["tags"],
    diffContains: ["tags", '"tampered" => "data-lifecycle"'],
  },
});
