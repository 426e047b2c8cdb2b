// Disaster recovery: objects written to a bucket in one region are copied to a bucket in another region.
// COS replicates only between versioned buckets, so both have versioning "Enabled", and the replication rule
// takes the buckets' outputs so Pulumi creates (and versions) both before configuring replication.
import * as pulumi from "@pulumi/pulumi";
import * as cos from "pulumi-tencent-cos";

const config = new pulumi.Config();
// The account (root) UIN that owns both buckets; COS assumes this identity to write replicas.
const ownerUin = config.require("ownerUin");
const sourceRegion = config.get("sourceRegion") ?? "ap-guangzhou";
const replicaRegion = config.get("replicaRegion") ?? "ap-shanghai";
// Replicas are rarely read, so infrequent-access storage is cheaper; STANDARD keeps them hot.
const replicaStorageClass = config.get("replicaStorageClass") ?? "STANDARD_IA";

const source = new cos.Bucket("source", {
  region: sourceRegion,
  versioning: "Enabled",
  tags: { app: "cross-region-replication", role: "primary" },
  forceDestroy: true,
});

const replica = new cos.Bucket("replica", {
  region: replicaRegion,
  versioning: "Enabled",
  tags: { app: "cross-region-replication", role: "replica" },
  forceDestroy: true,
});

new cos.Replication("source-to-replica", {
  bucket: source.bucket,
  region: source.region,
  role: `qcs::cam::uin/${ownerUin}:uin/${ownerUin}`,
  rules: [
    {
      id: "everything",
      status: "Enabled",
      prefix: "", // the whole bucket
      destination: { bucket: replica.bucket, region: replica.region, storageClass: replicaStorageClass },
    },
  ],
});

export const sourceBucket = source.bucket;
export const replicaBucket = replica.bucket;
export const sourceEndpoint = source.endpoint;
export const replicaEndpoint = replica.endpoint;
