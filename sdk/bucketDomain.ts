import * as pulumi from "@pulumi/pulumi";
import { type BucketConfigurationArgs, ownerKeyOf } from "./common";
import { CosResource } from "./resource";
import { shim } from "./shim";

/** One custom domain of a {@link BucketDomain}. */
export interface BucketDomainRule {
  /** The host name, e.g. `static.example.com` (no scheme, path or port); unique in the resource. */
  name: pulumi.Input<string>;
  /** `REST` (the XML API), `WEBSITE` (the static-website endpoint) or `ACCELERATE` (global acceleration). */
  type: pulumi.Input<"REST" | "WEBSITE" | "ACCELERATE">;
  /** `ENABLED` (default) or `DISABLED`. */
  status?: pulumi.Input<"ENABLED" | "DISABLED">;
  /** Take over a name bound to another bucket, proving ownership by a `CNAME` or `TXT` DNS record. */
  forcedReplacement?: pulumi.Input<"CNAME" | "TXT">;
}

/** Arguments of {@link BucketDomain}. */
export interface BucketDomainArgs extends BucketConfigurationArgs {
  /** The bucket's custom domains: a set keyed by name (order is irrelevant). 1 to 100. */
  rules: pulumi.Input<pulumi.Input<BucketDomainRule>[]>;
}

/**
 * The custom domains of a bucket (`PUT/GET/DELETE ?domain`). It owns the whole domain configuration; deleting it
 * removes every custom domain of the bucket. A name bound to another bucket fails with COS's 409 (set
 * `forcedReplacement` to take it over); a name without ICP filing on a mainland bucket fails with COS's 451.
 */
export class BucketDomain extends CosResource {
  /** The full bucket name. */
  declare public readonly bucket: pulumi.Output<string>;
  /** The bucket's region. */
  declare public readonly region: pulumi.Output<string>;
  /** The live domain rules (sorted by name, status upper-case). */
  declare public readonly rules: pulumi.Output<{ name: string; type: string; status: string; forcedReplacement?: string }[]>;

  constructor(name: string, args: BucketDomainArgs, opts?: pulumi.CustomResourceOptions) {
    super(shim("bucketDomain"), name, { region: undefined, ...args, ownerKey: ownerKeyOf("BucketDomain", name, opts) }, opts, "cos", "BucketDomain");
  }
}
