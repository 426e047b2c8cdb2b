import * as pulumi from "@pulumi/pulumi";
import { type BucketConfigurationArgs, ownerKeyOf } from "./common";
import { CosResource } from "./resource";
import { shim } from "./shim";

/** Which objects a lifecycle rule applies to. Empty (or omitted) means the whole bucket. */
export interface LifecycleFilter {
  /** Key prefix, e.g. `logs/`. */
  prefix?: pulumi.Input<string>;
  /** Object tags that must all match. Keys may not start with `cos:`, `qcs:` or `project` (reserved). */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Move current versions to another storage class. Give exactly one of `days` and `date`. */
export interface LifecycleTransition {
  /** Days after creation (integer 0–3650). */
  days?: pulumi.Input<number>;
  /**
   * A date at midnight, ISO 8601: `2030-01-01T00:00:00.000Z`, `2030-01-01T00:00:00+08:00` or `2030-01-01` (midnight
   * UTC). Compared by instant; your form is kept. Impossible dates (month 13, Feb 30) are refused at check.
   */
  date?: pulumi.Input<string>;
  /** Target class: `STANDARD_IA`, `ARCHIVE`, `DEEP_ARCHIVE`, `INTELLIGENT_TIERING`, `MAZ_STANDARD_IA`, `MAZ_INTELLIGENT_TIERING` (case-insensitive). */
  storageClass: pulumi.Input<string>;
}

/** Expire current versions. Give exactly one of `days`, `date`, `expiredObjectDeleteMarker`. */
export interface LifecycleExpiration {
  /** Days after creation (integer 1–3650). */
  days?: pulumi.Input<number>;
  /** A date at midnight, ISO 8601, as for {@link LifecycleTransition.date}. */
  date?: pulumi.Input<string>;
  /** Remove delete markers that have no noncurrent versions left. */
  expiredObjectDeleteMarker?: pulumi.Input<boolean>;
}

/** One lifecycle rule. Rules are matched by `id`, so reordering or removing one never touches the others. */
export interface LifecycleRule {
  /**
   * A unique rule id (at most 255 characters). Optional: COS assigns one to a rule without it, and such a rule still
   * shows no diff after a refresh.
   */
  id?: pulumi.Input<string>;
  /** `Enabled` (default) or `Disabled`. */
  status?: pulumi.Input<"Enabled" | "Disabled" | "enabled" | "disabled" | "ENABLED" | "DISABLED">;
  /** The legacy rule-level prefix (COS's `<Rule><Prefix>`); the same as `filter: { prefix }`. Give this or `filter`. */
  prefix?: pulumi.Input<string>;
  /** Which objects the rule applies to; omitted = the whole bucket. */
  filter?: pulumi.Input<LifecycleFilter>;
  /** Storage-class transitions of current versions. */
  transitions?: pulumi.Input<pulumi.Input<LifecycleTransition>[]>;
  /** Expiration of current versions. */
  expiration?: pulumi.Input<LifecycleExpiration>;
  /** Storage-class transitions of noncurrent versions (versioned buckets). */
  noncurrentVersionTransitions?: pulumi.Input<pulumi.Input<{ noncurrentDays: pulumi.Input<number>; storageClass: pulumi.Input<string> }>[]>;
  /** Expiration of noncurrent versions (versioned buckets). */
  noncurrentVersionExpiration?: pulumi.Input<{ noncurrentDays: pulumi.Input<number> }>;
  /** Abort multipart uploads still incomplete this many days after they started. */
  abortIncompleteMultipartUpload?: pulumi.Input<{ daysAfterInitiation: pulumi.Input<number> }>;
}

/** Arguments of {@link BucketLifecycle}. */
export interface BucketLifecycleArgs extends BucketConfigurationArgs {
  /** The rules (1 to 1000); ids, where given, are unique. */
  rules: pulumi.Input<pulumi.Input<LifecycleRule>[]>;
}

/** The lifecycle configuration of a bucket (`PUT/GET/DELETE ?lifecycle`). It owns the whole configuration. */
export class BucketLifecycle extends CosResource {
  /** The full bucket name. */
  declare public readonly bucket: pulumi.Output<string>;
  /** The bucket's region. */
  declare public readonly region: pulumi.Output<string>;
  /** The rules (live, normalised: upper-case storage classes, explicit status). */
  declare public readonly rules: pulumi.Output<unknown[]>;

  constructor(name: string, args: BucketLifecycleArgs, opts?: pulumi.CustomResourceOptions) {
    super(shim("bucketLifecycle"), name, { region: undefined, ...args, ownerKey: ownerKeyOf("BucketLifecycle", name, opts) }, opts, "cos", "BucketLifecycle");
  }
}
