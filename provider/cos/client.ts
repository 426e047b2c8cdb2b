/**
 * {@link CosClient}: one method per COS API the provider uses. Each is a thin call into the pipeline with the
 * operation's pure serde from `operations/`.
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import { CosClientCore } from "./clientCore";
import { CosResponseParseError, CosValidationError, isCosServiceError } from "./errors";
import type { CosResponse } from "./pipeline";
import { afterUnknownOutcome } from "./retry";
import { isNotConfigured } from "./notFound";
import { validateRegion, type BucketLocation } from "./endpoint";
import { accelerateFromXml, accelerateToXml, type AccelerateConfiguration } from "./operations/accelerate";
import { aclFromXml, aclHeaders, aclToXml, type AccessControlPolicy, type AclGrantHeaders, type CannedAcl } from "./operations/acl";
import { createBucketXml, locationFromXml, serviceFromXml, type BucketSummary } from "./operations/bucket";
import { corsFromXml, corsToXml, type CorsConfiguration } from "./operations/cors";
import { domainFromXml, domainToXml, type DomainConfiguration } from "./operations/domain";
import { inventoryFromXml, inventoryToXml, type InventoryConfiguration } from "./operations/inventory";
import { encryptionFromXml, encryptionToXml, type EncryptionConfiguration } from "./operations/encryption";
import { lifecycleFromXml, lifecycleToXml, type LifecycleConfiguration } from "./operations/lifecycle";
import { loggingFromXml, loggingToXml, type LoggingConfiguration } from "./operations/logging";
import * as obj from "./operations/objects";
import { POLICY_CONTENT_TYPE, policyFromBody, policyToBody } from "./operations/policy";
import { refererFromXml, refererToXml, type RefererConfiguration } from "./operations/referer";
import { replicationFromXml, replicationToXml, type ReplicationConfiguration } from "./operations/replication";
import { taggingFromXml, taggingHeader, taggingToXml, type Tag } from "./operations/tagging";
import { versioningFromXml, versioningToXml, type VersioningStatus } from "./operations/versioning";
import { websiteFromXml, websiteToXml, type WebsiteConfiguration } from "./operations/website";

export type { CosClientOptions } from "./clientCore";

const isPolicy = (a: { acl?: CannedAcl; grants?: AclGrantHeaders } | AccessControlPolicy): a is AccessControlPolicy =>
  "owner" in a && "grants" in a && Array.isArray(a.grants);

const maxKeys = (n: number | undefined): string | undefined => (n === undefined ? undefined : String(n));

/**
 * Signed COS XML API client. Configuration getters return `undefined` when nothing is configured; deletes are
 * idempotent. Errors are {@link CosServiceError} / {@link CosNetworkError} / {@link CosCredentialsError} /
 * {@link CosValidationError}.
 */
export class CosClient extends CosClientCore {
  // ---- bucket -------------------------------------------------------------------------------------------------

  /** PUT Bucket, with an optional canned ACL, grant headers, multi-AZ body and tags (`x-cos-tagging`). */
  async putBucket(loc: BucketLocation, opts: { acl?: CannedAcl; grants?: AclGrantHeaders; multiAz?: boolean; tags?: Tag[] } = {}): Promise<void> {
    const body = createBucketXml(!!opts.multiAz);
    const headers = { ...aclHeaders(opts), ...(opts.tags?.length ? { "x-cos-tagging": taggingHeader(opts.tags) } : {}) };
    await this.send({ op: "PutBucket", method: "PUT", loc, headers, body, contentType: body && "application/xml" });
  }

  /** DELETE Bucket (must be empty, including multipart uploads). */
  async deleteBucket(loc: BucketLocation): Promise<void> {
    await this.send({ op: "DeleteBucket", method: "DELETE", loc });
  }

  /** GET Service: all buckets, or those of one region (`cos.<region>.myqcloud.com`). */
  async getService(opts: { region?: string } = {}): Promise<BucketSummary[]> {
    const problem = opts.region === undefined ? undefined : validateRegion(opts.region);
    if (problem) throw new CosValidationError(problem);
    const res = await this.send({ op: "GetService", method: "GET", serviceRegion: opts.region });
    return this.parse(res, serviceFromXml);
  }

