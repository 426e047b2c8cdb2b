// One program, many stacks: everything that differs between environments is stack config
// (Pulumi.dev.yaml, Pulumi.prod.yaml), so a pull request that changes an environment is a reviewable diff.
import * as pulumi from "@pulumi/pulumi";
import * as cos from "pulumi-tencent-cos";

const config = new pulumi.Config();
const environment = config.require("environment");
const versioning = config.get("versioning") as "Enabled" | "Suspended" | undefined;
const scratchExpireDays = config.getNumber("scratchExpireDays") ?? 7;
// Only meaningful with versioning: how long an overwritten or deleted object version is kept.
const noncurrentExpireDays = config.getNumber("noncurrentExpireDays");
const allowedOrigins = config.requireObject<string[]>("allowedOrigins");

const assets = new cos.Bucket("assets", {
  versioning,
  // Not `project`: Tencent Cloud reserves tag keys starting with `project` or `qcs:` (COS bucket tags, 436/31509).
  tags: { environment, "managed-by": "pulumi", "pulumi-project": pulumi.getProject() },
  // dev is disposable; prod refuses to delete a bucket that still holds data.
  forceDestroy: environment !== "prod",
});

const rules: cos.LifecycleRule[] = [
  { id: "expire-scratch", status: "Enabled", filter: { prefix: "scratch/" }, expiration: { days: scratchExpireDays } },
];
if (noncurrentExpireDays !== undefined) {
  rules.push({
    id: "expire-noncurrent",
    status: "Enabled",
    filter: { prefix: "" },
    noncurrentVersionExpiration: { noncurrentDays: noncurrentExpireDays },
  });
}
new cos.BucketLifecycle("assets-lifecycle", { bucket: assets.bucket, region: assets.region, rules });

new cos.BucketCors("assets-cors", {
  bucket: assets.bucket,
  region: assets.region,
  rules: [{ id: "browser-uploads", allowedOrigins, allowedMethods: ["GET", "PUT", "HEAD"], allowedHeaders: ["*"], maxAgeSeconds: 300 }],
});

export const bucketName = assets.bucket;
export const endpoint = assets.endpoint;
