import * as pulumi from "@pulumi/pulumi";
import { type BucketConfigurationArgs, ownerKeyOf } from "./common";
import { CosResource } from "./resource";
import { shim } from "./shim";

/** Arguments of {@link BucketReferer}. */
export interface BucketRefererArgs extends BucketConfigurationArgs {
  /** `Enabled` (default) or `Disabled`. */
  status?: pulumi.Input<"Enabled" | "Disabled">;
  /** `White-List`: only these referers may fetch; `Black-List`: these referers may not. */
  refererType: pulumi.Input<"White-List" | "Black-List">;
  /** Referer domains, e.g. `*.example.com`, `example.com:8080`; a set (order is irrelevant). 1 to 100. */
  domains: pulumi.Input<pulumi.Input<string>[]>;
  /** Requests without a Referer header: `Deny` (default, as COS) or `Allow`. */
  emptyReferer?: pulumi.Input<"Allow" | "Deny">;
}

/**
 * Hotlink protection of a bucket (`PUT/GET/DELETE ?referer`). Deleting the resource really removes the rule
 * (DELETE ?referer; where COS does not serve it, the rule is disabled and empty referers are allowed).
 */
export class BucketReferer extends CosResource {
  /** The full bucket name. */
  declare public readonly bucket: pulumi.Output<string>;
  /** The bucket's region. */
  declare public readonly region: pulumi.Output<string>;
  /** `Enabled` or `Disabled` (live). */
  declare public readonly status: pulumi.Output<string>;
  /** `White-List` or `Black-List` (live). */
  declare public readonly refererType: pulumi.Output<string>;
  /** The domains, lower-cased, de-duplicated and sorted (live). */
  declare public readonly domains: pulumi.Output<string[]>;
  /** `Allow` or `Deny` (live). */
  declare public readonly emptyReferer: pulumi.Output<string>;

  constructor(name: string, args: BucketRefererArgs, opts?: pulumi.CustomResourceOptions) {
    super(shim("bucketReferer"), name, { region: undefined, status: undefined, emptyReferer: undefined, ...args, ownerKey: ownerKeyOf("BucketReferer", name, opts) }, opts, "cos", "BucketReferer");
  }
}
