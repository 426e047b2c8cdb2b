/**
 * Lookup functions: {@link getBucket} / {@link getBuckets} and their Output forms. They run in the program process
 * (nothing is serialised), with the provider's one implementation (provider/functions.ts) and credentials read at
 * call time from the stack config (`tencentcloud:*`, `cos:*`) or the environment. Results carry no credentials.
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";
import type { ProviderSettings } from "../provider/config";
import type * as impl from "../provider/functions";

export type { BucketLookup as GetBucketResult, BucketSummaryLookup } from "../provider/functions";

/** Arguments of {@link getBucket}. */
export interface GetBucketArgs {
  /** Full bucket name `<name>-<appid>`. */
  bucket: string;
  /** Region; defaults to `tencentcloud:region` config or `TENCENTCLOUD_REGION`. */
  region?: string;
}

/** Arguments of {@link getBuckets}; every filter is optional. */
export interface GetBucketsArgs {
  /** Only buckets whose full name starts with this. */
  prefix?: string;
  /** Only buckets of this region. */
  region?: string;
  /** Only buckets carrying all these user tags. */
  tags?: Record<string, string>;
}

/** The result of {@link getBuckets}. */
export interface GetBucketsResult {
  /** The buckets that pass every filter. */
  buckets: impl.BucketSummaryLookup[];
}

/** Input form of {@link GetBucketArgs}. */
export interface GetBucketOutputArgs {
  bucket: pulumi.Input<string>;
  region?: pulumi.Input<string>;
}

/** Input form of {@link GetBucketsArgs}. */
export interface GetBucketsOutputArgs {
  prefix?: pulumi.Input<string>;
  region?: pulumi.Input<string>;
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * The provider's code (the COS client, its XML and MIME tables), loaded on the first lookup rather than with the sdk:
 * a program that calls none does not pay its ≈ 50 ms of module load (issue 15).
 */
const provider = (): { config: typeof import("../provider/config"); functions: typeof impl } => ({
  config: require("../provider/config") as typeof import("../provider/config"),
  functions: require("../provider/functions") as typeof impl,
});

/** Settings from the stack config, read at call time (the env fallbacks apply inside the provider code). */
function configSettings(): ProviderSettings {
  const tc = new pulumi.Config("tencentcloud");
  const cos = new pulumi.Config("cos");
  const retry = cos.get("retryMaxSeconds");
  return {
    ...provider().config.getSettings(),
    secretId: tc.get("secretId") || undefined,
    secretKey: tc.get("secretKey") || undefined,
    securityToken: tc.get("securityToken") || undefined,
    region: tc.get("region") || undefined,
    appId: cos.get("appId") || undefined,
    endpoint: cos.get("endpoint") || undefined,
    retryMaxSeconds: retry !== undefined && Number.isFinite(Number(retry)) && Number(retry) >= 0 ? Number(retry) : undefined,
  };
}

/** Looks up one bucket: region, ACL, versioning, user tags (no ownership marks) and endpoints. */
export async function getBucket(args: GetBucketArgs): Promise<impl.BucketLookup> {
  provider().config.setSettings(configSettings());
  return provider().functions.getBucket(args);
}

/** Lists the account's buckets, filtered by name prefix, region and user tags. */
export async function getBuckets(args: GetBucketsArgs = {}): Promise<GetBucketsResult> {
  provider().config.setSettings(configSettings());
  return provider().functions.getBuckets(args);
}

/** {@link getBucket} taking Inputs and returning an Output. */
export function getBucketOutput(args: GetBucketOutputArgs): pulumi.Output<impl.BucketLookup> {
  return pulumi.output(args).apply((a) => getBucket(a as GetBucketArgs));
}

/** {@link getBuckets} taking Inputs and returning an Output. */
export function getBucketsOutput(args: GetBucketsOutputArgs = {}): pulumi.Output<GetBucketsResult> {
  return pulumi.output(args).apply((a) => getBuckets(a as GetBucketsArgs));
}
