import * as pulumi from "@pulumi/pulumi";
import { ownerKeyOf } from "./common";
import { CosResource } from "./resource";
import { shim } from "./shim";

/** Arguments of {@link BucketObject}. Give exactly one of `content`, `contentBase64` and `source`. */
export interface BucketObjectArgs {
  /** The full bucket name, `<name>-<appid>`. */
  bucket: pulumi.Input<string>;
  /** The bucket's region. Defaults to `tencentcloud:region` config or `TENCENTCLOUD_REGION`. */
  region?: pulumi.Input<string>;
  /** The object key, e.g. `img/logo.png` (no leading `/`, at most 850 bytes). Changing it replaces the object. */
  key: pulumi.Input<string>;
  /** The content as text (UTF-8), or a `pulumi.asset.StringAsset`/`FileAsset`. */
  content?: pulumi.Input<string | pulumi.asset.Asset>;
  /** The content as base64 (binary content from a program). */
  contentBase64?: pulumi.Input<string>;
  /**
   * A file to upload: a path (relative to the Pulumi project) or a `pulumi.asset.FileAsset`. Files above 16 MiB are
   * uploaded in parts read from disk, so memory stays small whatever the size.
   */
  source?: pulumi.Input<string | pulumi.asset.Asset>;
  /** MIME type; inferred from the key's extension when omitted (`application/octet-stream` if unknown). */
  contentType?: pulumi.Input<string>;
  /** `Cache-Control`, e.g. `max-age=300`. */
  cacheControl?: pulumi.Input<string>;
  /** `Content-Disposition`, e.g. `attachment; filename="report.pdf"`. */
  contentDisposition?: pulumi.Input<string>;
  /** `Content-Encoding` of the stored bytes, e.g. `gzip` for pre-compressed content. */
  contentEncoding?: pulumi.Input<string>;
  /** `STANDARD` (default), `STANDARD_IA`, `ARCHIVE`, `DEEP_ARCHIVE`, `INTELLIGENT_TIERING`, `MAZ_*`. */
  storageClass?: pulumi.Input<string>;
  /** Canned object ACL: `default` (inherit the bucket's), `private` or `public-read`. Written, not read back. */
  acl?: pulumi.Input<"default" | "private" | "public-read">;
  /** User metadata, sent as `x-cos-meta-<key>` (lower-case keys; ≤ 2 KB in all). */
  metadata?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Object tags (at most 10). */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Part size of multipart uploads in bytes (≥ 1 MiB; default 8 MiB, grown to stay within 10,000 parts). */
  partSizeBytes?: pulumi.Input<number>;
  /** Take over (overwrite) an object that already exists at this key and was not uploaded by this resource. */
  adopt?: pulumi.Input<boolean>;
}

/**
 * One object in a bucket, id `<bucket>/<key>`. Its content is compared by sha256: an unchanged file is never uploaded
 * again, a changed one always is, and an object rewritten outside Pulumi shows up as drift on `pulumi refresh`.
 */
export class BucketObject extends CosResource {
  /** The full bucket name. */
  declare public readonly bucket: pulumi.Output<string>;
  /** The bucket's region. */
  declare public readonly region: pulumi.Output<string>;
  /** The object key. */
  declare public readonly key: pulumi.Output<string>;
  /** The content type sent (given or inferred). */
  declare public readonly contentType: pulumi.Output<string>;
  /** sha256 (hex) of the content. */
  declare public readonly sourceHash: pulumi.Output<string>;
  /** Size in bytes. */
  declare public readonly size: pulumi.Output<number>;
  /** The ETag COS gave the object (quoted; `"…-N"` for a multipart upload). */
  declare public readonly etag: pulumi.Output<string>;
  /** The version id, on a versioned bucket. */
  declare public readonly versionId: pulumi.Output<string | undefined>;
  /** `https://<bucket>.cos.<region>.myqcloud.com/<key>`. */
  declare public readonly url: pulumi.Output<string>;

  constructor(name: string, args: BucketObjectArgs, opts?: pulumi.CustomResourceOptions) {
    const outs = { region: undefined, contentType: undefined, sourceHash: undefined, size: undefined, etag: undefined, versionId: undefined, url: undefined };
    super(shim("bucketObject"), name, { ...outs, ...args, ownerKey: ownerKeyOf("BucketObject", name, opts) }, opts, "cos", "BucketObject");
  }
}
