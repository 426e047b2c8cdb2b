import * as pulumi from "@pulumi/pulumi";
import { type BucketConfigurationArgs, ownerKeyOf } from "./common";
import { CosResource } from "./resource";
import { shim } from "./shim";

/** Arguments of {@link BucketLogging}. */
export interface BucketLoggingArgs extends BucketConfigurationArgs {
  /** The log bucket, `<name>-<appid>`: same account and region as `bucket` (it may be `bucket` itself, not advised). */
  targetBucket: pulumi.Input<string>;
  /** Key prefix of the log files, e.g. `logs/site/`. Defaults to "". */
  targetPrefix?: pulumi.Input<string>;
}

/**
 * Access logging of a bucket (`PUT/GET ?logging`). Deleting the resource disables logging (COS has no DELETE: an empty
 * `BucketLoggingStatus` is written); `pulumi refresh` notices logging turned off or redirected out of band.
 */
export class BucketLogging extends CosResource {
  /** The full bucket name. */
  declare public readonly bucket: pulumi.Output<string>;
  /** The bucket's region. */
  declare public readonly region: pulumi.Output<string>;
  /** The log bucket (live). */
  declare public readonly targetBucket: pulumi.Output<string>;
  /** The log key prefix (live). */
  declare public readonly targetPrefix: pulumi.Output<string>;

  constructor(name: string, args: BucketLoggingArgs, opts?: pulumi.CustomResourceOptions) {
    super(shim("bucketLogging"), name, { region: undefined, targetPrefix: undefined, ...args, ownerKey: ownerKeyOf("BucketLogging", name, opts) }, opts, "cos", "BucketLogging");
  }
}
