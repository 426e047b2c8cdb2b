import * as pulumi from "@pulumi/pulumi";
import { ownerKeyOf } from "./common";
import { CosResource } from "./resource";
import { shim } from "./shim";

/** A canned ACL. COS never returns it as such: it is derived back from the grants it implies. */
export type CannedAcl = "private" | "public-read" | "public-read-write";

/**
 * Explicit grants, each a list of CAM principals such as `qcs::cam::uin/100000000001:uin/100000000011`
 * (root account: both uins equal). Sent as `x-cos-grant-*` headers.
 */
export interface BucketGrants {
  /** Principals allowed to list and read objects. */
  read?: pulumi.Input<pulumi.Input<string>[]>;
  /** Principals allowed to write and delete objects. */
  write?: pulumi.Input<pulumi.Input<string>[]>;
  /** Principals with every permission. */
  fullControl?: pulumi.Input<pulumi.Input<string>[]>;
  /** Principals allowed to read the ACL. */
  readAcp?: pulumi.Input<pulumi.Input<string>[]>;
  /** Principals allowed to change the ACL. */
  writeAcp?: pulumi.Input<pulumi.Input<string>[]>;
}

/** Default server-side encryption for new objects. */
export interface BucketEncryption {
  /** `AES256` (SSE-COS, keys managed by COS) or `KMS` (SSE-KMS). */
  algorithm: pulumi.Input<"AES256" | "KMS">;
  /** The KMS key id; only with `algorithm: "KMS"` (COS uses the default key when omitted). */
  kmsKeyId?: pulumi.Input<string>;
}

/** Arguments of {@link Bucket}. */
export interface BucketArgs {
  /**
   * The full bucket name, `<name>-<appid>` (lower-case letters, digits and hyphens; at most 60 characters).
   * Changing it replaces the bucket. Give either this, or {@link BucketArgs.name}, or neither (auto-naming).
   */
  bucket?: pulumi.Input<string>;
  /** The short bucket name; the app id comes from {@link BucketArgs.appId} or the `cos:appId` config. */
  name?: pulumi.Input<string>;
  /** The account's APPID (digits). Defaults to the `cos:appId` config. Needed with `name` or auto-naming. */
  appId?: pulumi.Input<string>;
  /** The region, e.g. `ap-guangzhou`. Defaults to `tencentcloud:region` config or `TENCENTCLOUD_REGION`. Changing it replaces the bucket. */
  region?: pulumi.Input<string>;
  /** Canned ACL. Defaults to `private`. */
  acl?: pulumi.Input<CannedAcl>;
  /** Explicit grants on top of the canned ACL. */
  grants?: pulumi.Input<BucketGrants>;
  /**
   * Bucket tags, at most 49 (COS allows 50 per bucket; the bucket's ownership mark is one). When omitted, tags are not
   * managed: live tags are neither changed nor read into state.
   */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Versioning. COS cannot turn versioning off once it was enabled, only suspend it; removing this property
   * therefore leaves versioning as it is. When omitted, versioning is not managed.
   */
  versioning?: pulumi.Input<"Enabled" | "Suspended">;
  /** Default server-side encryption. When omitted, encryption is not managed. */
  encryption?: pulumi.Input<BucketEncryption>;
  /** Create a multi-AZ bucket (`BucketAZConfig` MAZ). Create-only: changing it replaces the bucket. */
  multiAz?: pulumi.Input<boolean>;
  /**
   * On delete, first remove every object version, delete marker and in-progress multipart upload.
   * Without it, deleting a non-empty bucket fails with `BucketNotEmpty`.
   */
  forceDestroy?: pulumi.Input<boolean>;
  /**
   * Adopt a bucket that already exists in your account instead of failing with `BucketAlreadyOwnedByYou`:
   * the declared configuration is applied to it. Dynamic resources cannot be `pulumi import`ed; this is the way in.
   */
  adopt?: pulumi.Input<boolean>;
}

/** A COS bucket. Its id is the full bucket name. */
export class Bucket extends CosResource {
  /** The full bucket name, `<name>-<appid>`. */
  declare public readonly bucket: pulumi.Output<string>;
  /** The region the bucket lives in. */
  declare public readonly region: pulumi.Output<string>;
  /** The account APPID. */
  declare public readonly appId: pulumi.Output<string>;
  /** The canned ACL derived from the live grants. */
  declare public readonly acl: pulumi.Output<CannedAcl>;
  /** Explicit grants (live). */
  declare public readonly grants: pulumi.Output<Record<string, string[]> | undefined>;
  /** Tags (live). */
  declare public readonly tags: pulumi.Output<Record<string, string> | undefined>;
  /** Versioning status (live); undefined when versioning was never enabled. */
  declare public readonly versioning: pulumi.Output<"Enabled" | "Suspended" | undefined>;
  /** Default encryption (live). */
  declare public readonly encryption: pulumi.Output<{ algorithm: string; kmsKeyId?: string } | undefined>;
  /** Whether the bucket is multi-AZ. */
  declare public readonly multiAz: pulumi.Output<boolean>;
  /** Whether delete empties the bucket first. */
  declare public readonly forceDestroy: pulumi.Output<boolean>;
  /** The bucket's HTTPS endpoint, `https://<bucket>.cos.<region>.myqcloud.com`. */
  declare public readonly endpoint: pulumi.Output<string>;
  /** The bucket's CAM resource name, `qcs::cos:<region>:uid/<appid>:<bucket>`, for policies. */
  declare public readonly resourceName: pulumi.Output<string>;

  constructor(name: string, args?: BucketArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      shim("bucket"),
      name,
      {
        bucket: undefined, appId: undefined, region: undefined, acl: undefined, grants: undefined,
        tags: undefined, versioning: undefined, encryption: undefined, multiAz: undefined, forceDestroy: undefined,
        endpoint: undefined, resourceName: undefined,
        ...args,
        // When neither bucket nor name is set, the bucket is named `<pulumiName>-<7 hex>-<appid>`, the hex derived
        // from ownerKey (organization, project, stack, type, Pulumi name): the same name in preview, in up and in the
        // up after a crash, so a crashed create is found again instead of duplicated. The name is kept once created,
        // so renaming with an alias (a new ownerKey) neither renames nor replaces the bucket.
        autoNameBase: name,
        ownerKey: ownerKeyOf("Bucket", name, opts),
      },
      opts,
      "cos",
      "Bucket",
    );
  }
}