  /** GET Bucket location: the bare region id. */
  async getBucketLocation(loc: BucketLocation): Promise<string> {
    const res = await this.send({ op: "GetBucketLocation", method: "GET", loc, query: { location: "" } });
    return this.parse(res, locationFromXml);
  }

  // ---- configurations ----------------------------------------------------------------------------------------

  /** PUT ?acl, either header mode (canned + grants) or body mode (a full policy); the two are exclusive. */
  async putBucketAcl(loc: BucketLocation, acl: { acl?: CannedAcl; grants?: AclGrantHeaders } | AccessControlPolicy): Promise<void> {
    if (isPolicy(acl)) {
      await this.send({ op: "PutBucketAcl", method: "PUT", loc, query: { acl: "" }, body: aclToXml(acl), contentType: "application/xml" });
    } else {
      await this.send({ op: "PutBucketAcl", method: "PUT", loc, query: { acl: "" }, headers: aclHeaders(acl) });
    }
  }
  /** GET ?acl. */
  async getBucketAcl(loc: BucketLocation): Promise<AccessControlPolicy> {
    const res = await this.send({ op: "GetBucketAcl", method: "GET", loc, query: { acl: "" } });
    return this.parse(res, aclFromXml);
  }

  /** PUT ?cors (replaces all rules). */
  putBucketCors(loc: BucketLocation, cfg: CorsConfiguration): Promise<void> {
    return this.putConfig(loc, "cors", "PutBucketCors", corsToXml(cfg));
  }
  /** GET ?cors; `undefined` when not configured. */
  getBucketCors(loc: BucketLocation): Promise<CorsConfiguration | undefined> {
    return this.getConfig(loc, "cors", "GetBucketCors", corsFromXml);
  }
  /** DELETE ?cors (idempotent). */
  deleteBucketCors(loc: BucketLocation): Promise<void> {
    return this.deleteConfig(loc, "cors", "DeleteBucketCors");
  }

  /** PUT ?lifecycle. */
  putBucketLifecycle(loc: BucketLocation, cfg: LifecycleConfiguration): Promise<void> {
    return this.putConfig(loc, "lifecycle", "PutBucketLifecycle", lifecycleToXml(cfg));
  }
  /** GET ?lifecycle; `undefined` when not configured. */
  getBucketLifecycle(loc: BucketLocation): Promise<LifecycleConfiguration | undefined> {
    return this.getConfig(loc, "lifecycle", "GetBucketLifecycle", lifecycleFromXml);
  }
  /** DELETE ?lifecycle (idempotent). */
  deleteBucketLifecycle(loc: BucketLocation): Promise<void> {
    return this.deleteConfig(loc, "lifecycle", "DeleteBucketLifecycle");
  }

  /** PUT ?policy with the JSON text (must parse as a JSON object). */
  putBucketPolicy(loc: BucketLocation, policyJson: string): Promise<void> {
    return this.putConfig(loc, "policy", "PutBucketPolicy", policyToBody(policyJson), POLICY_CONTENT_TYPE);
  }
  /** GET ?policy: the JSON text as COS returns it; `undefined` when not configured. */
  getBucketPolicy(loc: BucketLocation): Promise<string | undefined> {
    return this.getConfig(loc, "policy", "GetBucketPolicy", policyFromBody);
  }
  /** DELETE ?policy (idempotent). */
  deleteBucketPolicy(loc: BucketLocation): Promise<void> {
    return this.deleteConfig(loc, "policy", "DeleteBucketPolicy");
  }

  /** PUT ?replication (versioning must be Enabled). */
  putBucketReplication(loc: BucketLocation, cfg: ReplicationConfiguration): Promise<void> {
    return this.putConfig(loc, "replication", "PutBucketReplication", replicationToXml(cfg));
  }
  /** GET ?replication; `undefined` when not configured. */
  getBucketReplication(loc: BucketLocation): Promise<ReplicationConfiguration | undefined> {
    return this.getConfig(loc, "replication", "GetBucketReplication", replicationFromXml);
  }
  /** DELETE ?replication (idempotent). */
  deleteBucketReplication(loc: BucketLocation): Promise<void> {
    return this.deleteConfig(loc, "replication", "DeleteBucketReplication");
  }

