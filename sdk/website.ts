import * as pulumi from "@pulumi/pulumi";
import { type BucketConfigurationArgs, ownerKeyOf } from "./common";
import { CosResource } from "./resource";
import { shim } from "./shim";

/** A routing rule: when the condition matches, redirect. */
export interface WebsiteRoutingRule {
  /** Give `httpErrorCodeReturnedEquals` (a 4xx code), `keyPrefixEquals`, or both. */
  condition: pulumi.Input<{ httpErrorCodeReturnedEquals?: pulumi.Input<number>; keyPrefixEquals?: pulumi.Input<string> }>;
  /**
   * Give exactly one of `replaceKeyWith` and `replaceKeyPrefixWith` (the latter only with `keyPrefixEquals`);
   * `httpRedirectCode` is the redirect status, one of 301, 302, 303, 307, 308.
   */
  redirect: pulumi.Input<{ protocol?: pulumi.Input<"https" | "HTTPS">; replaceKeyWith?: pulumi.Input<string>; replaceKeyPrefixWith?: pulumi.Input<string>; httpRedirectCode?: pulumi.Input<number> }>;
}

/** Arguments of {@link Website}. */
export interface WebsiteArgs extends BucketConfigurationArgs {
  /** The index document suffix, e.g. `index.html`. */
  indexDocument: pulumi.Input<string>;
  /** The error document key, e.g. `404.html`. */
  errorDocument?: pulumi.Input<string>;
  /** Redirect every request to HTTPS. */
  redirectAllRequestsTo?: pulumi.Input<{ protocol: pulumi.Input<"https" | "HTTPS"> }>;
  /** Routing rules, in order (at most 100). */
  routingRules?: pulumi.Input<pulumi.Input<WebsiteRoutingRule>[]>;
}

/** Static website hosting for a bucket (`PUT/GET/DELETE ?website`). */
export class Website extends CosResource {
  /** The full bucket name. */
  declare public readonly bucket: pulumi.Output<string>;
  /** The bucket's region. */
  declare public readonly region: pulumi.Output<string>;
  /** The index document suffix. */
  declare public readonly indexDocument: pulumi.Output<string>;
  /** The error document key. */
  declare public readonly errorDocument: pulumi.Output<string | undefined>;
  /** The website endpoint, `<bucket>.cos-website.<region>.myqcloud.com`. */
  declare public readonly websiteEndpoint: pulumi.Output<string>;

  constructor(name: string, args: WebsiteArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      shim("website"),
      name,
      { region: undefined, errorDocument: undefined, websiteEndpoint: undefined, ...args, ownerKey: ownerKeyOf("Website", name, opts) },
      opts,
      "cos",
      "Website",
    );
  }
}
