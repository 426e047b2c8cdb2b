import * as pulumi from "@pulumi/pulumi";
import type { BucketConfigurationArgs } from "./common";
import { shim } from "./shim";

/** A COS bucket policy statement (CAM policy syntax). */
export interface PolicyStatement {
  Sid?: string;
  Effect: "allow" | "deny" | "Allow" | "Deny";
  /** `{ qcs: ["qcs::cam::uin/<root>:uin/<sub>", …] }`, or `"*"`/`{ qcs: ["qcs::cam::anyone:anyone"] }` for everyone. */
  Principal: { qcs: string | string[] } | "*";
  /** Actions such as `name/cos:GetObject`; `*` for all. */
  Action: string | string[];
  /** Resources, `qcs::cos:<region>:uid/<appid>:<bucket>/<key-prefix>*`. */
  Resource: string | string[];
  /** Conditions, `{ <operator>: { <key>: value | values } }`, e.g. `{ ip_equal: { "qcs:ip": "10.0.0.0/8" } }`. */
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** A COS bucket policy document. Keys may also be written in lower case (`version`, `statement`, …). */
export interface PolicyDocument {
  Version?: "2.0";
  version?: "2.0";
  Statement?: PolicyStatement[];
  statement?: PolicyStatement[];
}

/** Arguments of {@link BucketPolicy}. */
export interface BucketPolicyArgs extends BucketConfigurationArgs {
  /**
   * The policy, as an object or a JSON string. It is compared semantically: the `Sid`s COS adds, key case and
   * order, and one-item arrays vs scalars never show as a change, and your document is what stays in state.
   */
  policy: pulumi.Input<PolicyDocument | string>;
}

/** The bucket policy (`PUT/GET/DELETE ?policy`). It owns the whole policy. */
export class BucketPolicy extends pulumi.dynamic.Resource {
  /** The full bucket name. */
  declare public readonly bucket: pulumi.Output<string>;
  /** The bucket's region. */
  declare public readonly region: pulumi.Output<string>;
  /** The policy document as you declared it (or the live one, after a refresh that found drift). */
  declare public readonly policy: pulumi.Output<PolicyDocument | string>;

  constructor(name: string, args: BucketPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super(shim("bucketPolicy"), name, { region: undefined, adopt: undefined, ...args }, opts, "cos", "BucketPolicy");
  }
}