  /** PUT ?versioning. */
  putBucketVersioning(loc: BucketLocation, status: VersioningStatus): Promise<void> {
    return this.putConfig(loc, "versioning", "PutBucketVersioning", versioningToXml(status));
  }
  /** GET ?versioning; `undefined` when never enabled. */
  getBucketVersioning(loc: BucketLocation): Promise<VersioningStatus | undefined> {
    return this.getConfig(loc, "versioning", "GetBucketVersioning", versioningFromXml);
  }

  /** PUT ?website. */
  putBucketWebsite(loc: BucketLocation, cfg: WebsiteConfiguration): Promise<void> {
    return this.putConfig(loc, "website", "PutBucketWebsite", websiteToXml(cfg));
  }
  /** GET ?website; `undefined` when not configured. */
  getBucketWebsite(loc: BucketLocation): Promise<WebsiteConfiguration | undefined> {
    return this.getConfig(loc, "website", "GetBucketWebsite", websiteFromXml);
  }
  /** DELETE ?website (idempotent). */
  deleteBucketWebsite(loc: BucketLocation): Promise<void> {
    return this.deleteConfig(loc, "website", "DeleteBucketWebsite");
  }

  /** PUT ?tagging (replaces all tags). */
  putBucketTagging(loc: BucketLocation, tags: Tag[]): Promise<void> {
    return this.putConfig(loc, "tagging", "PutBucketTagging", taggingToXml(tags));
  }
  /** GET ?tagging; `undefined` when there are no tags. */
  getBucketTagging(loc: BucketLocation): Promise<Tag[] | undefined> {
    return this.getConfig(loc, "tagging", "GetBucketTagging", taggingFromXml);
  }
  /** DELETE ?tagging (idempotent). */
  deleteBucketTagging(loc: BucketLocation): Promise<void> {
    return this.deleteConfig(loc, "tagging", "DeleteBucketTagging");
  }

  /** PUT ?encryption. */
  putBucketEncryption(loc: BucketLocation, cfg: EncryptionConfiguration): Promise<void> {
    return this.putConfig(loc, "encryption", "PutBucketEncryption", encryptionToXml(cfg));
  }
  /** GET ?encryption; `undefined` when not configured. */
  getBucketEncryption(loc: BucketLocation): Promise<EncryptionConfiguration | undefined> {
    return this.getConfig(loc, "encryption", "GetBucketEncryption", encryptionFromXml);
  }
  /** DELETE ?encryption (idempotent). */
  deleteBucketEncryption(loc: BucketLocation): Promise<void> {
    return this.deleteConfig(loc, "encryption", "DeleteBucketEncryption");
  }

  /** PUT ?logging; `undefined` disables logging (there is no DELETE ?logging). */
  putBucketLogging(loc: BucketLocation, cfg: LoggingConfiguration | undefined): Promise<void> {
    return this.putConfig(loc, "logging", "PutBucketLogging", loggingToXml(cfg));
  }
  /** GET ?logging; `undefined` when disabled. */
  getBucketLogging(loc: BucketLocation): Promise<LoggingConfiguration | undefined> {
    return this.getConfig(loc, "logging", "GetBucketLogging", loggingFromXml);
  }

  /** PUT ?referer. */
  putBucketReferer(loc: BucketLocation, cfg: RefererConfiguration): Promise<void> {
    return this.putConfig(loc, "referer", "PutBucketReferer", refererToXml(cfg));
  }
  /** GET ?referer; `undefined` when not configured. */
  getBucketReferer(loc: BucketLocation): Promise<RefererConfiguration | undefined> {
    return this.getConfig(loc, "referer", "GetBucketReferer", refererFromXml);
  }
  /** DELETE ?referer (idempotent; documented only by the Python SDK, §7 C26). */
  deleteBucketReferer(loc: BucketLocation): Promise<void> {
    return this.deleteConfig(loc, "referer", "DeleteBucketReferer");
  }

