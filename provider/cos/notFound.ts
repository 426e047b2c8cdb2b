/**
 * "Not configured" answers of GET/DELETE on a bucket sub-resource (digest §4.3), as one table.
 * @packageDocumentation
 */
import { isCosServiceError } from "./errors";

/** Bucket sub-resources whose absence is not an error. */
export type SubResource =
  | "cors"
  | "lifecycle"
  | "policy"
  | "replication"
  | "website"
  | "tagging"
  | "encryption"
  | "referer"
  | "logging"
  | "versioning"
  | "acl"
  | "accelerate"
  | "domain"
  | "inventory";

/**
 * COS codes meaning "this bucket has no such configuration" (digest §4.3; most are [NOT IN SEEDS]). The client
 * additionally treats any other 404 code except `NoSuchBucket` as "not configured" (digest §4.3 client rule).
 */
export const NOT_FOUND: Record<SubResource, readonly string[]> = {
  cors: ["NoSuchCORSConfiguration"],
  lifecycle: ["NoSuchLifecycleConfiguration", "NoLifecycle"],
  policy: ["NoSuchBucketPolicy", "NoSuchPolicy"],
  // S3's spelling first: what the local server answers, and what the official SDK's own suite shows real COS
  // answers (the SDK source's lower-case-n `ReplicationConfigurationnotFoundError` is kept for older COS).
  replication: ["ReplicationConfigurationNotFoundError", "ReplicationConfigurationnotFoundError", "NoSuchReplicationConfiguration"],
  website: ["NoSuchWebsiteConfiguration"],
  tagging: ["NoSuchTagSet", "NoSuchTagSetError"],
  encryption: ["NoSuchEncryptionConfiguration", "ServerSideEncryptionConfigurationNotFoundError"],
  referer: ["NoSuchRefererConfiguration"],
  logging: [],
  versioning: [],
  acl: [],
  // never configured → 200 with an empty document (test/cos-server README; the SDK expects a 200)
  accelerate: [],
  // [NOT IN SEEDS] (digest §4.3): the local server answers this code
  domain: ["NoSuchDomainConfiguration"],
  inventory: ["NoSuchInventoryConfiguration"],
};

/** True when `err` says the sub-resource is not configured (and the bucket itself was found). */
export function isNotConfigured(sub: SubResource, err: unknown): boolean {
  if (!isCosServiceError(err)) return false;
  if (NOT_FOUND[sub].includes(err.code)) return true;
  return err.statusCode === 404 && err.code !== "NoSuchBucket";
}
