import * as pulumi from "@pulumi/pulumi";
import { type BucketConfigurationArgs, ownerKeyOf } from "./common";
import { CosResource } from "./resource";
import { shim } from "./shim";

/** Arguments of {@link BucketAcceleration}: only the bucket (and `region`, `adopt`). */
export interface BucketAccelerationArgs extends BucketConfigurationArgs {}

/**
 * Global acceleration of a bucket (`PUT/GET ?accelerate`): while this resource exists, acceleration is `Enabled` and
 * the bucket is reachable at `<bucket>.cos.accelerate.myqcloud.com`. Deleting it suspends acceleration (COS has no
 * DELETE); `pulumi refresh` notices acceleration suspended out of band, and the next `up` enables it again.
 */
export class BucketAcceleration extends CosResource {
  /** The full bucket name. */
  declare public readonly bucket: pulumi.Output<string>;
  /** The bucket's region. */
  declare public readonly region: pulumi.Output<string>;

  constructor(name: string, args: BucketAccelerationArgs, opts?: pulumi.CustomResourceOptions) {
    super(shim("bucketAcceleration"), name, { region: undefined, ...args, ownerKey: ownerKeyOf("BucketAcceleration", name, opts) }, opts, "cos", "BucketAcceleration");
  }
}
