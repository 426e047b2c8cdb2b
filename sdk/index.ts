/**
 * pulumi-tencent-cos: Tencent Cloud Object Storage buckets and bucket configurations as Pulumi resources.
 *
 * Provider configuration (stack config, then environment):
 * `tencentcloud:secretId` / `TENCENTCLOUD_SECRET_ID`, `tencentcloud:secretKey` (secret) / `TENCENTCLOUD_SECRET_KEY`,
 * `tencentcloud:securityToken` / `TENCENTCLOUD_SECURITY_TOKEN`, `tencentcloud:region` / `TENCENTCLOUD_REGION`,
 * `cos:appId`, `cos:endpoint` (where to connect, e.g. a local COS server; the signed Host stays the COS host).
 * @packageDocumentation
 */
export * from "./bucket";
export * from "./common";
export * from "./bucketCors";
export * from "./bucketLifecycle";
export * from "./bucketPolicy";
export * from "./replication";
export * from "./website";
export * from "./bucketLogging";
export * from "./bucketReferer";
export * from "./bucketAcceleration";
export * from "./bucketDomain";
export * from "./bucketInventory";
export * from "./bucketObject";
export * from "./syncedFolder";
export * from "./syncedFolderObjects";
export * from "./functions";
