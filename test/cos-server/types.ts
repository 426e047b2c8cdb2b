/**
 * Data model of the local COS server (accounts, buckets, objects, configurations).
 */
import type { PlainObject } from "./xml";

/** An account as configured by a test or the CLI; missing fields get local-only defaults. */
export interface AccountSpec {
  appId?: string;
  ownerUin?: string;
  secretId?: string;
  secretKey?: string;
  /** Marks the key as temporary (STS): requests must carry this `x-cos-security-token`. */
  securityToken?: string;
  /** Epoch ms after which the temporary token is rejected with 403 ExpiredToken. */
  tokenExpiresAt?: number;
}

/** A fully resolved account. */
export interface Account {
  readonly appId: string;
  readonly ownerUin: string;
  readonly secretId: string;
  readonly secretKey: string;
  readonly securityToken?: string;
  readonly tokenExpiresAt?: number;
}

/** One ACL grant as stored (always normalised to the CanonicalUser/Group forms, digest §7 C8). */
export interface Grant {
  readonly type: "CanonicalUser" | "Group";
  /** CAM id `qcs::cam::uin/<root>:uin/<sub>` (CanonicalUser). */
  readonly id?: string;
  /** Group URI (Group). */
  readonly uri?: string;
  readonly permission: string;
}

/** A bucket ACL: the owner plus materialised grants (digest §5.12). */
export interface AclPolicy {
  readonly grants: readonly Grant[];
}

/** Values of each configuration sub-resource. */
export interface ConfigValues {
  acl: AclPolicy;
  versioning: "Enabled" | "Suspended";
  /** The policy JSON as GET returns it (Sids added, compact). */
  policy: string;
  cors: PlainObject;
  lifecycle: PlainObject;
  replication: PlainObject;
  website: PlainObject;
  tagging: PlainObject;
  encryption: PlainObject;
  logging: PlainObject;
  referer: PlainObject;
  /** DomainConfiguration (digest §5.24): rules as stored, Status upper-cased. */
  domain: PlainObject;
  /** Inventory configurations by id (several per bucket, digest §5.24). */
  inventory: PlainObject;
  /** AccelerateConfiguration (digest §5.24). */
  accelerate: PlainObject;
}

/** Name of a bucket configuration sub-resource. */
export type ConfigName = keyof ConfigValues;

/** A configuration with its previous value, kept for the `staleReads` fault. */
export interface ConfigSlot<T> {
  value: T | undefined;
  previous: T | undefined;
  /** Epoch ms of the last write. */
  changedAt: number;
}

/** The configuration slots of one bucket. */
export type BucketConfigs = { [K in ConfigName]?: ConfigSlot<ConfigValues[K]> };

/** One version of an object, or a delete marker. `versionId` is `"null"` for the null version. */
export interface ObjectVersion {
  versionId: string;
  deleteMarker: boolean;
  body: Buffer;
  etag: string;
  lastModified: string;
  contentType: string;
  storageClass: string;
  ownerUin: string;
  /** `x-cos-meta-*` and standard entity headers (cache-control, content-disposition, …), lower-case names. */
  headers: Record<string, string>;
  /** Created by APPEND Object: `x-cos-object-type: appendable`, and only APPEND may extend it (003:L29523-29525). */
  appendable?: boolean;
  /** Canned object ACL, if any. */
  acl?: string;
  /** Explicit object ACL from grant headers or an AccessControlPolicy body; overrides `acl` and the bucket ACL. */
  grants?: AclPolicy;
  /** Object tags (a validated Tagging document). */
  tagging?: PlainObject;
  crc64: string;
}

/** One uploaded part of a multipart upload. */
export interface UploadPart {
  etag: string;
  body: Buffer;
  lastModified: string;
}

/** An incomplete multipart upload. */
export interface MultipartUpload {
  uploadId: string;
  key: string;
  initiated: string;
  storageClass: string;
  ownerUin: string;
  contentType: string;
  headers: Record<string, string>;
  /** Tags from the initiate's `x-cos-tagging`, given to the object on completion. */
  tagging?: PlainObject;
  /** Canned ACL (`x-cos-acl`) of the initiate, given to the object on completion (002:L3942-3950). */
  acl?: string;
  /** Grants (`x-cos-grant-*`) of the initiate, given to the object on completion. */
  grants?: AclPolicy;
  parts: Map<number, UploadPart>;
}

/** A bucket and everything in it. */
export interface BucketRecord {
  /** Full `<BucketName>-<APPID>` name. */
  readonly name: string;
  readonly appId: string;
  readonly ownerUin: string;
  readonly region: string;
  /** ISO 8601 creation time. */
  readonly creationDate: string;
  readonly azConfig?: string;
  /** Epoch ms until which the bucket answers NoSuchBucket (the `hideNewBuckets` fault). */
  hiddenUntil?: number;
  configs: BucketConfigs;
  /** Key → versions, newest first. */
  objects: Map<string, ObjectVersion[]>;
  uploads: Map<string, MultipartUpload>;
  /** Cache of keys in UTF-8 byte order; `null` when keys were added or removed. */
  sortedKeys: string[] | null;
}

/** One entry of the request log (see {@link State.requests}). */
export interface RequestLogEntry {
  readonly method: string;
  readonly host: string;
  /** Request path as sent (still percent-encoded), without the query. */
  readonly path: string;
  /** The sub-resource that selected the API (`cors`, `uploads`, …), or `""`. */
  readonly subresource: string;
  readonly status: number;
  readonly bucket?: string;
  readonly key?: string;
  /** COS error code for failed requests. */
  readonly code?: string;
  readonly requestId: string;
}