  /** PUT ?accelerate (there is no DELETE: `Suspended` turns global acceleration off). */
  putBucketAccelerate(loc: BucketLocation, cfg: AccelerateConfiguration): Promise<void> {
    return this.putConfig(loc, "accelerate", "PutBucketAccelerate", accelerateToXml(cfg));
  }
  /** GET ?accelerate; `undefined` when never configured (COS answers an empty document). */
  getBucketAccelerate(loc: BucketLocation): Promise<AccelerateConfiguration | undefined> {
    return this.getConfig(loc, "accelerate", "GetBucketAccelerate", accelerateFromXml);
  }

  /** PUT ?domain: replaces every custom domain of the bucket. */
  putBucketDomain(loc: BucketLocation, cfg: DomainConfiguration): Promise<void> {
    return this.putConfig(loc, "domain", "PutBucketDomain", domainToXml(cfg));
  }
  /** GET ?domain; `undefined` when not configured. */
  getBucketDomain(loc: BucketLocation): Promise<DomainConfiguration | undefined> {
    return this.getConfig(loc, "domain", "GetBucketDomain", domainFromXml);
  }
  /** DELETE ?domain: removes every custom domain of the bucket (idempotent). */
  deleteBucketDomain(loc: BucketLocation): Promise<void> {
    return this.deleteConfig(loc, "domain", "DeleteBucketDomain");
  }

  /** PUT ?inventory&id=: writes one inventory configuration (the others stay). */
  async putBucketInventory(loc: BucketLocation, cfg: InventoryConfiguration): Promise<void> {
    await this.send({ op: "PutBucketInventory", method: "PUT", loc, query: { inventory: "", id: cfg.id }, body: inventoryToXml(cfg), contentType: "application/xml" });
  }
  /** GET ?inventory&id=; `undefined` when there is no configuration with that id. */
  async getBucketInventory(loc: BucketLocation, id: string): Promise<InventoryConfiguration | undefined> {
    try {
      const res = await this.send({ op: "GetBucketInventory", method: "GET", loc, query: { inventory: "", id } });
      return this.parse(res, inventoryFromXml);
    } catch (err) {
      if (isNotConfigured("inventory", err)) return undefined;
      throw err;
    }
  }
  /** DELETE ?inventory&id= (idempotent). */
  async deleteBucketInventory(loc: BucketLocation, id: string): Promise<void> {
    try {
      await this.send({ op: "DeleteBucketInventory", method: "DELETE", loc, query: { inventory: "", id } });
    } catch (err) {
      if (!isNotConfigured("inventory", err)) throw err;
    }
  }

  // ---- objects -------------------------------------------------------------------------------------------------

  /** PUT Object. `etag` is returned as COS sends it (quoted). */
  async putObject(
    loc: BucketLocation,
    key: string,
    body: string | Buffer,
    opts: { contentType?: string; headers?: Record<string, string> } = {},
  ): Promise<{ etag: string; versionId?: string }> {
    const contentType = opts.contentType ?? "application/octet-stream";
    const res = await this.send({ op: "PutObject", method: "PUT", loc, key, body, contentType, headers: opts.headers });
    const versionId = res.headers["x-cos-version-id"];
    return versionId ? { etag: res.headers["etag"] ?? "", versionId } : { etag: res.headers["etag"] ?? "" };
  }

  /** GET Object: the body bytes and the response headers. */
  async getObject(loc: BucketLocation, key: string, opts: { versionId?: string } = {}): Promise<{ body: Buffer; headers: Record<string, string> }> {
    const res = await this.send({ op: "GetObject", method: "GET", loc, key, query: { versionId: opts.versionId }, rawBody: true });
    return { body: res.body, headers: res.headers };
  }

  /** HEAD Object: the headers, or `undefined` on 404. */
  async headObject(loc: BucketLocation, key: string): Promise<Record<string, string> | undefined> {
    try {
      return (await this.send({ op: "HeadObject", method: "HEAD", loc, key })).headers;
    } catch (err) {
      if (isCosServiceError(err) && err.statusCode === 404) return undefined;
      throw err;
    }
  }

  /** DELETE Object (204 also when absent). */
  async deleteObject(loc: BucketLocation, key: string, opts: { versionId?: string } = {}): Promise<void> {
    await this.send({ op: "DeleteObject", method: "DELETE", loc, key, query: { versionId: opts.versionId } });
  }

