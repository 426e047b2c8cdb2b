import * as pulumi from "@pulumi/pulumi";
import type { BucketConfigurationArgs } from "./common";
import { shim } from "./shim";

/** Where a replication rule copies objects to. */
export interface ReplicationDestination {
  /** The destination bucket's full name, `<name>-<appid>`. Its versioning must be `Enabled`. */
  bucket: pulumi.Input<string>;
  /** The destination bucket's region. */
  region: pulumi.Input<string>;
  /** Storage class of the replicas, e.g. `STANDARD`, `STANDARD_IA`; defaults to the source object's class. */
  storageClass?: pulumi.Input<string>;
}

/** One replication rule. All rules must share one destination bucket; prefixes must not overlap. */
export interface ReplicationRule {
  /** A rule id. */
  id?: pulumi.Input<string>;
  /** `Enabled` (default) or `Disabled`. */
  status?: pulumi.Input<"Enabled" | "Disabled">;
  /** Key prefix to replicate; empty or omitted = the whole bucket. */
  prefix?: pulumi.Input<string>;
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
export class Replication extends pulumi.dynamic.Resource {
  /** The source bucket. */
  declare public readonly bucket: pulumi.Output<string>;
  /** The source bucket's region. */
  declare public readonly region: pulumi.Output<string>;
  /** The role. */
  declare public readonly role: pulumi.Output<string>;
  /** The rules (live). */
  declare public readonly rules: pulumi.Output<unknown[]>;

  constructor(name: string, args: ReplicationArgs, opts?: pulumi.CustomResourceOptions) {
    super(shim("replication"), name, { region: undefined, adopt: undefined, ...args }, opts, "cos", "Replication");
  }
}
