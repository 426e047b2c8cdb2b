import * as pulumi from "@pulumi/pulumi";
import { type BucketConfigurationArgs, ownerKeyOf } from "./common";
import { CosResource } from "./resource";
import { shim } from "./shim";

/**
 * A policy key in either spelling COS and its SDK samples use: `Effect` or `effect`, `Statement` or `statement`, …
 * (digest §7 C7b). The provider reads keys ignoring case.
 */
export type PolicyKey<P extends string, T> = { [K in P]: T } | { [K in Uncapitalize<P>]: T };
/** The same, optional. */
export type OptionalPolicyKey<P extends string, T> = { [K in P]?: T } & { [K in Uncapitalize<P>]?: T };

/** One value or a list (COS returns a one-item list as a scalar). */
export type PolicyValues = string | string[];

/**
 * Who a statement applies to: CAM accounts `{ qcs: ["qcs::cam::uin/<root>:uin/<sub>", …] }` (`qcs::cam::anyone:anyone`
 * for everyone), a Tencent Cloud service `{ service: ["cos.qcloud.com"] }`, or `"*"` for everyone.
 */
export type PolicyPrincipal = "*" | (OptionalPolicyKey<"Qcs", PolicyValues> & OptionalPolicyKey<"Service", PolicyValues>);

/**
 * `allow` or `deny`, in any case. Any string is accepted by the type (checked at `check`): a document built inside
 * `Output.apply` has its literals widened to `string`, and `tsc` must not refuse what the provider accepts.
 */
export type PolicyEffect = "allow" | "deny" | "Allow" | "Deny" | (string & {});

/** `"2.0"` (the only version, checked at `check`); typed as a string for the same reason as {@link PolicyEffect}. */
export type PolicyVersion = "2.0" | (string & {});

/**
 * Conditions, `{ <operator>: { <key>: value | values } }`, e.g. `{ ip_equal: { "qcs:ip": "10.0.0.0/8" } }`. Operators
 * are CAM's: `string_equal`, `string_like`, `numeric_less_than`, `date_greater_than`, `bool_equal`, `ip_equal`, …,
 * optionally with `_if_exist` or `for_any_value:`/`for_all_value:`.
 */
export type PolicyCondition = Record<string, Record<string, string | number | boolean | (string | number | boolean)[]>>;

/**
 * A COS bucket policy statement (CAM policy syntax). Every key may be written capitalised (`Effect`) or in lower
 * case (`effect`), as the COS documents do both.
 */
export type PolicyStatement = PolicyStatementBody & PolicyKey<"Principal", PolicyPrincipal>;

/** A statement without its principal: in a document that gives one `principal` for all its statements. */
export type PolicyStatementBody = OptionalPolicyKey<"Sid", string> &
  PolicyKey<"Effect", PolicyEffect> &
  OptionalPolicyKey<"Principal", PolicyPrincipal> &
  /** Actions such as `name/cos:GetObject`; `*` for all. */
  PolicyKey<"Action", PolicyValues> &
  /** Resources, `qcs::cos:<region>:uid/<appid>:<bucket>/<key-prefix>*`. */
  PolicyKey<"Resource", PolicyValues> &
  OptionalPolicyKey<"Condition", PolicyCondition>;

/**
 * A COS bucket policy document: `version` `"2.0"` and the statements, in either key spelling. A document-level
 * `principal` (as COS's condition-key examples write it) applies to every statement that has none.
 */
export type PolicyDocument =
  | (OptionalPolicyKey<"Version", PolicyVersion> & PolicyKey<"Statement", PolicyStatement[]>)
  | (OptionalPolicyKey<"Version", PolicyVersion> & PolicyKey<"Principal", PolicyPrincipal> & PolicyKey<"Statement", PolicyStatementBody[]>);

/** Arguments of {@link BucketPolicy}. */
export interface BucketPolicyArgs extends BucketConfigurationArgs {
  /**
   * The policy, as an object or a JSON string. It is compared semantically: the `Sid`s COS adds, key case and
   * order, and one-item arrays vs scalars never show as a change, and your document is what stays in state.
   */
  policy: pulumi.Input<PolicyDocument | string>;
}

/** The bucket policy (`PUT/GET/DELETE ?policy`). It owns the whole policy. */
export class BucketPolicy extends CosResource {
  /** The full bucket name. */
  declare public readonly bucket: pulumi.Output<string>;
  /** The bucket's region. */
  declare public readonly region: pulumi.Output<string>;
  /** The policy document as you declared it (or the live one, after a refresh that found drift). */
  declare public readonly policy: pulumi.Output<PolicyDocument | string>;

  constructor(name: string, args: BucketPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super(shim("bucketPolicy"), name, { region: undefined, ...args, ownerKey: ownerKeyOf("BucketPolicy", name, opts) }, opts, "cos", "BucketPolicy");
  }
}
