import * as pulumi from "@pulumi/pulumi";

/**
 * Where a bucket configuration lives. Every configuration resource identifies its bucket this way; changing
 * either property replaces the resource (the old configuration is deleted first: it is a per-bucket singleton).
 */
export interface BucketConfigurationArgs {
  /** The full bucket name, `<name>-<appid>`; usually the `bucket` output of a {@link Bucket}. */
  bucket: pulumi.Input<string>;
  /** The bucket's region. Defaults to `tencentcloud:region` config or `TENCENTCLOUD_REGION`. */
  region?: pulumi.Input<string>;
  /**
   * Take over a configuration that already exists on the bucket (made outside Pulumi) and replace it with this one.
   * Without it, creating this resource on a bucket that already has a different configuration of this kind fails,
   * so nothing is overwritten by surprise.
   */
  adopt?: pulumi.Input<boolean>;
}
