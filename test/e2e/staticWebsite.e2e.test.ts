/** examples/static-website: bucket + website + public-read policy + CORS, through `pulumi up … destroy`. */
import { describeExampleLifecycle } from "./exampleLifecycle";

const loc = (outputs: Record<string, unknown>) => ({ bucket: String(outputs.bucketName), region: "ap-guangzhou" });

describeExampleLifecycle({
  example: "static-website",
  stack: "e2e",
  resources: ["site", "site-website", "site-public-read", "site-cors"],
  buckets: 1,
  // The website PUT fails for good (400 is not retried): the bucket, policy and CORS still deploy, and the next
  // `pulumi up` creates only what is missing.
  injectFailure: {
    fail: { status: 400, code: "InvalidArgument", message: "injected by the e2e test", method: "PUT", subresource: "website" },
    resource: "site-website",
    outputContains: "InvalidArgument",
  },
  async checkDeployed({ outputs, client }) {
    expect(outputs.bucketName).toMatch(/^site-[0-9a-z]+-1250000000$/);
    expect(outputs.endpoint).toBe(`https://${outputs.bucketName}.cos.ap-guangzhou.myqcloud.com`);
    expect(String(outputs.websiteEndpoint)).toContain(String(outputs.bucketName));
    const website = await client.getBucketWebsite(loc(outputs));
    expect(website?.indexDocument.suffix).toBe("index.html");
    expect(website?.errorDocument?.key).toBe("404.html");
    expect(website?.routingRules).toHaveLength(1);
    const cors = await client.getBucketCors(loc(outputs));
    expect(cors?.rules).toEqual([expect.objectContaining({ id: "read-assets", maxAgeSeconds: 600 })]);
    const policy = JSON.parse((await client.getBucketPolicy(loc(outputs))) ?? "{}") as { Statement?: { Principal: unknown }[] };
    expect(JSON.stringify(policy.Statement?.[0]?.Principal)).toContain("qcs::cam::anyone:anyone");
  },
  configChange: {
    set: { "static-website:indexDocument": "home.html" },
    resource: "site-website",
    changedInputs: ["indexDocument"],
    async verify({ outputs, client }) {
      expect((await client.getBucketWebsite(loc(outputs)))?.indexDocument.suffix).toBe("home.html");
    },
  },
  drift: {
    // Someone shortens the CORS cache in the console.
    async make({ outputs, client }) {
      await client.putBucketCors(loc(outputs), {
        rules: [
          {
            id: "read-assets",
            allowedOrigins: ["*"],
            allowedMethods: ["GET", "HEAD"],
            allowedHeaders: ["*"],
            exposeHeaders: ["ETag", "Content-Length"],
            maxAgeSeconds: 5,
          },
        ],
      });
    },
    resource: "site-cors",
    changedInputs: ["rules"],
    diffContains: ["maxAgeSeconds", "5 => 600"],
  },
});
