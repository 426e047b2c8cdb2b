import * as pulumi from "@pulumi/pulumi";
import { type BucketConfigurationArgs, ownerKeyOf } from "./common";
import { CosResource } from "./resource";
import { shim } from "./shim";

/** Where a replication rule copies objects to. */
export interface ReplicationDestination {
  /** The destination bucket's full name, `<name>-<appid>`. Its versioning must be `Enabled`. */
  bucket: pulumi.Input<string>;
  /** The destination bucket's region. */
  region: pulumi.Input<string>;
  /**
   * Storage class of the replicas: `STANDARD`, `STANDARD_IA`, `MAZ_STANDARD`, `MAZ_STANDARD_IA`, `INTELLIGENT_TIERING`,
   * `MAZ_INTELLIGENT_TIERING` (case-insensitive; archive classes are refused); defaults to the source object's class.
   */
  storageClass?: pulumi.Input<string>;
}

/** One replication rule. All rules must share one destination bucket; prefixes must not overlap. */
export interface ReplicationRule {
  /** A rule id, unique across rules. */
  id?: pulumi.Input<string>;
  /** `Enabled` (default) or `Disabled`. */
  status?: pulumi.Input<"Enabled" | "Disabled" | "enabled" | "disabled" | "ENABLED" | "DISABLED">;
  /** Key prefix to replicate; empty or omitted = the whole bucket. Give this or `filter`. */
  prefix?: pulumi.Input<string>;
  /** The objects to replicate by prefix and/or object tags (COS's `<Filter>`, with `<And>` for several conditions). */
  filter?: pulumi.Input<{ prefix?: pulumi.Input<string>; tags?: pulumi.Input<Record<string, pulumi.Input<string>>> }>;
  /** Which rule wins where rules overlap; unique across rules (integer ≥ 0). */
  priority?: pulumi.Input<number>;
  /** Whether delete markers are replicated: `Enabled` or `Disabled`. */
  deleteMarkerReplication?: pulumi.Input<"Enabled" | "Disabled" | "enabled" | "disabled" | "ENABLED" | "DISABLED">;
  /** The destination. */
  destination: pulumi.Input<ReplicationDestination>;
}

/** Arguments of {@link Replication}. */
export interface ReplicationArgs extends BucketConfigurationArgs {
  /** The CAM role COS assumes to replicate, `qcs::cam::uin/<owner>:uin/<sub>`. */
  role: pulumi.Input<string>;
  /** The rules (1 to 1000). */
  rules: pulumi.Input<pulumi.Input<ReplicationRule>[]>;
}

/**
 * Cross-region / cross-bucket replication (`PUT/GET/DELETE ?replication`) of the source `bucket`. Versioning must be
 * `Enabled` on the source and destination buckets (declare it on both {@link Bucket}s); the provider checks this
 * before writing and says which bucket needs it.
 */
export class Replication extends CosResource {
  /** The source bucket. */
  declare public readonly bucket: pulumi.Output<string>;
  /** The source bucket's region. */
  declare public readonly region: pulumi.Output<string>;
  /** The role. */
  declare public readonly role: pulumi.Output<string>;
  /** The rules (live). */
  declare public readonly rules: pulumi.Output<unknown[]>;

  constructor(name: string, args: ReplicationArgs, opts?: pulumi.CustomResourceOptions) {
    super(shim("replication"), name, { region: undefined, ...args, ownerKey: ownerKeyOf("Replication", name, opts) }, opts, "cos", "Replication");
  }
}
