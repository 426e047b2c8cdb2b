/**
 * The signed COS XML client: public surface. No Pulumi imports anywhere under `provider/cos/`.
 * @packageDocumentation
 */
export { CosClient } from "./client";
export type { CosClientOptions, RequestSpec } from "./clientCore";
export { contentMd5, DEFAULT_USER_AGENT } from "./clientCore";
export * from "./errors";
export { NOT_FOUND, isNotConfigured, type SubResource } from "./notFound";
export {
  resolveCredentials,
  ENV_SECRET_ID,
  ENV_SECRET_KEY,
  ENV_SECURITY_TOKEN,
  type Credentials,
  type CredentialSource,
} from "./credentials";
export {
  validateBucketName,
  validateRegion,
  bucketHost,
  serviceHost,
  resolveTarget,
  BUCKET_NAME_RE,
  BUCKET_NAME_MAX,
  REGION_RE,
  type BucketLocation,
  type Target,
} from "./endpoint";
export { signParts, buildAuthorization, selectSignedHeaders, SigningClock, type SignInput, type SignParts } from "./signer";
export { uriEncode, encodeKeyPath, canonicalList } from "./canonical";
export {
  DEFAULT_RETRY_POLICY,
  RETRYABLE,
  isRetryable,
  backoffDelay,
  parseRetryAfter,
  retryPolicy,
  afterUnknownOutcome,
  type RetryPolicy,
} from "./retry";
export { isClockSkewError, type RequestInfo } from "./sign";
export { DEFAULT_TIMEOUTS, closeAllPools, poolFor, type Timeouts } from "./transport";
export { ARRAY_PATHS, parseXml, buildXml } from "./xml";
export * from "./operations/acl";
export * from "./operations/bucket";
export * from "./operations/cors";
export * from "./operations/encryption";
export * from "./operations/lifecycle";
export * from "./operations/logging";
export * from "./operations/objects";
export * from "./operations/policy";
export * from "./operations/referer";
export * from "./operations/replication";
export * from "./operations/tagging";
export * from "./operations/versioning";
export * from "./operations/website";
