import * as pulumi from "@pulumi/pulumi";
import { type BucketConfigurationArgs, ownerKeyOf } from "./common";
import { CosResource } from "./resource";
import { shim } from "./shim";

/** One CORS rule. COS applies the first rule that matches a request, so rule order matters. */
export interface CorsRule {
  /** An optional rule id. */
  id?: pulumi.Input<string>;
  /**
   * Origins allowed: `*`, `protocol://domain[:port]`, `*://domain` (any protocol) or `https://*.example.com`; at most one
   * `*` per origin. At least one.
   */
  allowedOrigins: pulumi.Input<pulumi.Input<string>[]>;
  /** Methods allowed: `GET`, `PUT`, `POST`, `DELETE`, `HEAD` (any case). At least one. */
  allowedMethods: pulumi.Input<pulumi.Input<"GET" | "PUT" | "POST" | "DELETE" | "HEAD" | "get" | "put" | "post" | "delete" | "head">[]>;
  /** Request headers allowed in the actual request; `*` allowed. Names are case-insensitive (`Content-Type` = `content-type`). */
  allowedHeaders?: pulumi.Input<pulumi.Input<string>[]>;
  /** Response headers exposed to the browser, e.g. `ETag`, `x-cos-request-id`; case-insensitive. */
  exposeHeaders?: pulumi.Input<pulumi.Input<string>[]>;
  /** How long a browser may cache the preflight answer, in seconds (integer ≥ 0). */
  maxAgeSeconds?: pulumi.Input<number>;
}

/** Arguments of {@link BucketCors}. */
export interface BucketCorsArgs extends BucketConfigurationArgs {
  /** The rules, in order (first match wins). 1 to 100 rules, at most 64 KB as a COS document. */
  rules: pulumi.Input<pulumi.Input<CorsRule>[]>;
  /** Send `Vary: Origin` with CORS responses. Defaults to false. */
  responseVary?: pulumi.Input<boolean>;
}

/** The CORS configuration of a bucket (`PUT/GET/DELETE ?cors`). It owns the whole configuration. */
export class BucketCors extends CosResource {
  /** The full bucket name. */
  declare public readonly bucket: pulumi.Output<string>;
  /** The bucket's region. */
  declare public readonly region: pulumi.Output<string>;
  /** The rules (live). */
  declare public readonly rules: pulumi.Output<CorsRuleOutput[]>;
  /** Whether `Vary: Origin` is sent. */
  declare public readonly responseVary: pulumi.Output<boolean>;

  constructor(name: string, args: BucketCorsArgs, opts?: pulumi.CustomResourceOptions) {
    super(shim("bucketCors"), name, { region: undefined, responseVary: undefined, ...args, ownerKey: ownerKeyOf("BucketCors", name, opts) }, opts, "cos", "BucketCors");
  }
}

/** A CORS rule as reported by the provider (normalised: methods upper-case, values de-duplicated and sorted). */
export type CorsRuleOutput = import("../provider/cos/operations/cors").CorsRule;