  /** One page of GET Bucket; follow `nextMarker` while `isTruncated`. */
  async listObjects(
    loc: BucketLocation,
    opts: { prefix?: string; marker?: string; maxKeys?: number; delimiter?: string } = {},
  ): Promise<obj.ListObjectsPage> {
    const query = { prefix: opts.prefix, marker: opts.marker, "max-keys": maxKeys(opts.maxKeys), delimiter: opts.delimiter, "encoding-type": "url" };
    const res = await this.send({ op: "ListObjects", method: "GET", loc, query });
    return this.parse(res, obj.listObjectsFromXml);
  }

  /** One page of GET ?versions; follow `nextKeyMarker` + `nextVersionIdMarker` while `isTruncated`. */
  async listObjectVersions(
    loc: BucketLocation,
    opts: { prefix?: string; keyMarker?: string; versionIdMarker?: string; maxKeys?: number } = {},
  ): Promise<obj.ListVersionsPage> {
    const query = {
      versions: "",
      prefix: opts.prefix,
      "key-marker": opts.keyMarker,
      "version-id-marker": opts.versionIdMarker,
      "max-keys": maxKeys(opts.maxKeys),
      "encoding-type": "url",
    };
    const res = await this.send({ op: "ListObjectVersions", method: "GET", loc, query });
    return this.parse(res, obj.listVersionsFromXml);
  }

  /** POST ?delete for up to 1000 objects (throws {@link CosValidationError} above that). */
  async deleteObjects(
    loc: BucketLocation,
    objects: { key: string; versionId?: string }[],
    opts: { quiet?: boolean } = {},
  ): Promise<obj.DeleteResult> {
    if (objects.length > obj.MAX_DELETE_OBJECTS) {
      throw new CosValidationError(`deleteObjects takes at most ${obj.MAX_DELETE_OBJECTS} objects, got ${objects.length}`);
    }
    if (objects.length === 0) return { deleted: [], errors: [] };
    // A key that XML text cannot carry unchanged (CR is read back as LF; C0 controls are not XML characters) goes by
    // DELETE Object instead, whose key travels percent-encoded in the path.
    const viaXml = objects.filter((o) => !obj.XML_UNSAFE_KEY.test(o.key));
    let result: obj.DeleteResult = { deleted: [], errors: [] };
    if (viaXml.length) {
      const body = obj.deleteObjectsToXml(viaXml, !!opts.quiet);
      const res = await this.send({ op: "DeleteObjects", method: "POST", loc, query: { delete: "" }, body, contentType: "application/xml" });
      result = this.parse(res, obj.deleteResultFromXml);
    }
    for (const o of objects) {
      if (!obj.XML_UNSAFE_KEY.test(o.key)) continue;
      try {
        await this.deleteObject(loc, o.key, { versionId: o.versionId });
        if (!opts.quiet) result.deleted.push(o.versionId ? { key: o.key, versionId: o.versionId } : { key: o.key });
      } catch (err) {
        if (!isCosServiceError(err) || err.code === "NoSuchBucket") throw err;
        result.errors.push({ key: o.key, ...(o.versionId ? { versionId: o.versionId } : {}), code: err.code, message: err.serviceMessage });
      }
    }
    return result;
  }

  /**
   * POST /<key>?uploads; returns the upload id. The object's Content-Type and headers (entity headers, `x-cos-meta-*`,
   * `x-cos-storage-class`, `x-cos-acl`) are given here, not with the parts (digest §5.11).
   */
  async initiateMultipartUpload(loc: BucketLocation, key: string, opts: { contentType?: string; headers?: Record<string, string> } = {}): Promise<string> {
    const headers = { ...opts.headers, ...(opts.contentType ? { "content-type": opts.contentType } : {}) };
    const res = await this.send({ op: "InitiateMultipartUpload", method: "POST", loc, key, query: { uploads: "" }, headers });
    // parse() adds the request id to the error, as to every other body the client cannot use.
    return this.parse(res, (xml) => {
      const id = obj.initiateFromXml(xml);
      if (!id) throw new CosResponseParseError("InitiateMultipartUpload", xml, "no UploadId");
      return id;
    });
  }

