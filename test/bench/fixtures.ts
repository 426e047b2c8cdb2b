/**
 * Realistic configurations used by the benchmarks: the CORS rules the per-request bucket is pre-populated with, the
 * lifecycle document PUT by all three clients, and the raw inputs of the six resources for the refresh benchmark
 * (shaped like examples/static-website, data-lifecycle and cross-region-replication).
 */
import type COS from "cos-nodejs-sdk-v5";
import type { CorsConfiguration } from "../../provider/cos/operations/cors";
import type { LifecycleConfiguration } from "../../provider/cos/operations/lifecycle";

/** The CORS configuration GET by the per-request benchmark (2 rules; ~600 bytes of XML). */
export const CORS: CorsConfiguration = {
  rules: [
    {
      id: "read-assets",
      allowedOrigins: ["https://example.com", "https://www.example.com"],
      allowedMethods: ["GET", "HEAD"],
      allowedHeaders: ["*"],
      exposeHeaders: ["ETag", "Content-Length", "x-cos-request-id"],
      maxAgeSeconds: 600,
    },
    {
      id: "upload",
      allowedOrigins: ["https://app.example.com"],
      allowedMethods: ["PUT", "POST"],
      allowedHeaders: ["Content-Type", "Content-MD5", "x-cos-meta-*"],
      maxAgeSeconds: 300,
    },
  ],
};

/** The lifecycle document PUT by the per-request benchmark, in our client's model. */
export const LIFECYCLE: LifecycleConfiguration = {
  rules: [
    {
      id: "tier-logs",
      status: "Enabled",
      filter: { prefix: "logs/" },
      transitions: [
        { days: 30, storageClass: "STANDARD_IA" },
        { days: 90, storageClass: "ARCHIVE" },
      ],
      expiration: { days: 365 },
    },
    {
      id: "noncurrent-versions",
      status: "Enabled",
      filter: { prefix: "" },
      noncurrentVersionExpiration: { noncurrentDays: 30 },
      abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    },
  ],
};

/** The same lifecycle document in the official SDK's shape (`putBucketLifecycle({ Rules })`). */
export const SDK_LIFECYCLE_RULES: COS.LifecycleRule[] = [
  {
    ID: "tier-logs",
    Status: "Enabled",
    Filter: { Prefix: "logs/" },
    Transition: [
      { Days: 30, StorageClass: "STANDARD_IA" },
      { Days: 90, StorageClass: "ARCHIVE" },
    ],
    Expiration: { Days: 365 },
  },
  {
    ID: "noncurrent-versions",
    Status: "Enabled",
    Filter: { Prefix: "" },
    NoncurrentVersionExpiration: { NoncurrentDays: 30 },
    AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
  },
];

/**
 * The replication role. The local server checks only its form, not that the account exists; on real COS this is
 * the owner's UIN.
 */
export const ROLE_UIN = "100000000001";

/** Resource kinds, in the order they are created and reported. */
export const KINDS = ["bucket", "bucketCors", "bucketLifecycle", "bucketPolicy", "replication", "website"] as const;
/** One of {@link KINDS}. */
export type Kind = (typeof KINDS)[number];

/**
 * The minimum GETs a refresh of each kind needs: one per configuration the resource owns. The benchmark's Bucket
 * manages its ACL and versioning (GET ?acl, which doubles as the existence check, and GET ?versioning).
 */
export const MIN_GETS: Record<Kind, number> = {
  bucket: 2,
  bucketCors: 1,
  bucketLifecycle: 1,
  bucketPolicy: 1,
  replication: 1,
  website: 1,
};

/** Which resource kind a logged request's sub-resource belongs to (Bucket owns ?acl and ?versioning). */
export const KIND_OF_SUBRESOURCE: Record<string, Kind> = {
  acl: "bucket",
  versioning: "bucket",
  cors: "bucketCors",
  lifecycle: "bucketLifecycle",
  policy: "bucketPolicy",
  replication: "replication",
  website: "website",
};

type Obj = Record<string, unknown>;

/**
 * Raw inputs (as a program would declare them) of the six resources of one benchmark bucket. `destination` is the
 * replication target, another versioned benchmark bucket (the refresh benchmark replicates bucket i to bucket i+1,
 * so that N buckets need no extra destination bucket: the local server, like COS, allows 200 buckets per account).
 */
export function resourceInputs(bucket: string, region: string, appId: string, destination: string): Record<Kind, Obj> {
  return {
    bucket: { bucket, region, versioning: "Enabled", forceDestroy: true },
    bucketCors: { bucket, region, rules: CORS.rules },
    bucketLifecycle: {
      bucket,
      region,
      rules: LIFECYCLE.rules, // the same document the per-request benchmark PUTs
    },
    bucketPolicy: {
      bucket,
      region,
      policy: {
        version: "2.0",
        Statement: [
          {
            Principal: { qcs: ["qcs::cam::anyone:anyone"] },
            Effect: "allow",
            Action: ["name/cos:GetObject", "name/cos:HeadObject"],
            Resource: [`qcs::cos:${region}:uid/${appId}:${bucket}/*`],
          },
        ],
      },
    },
    replication: {
      bucket,
      region,
      role: `qcs::cam::uin/${ROLE_UIN}:uin/${ROLE_UIN}`,
      rules: [{ id: "everything", status: "Enabled", prefix: "", destination: { bucket: destination, region, storageClass: "STANDARD_IA" } }],
    },
    website: {
      bucket,
      region,
      indexDocument: "index.html",
      errorDocument: "404.html",
      routingRules: [{ condition: { keyPrefixEquals: "docs/" }, redirect: { replaceKeyPrefixWith: "guide/" } }],
    },
  };
}
