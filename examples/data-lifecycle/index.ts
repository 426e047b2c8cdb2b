// A versioned log/data bucket with a lifecycle: objects under logs/ move to STANDARD_IA, then ARCHIVE, then
// expire; old versions expire; abandoned multipart uploads are aborted (they are billed but never listed as
// objects, so without this rule they accumulate unseen).
import * as pulumi from "@pulumi/pulumi";
import * as cos from "pulumi-tencent-cos";

const config = new pulumi.Config();
const infrequentAfterDays = config.getNumber("infrequentAfterDays") ?? 30;
const archiveAfterDays = config.getNumber("archiveAfterDays") ?? 90;
const expireAfterDays = config.getNumber("expireAfterDays") ?? 365;
const noncurrentExpireDays = config.getNumber("noncurrentExpireDays") ?? 30;

const data = new cos.Bucket("data", {
  versioning: "Enabled",
  encryption: { algorithm: "AES256" },
  tags: { app: "data-lifecycle", stack: pulumi.getStack() },
  // Removes every object version, delete marker and pending multipart upload before deleting the bucket.
  forceDestroy: true,
});

new cos.BucketLifecycle("data-lifecycle", {
  bucket: data.bucket,
  region: data.region,
  rules: [
    {
      // Rules are matched by ID, so reordering or removing one never rewrites another.
      id: "tier-logs",
      status: "Enabled",
      filter: { prefix: "logs/" },
      transitions: [
        { days: infrequentAfterDays, storageClass: "STANDARD_IA" },
        { days: archiveAfterDays, storageClass: "ARCHIVE" },
      ],
      expiration: { days: expireAfterDays },
    },
    {
      // Whole bucket: with versioning on, an overwrite or delete keeps the old version forever unless expired.
      id: "noncurrent-versions",
      status: "Enabled",
      filter: { prefix: "" },
      noncurrentVersionExpiration: { noncurrentDays: noncurrentExpireDays },
      abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    },
  ],
});

export const bucketName = data.bucket;
export const endpoint = data.endpoint;