  /** One page of GET ?uploads. */
  async listMultipartUploads(
    loc: BucketLocation,
    opts: { keyMarker?: string; uploadIdMarker?: string; maxUploads?: number; prefix?: string } = {},
  ): Promise<obj.ListUploadsPage> {
    const query = {
      uploads: "",
      prefix: opts.prefix,
      "key-marker": opts.keyMarker,
      "upload-id-marker": opts.uploadIdMarker,
      "max-uploads": maxKeys(opts.maxUploads),
      "encoding-type": "url",
    };
    const res = await this.send({ op: "ListMultipartUploads", method: "GET", loc, query });
    return this.parse(res, obj.listUploadsFromXml);
  }

  /** DELETE /<key>?uploadId=. */
  async abortMultipartUpload(loc: BucketLocation, key: string, uploadId: string): Promise<void> {
    try {
      await this.send({ op: "AbortMultipartUpload", method: "DELETE", loc, key, query: { uploadId } });
    } catch (err) {
      // The retry of an abort whose answer was lost meets NoSuchUpload: the first attempt aborted it.
      if (!isCosServiceError(err, "NoSuchUpload") || !afterUnknownOutcome(err)) throw err;
    }
  }

  /** PUT /<key>?partNumber=&uploadId=: one part (1–10000); returns its ETag as COS sends it (quoted). */
  async uploadPart(loc: BucketLocation, key: string, uploadId: string, partNumber: number, body: Buffer): Promise<string> {
    const res = await this.send({ op: "UploadPart", method: "PUT", loc, key, query: { partNumber: String(partNumber), uploadId }, body });
    return res.headers["etag"] ?? "";
  }

  /** POST /<key>?uploadId= with the parts; the object's ETag (`"<md5 of md5s>-<n>"`). A 200 `<Error>` body throws. */
  async completeMultipartUpload(loc: BucketLocation, key: string, uploadId: string, parts: readonly obj.CompletedPart[]): Promise<{ etag: string; versionId?: string }> {
    const body = obj.completeToXml(parts);
    let res: CosResponse;
    try {
      res = await this.send({ op: "CompleteMultipartUpload", method: "POST", loc, key, query: { uploadId }, body, contentType: "application/xml" });
    } catch (err) {
      // The retry of a complete whose answer was lost meets NoSuchUpload: the first attempt completed it. The object's
      // multipart ETag (md5 of the parts' md5s, "-<n>") says whether the object now there is this upload.
      if (!isCosServiceError(err, "NoSuchUpload") || !afterUnknownOutcome(err)) throw err;
      const md5s = Buffer.concat(parts.map((p) => Buffer.from(p.etag.replace(/"/g, ""), "hex")));
      const expected = `${createHash("md5").update(md5s).digest("hex")}-${parts.length}`;
      const head = await this.headObject(loc, key);
      if (!head || (head["etag"] ?? "").replace(/"/g, "") !== expected) throw err;
      const versionId = head["x-cos-version-id"];
      return versionId ? { etag: head["etag"]!, versionId } : { etag: head["etag"]! };
    }
    const etag = this.parse(res, (xml) => {
      const tag = obj.completeFromXml(xml);
      if (tag === undefined) throw new CosResponseParseError("CompleteMultipartUpload", xml, "no ETag");
      return tag;
    });
    const versionId = res.headers["x-cos-version-id"];
    return versionId ? { etag, versionId } : { etag };
  }

  /** PUT /<key>?tagging (≤ 10 tags; replaces the object's tags). */
  async putObjectTagging(loc: BucketLocation, key: string, tags: Tag[]): Promise<void> {
    await this.send({ op: "PutObjectTagging", method: "PUT", loc, key, query: { tagging: "" }, body: taggingToXml(tags), contentType: "application/xml" });
  }
  /** GET /<key>?tagging; `undefined` when the object has no tags. */
  async getObjectTagging(loc: BucketLocation, key: string): Promise<Tag[] | undefined> {
    const res = await this.send({ op: "GetObjectTagging", method: "GET", loc, key, query: { tagging: "" } });
    return this.parse(res, taggingFromXml);
  }
  /** DELETE /<key>?tagging. */
  async deleteObjectTagging(loc: BucketLocation, key: string): Promise<void> {
    await this.send({ op: "DeleteObjectTagging", method: "DELETE", loc, key, query: { tagging: "" } });
  }
}
