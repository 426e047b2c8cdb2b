/**
 * What every API handler receives, what it returns, and the shared bucket-access checks.
 */
import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { CosError, accessDenied, noSuchBucket } from "./errors";
import type { Faults } from "./faults";
import type { Route } from "./router";
import type { State } from "./state";
import type { Account, BucketRecord } from "./types";
import { buildXml, type Plain } from "./xml";

/** The request as a handler sees it. */
export interface Ctx {
  readonly method: string;
  readonly route: Route;
  readonly bucketName: string;
  /** Object key (`""` for bucket-level APIs). */
  readonly key: string;
  readonly headers: IncomingHttpHeaders;
  /** Header names and values as sent (`IncomingMessage.rawHeaders`): COS keeps the case of metadata names. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  /** The verified caller; `undefined` for anonymous requests. */
  readonly caller: Account | undefined;
  readonly state: State;
  readonly faults: Faults;
  /** Region used when the Host names none (path-style on an IP host). */
  readonly defaultRegion: string;
}

/** A handler's response; the server adds the common headers. */
export interface CosResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | string;
  readonly contentType?: string;
}

/** An API implementation. */
export type Handler = (ctx: Ctx) => CosResponse | Promise<CosResponse>;

/** 200 with an XML document. */
export function xml(root: string, value: Plain, status = 200): CosResponse {
  return { status, body: buildXml(root, value), contentType: "application/xml" };
}

/** An empty response (PUT configuration → 200, DELETE → 204). */
export function empty(status: number, headers?: Record<string, string>): CosResponse {
  return { status, headers };
}

/** A single request header as a string. */
export function header(ctx: Ctx, name: string): string | undefined {
  const v = ctx.headers[name];
  return Array.isArray(v) ? v.join(",") : v;
}

/** Query parameter value. */
export function param(ctx: Ctx, name: string): string | undefined {
  return ctx.route.query.find((p) => p.name === name)?.value;
}

/** ISO 8601 with milliseconds, as COS emits timestamps (digest §7 C30). */
export function isoNow(ctx: Ctx): string {
  return new Date(ctx.faults.now()).toISOString();
}

/** Requires `Content-MD5` (PUT cors/lifecycle, POST ?delete: 002:L2511-2515, L2676-2682, L3153). Verification itself is global. */
export function requireContentMd5(ctx: Ctx): void {
  if (header(ctx, "content-md5") === undefined) {
    throw new CosError(400, "MissingContentMD5", "Missing required header for this request: Content-MD5.");
  }
}

/** Base64 MD5 of a body (RFC 1864). */
export function md5Base64(body: Buffer): string {
  return createHash("md5").update(body).digest("base64");
}

/**
 * The addressed bucket as seen by this request: missing, in another region, or hidden by the
 * `hideNewBuckets` fault → 404 NoSuchBucket.
 */
export function findBucket(ctx: Ctx): BucketRecord {
  const b = ctx.state.getBucket(ctx.bucketName);
  const region = ctx.route.target.kind === "bucket" ? ctx.route.target.region : undefined;
  // `<bucket>.cos.accelerate.myqcloud.com` reaches a bucket of any region once its global acceleration is
  // Enabled (digest §2.3, 003:L8847-8855). Not enabled: the seeds are silent; 400 InvalidRequest as S3 answers.
  const accelerated = region === "accelerate";
  if (!b || (region !== undefined && !accelerated && region !== b.region)) throw noSuchBucket();
  if (accelerated && b.configs.accelerate?.value?.Status !== "Enabled") {
    throw new CosError(400, "InvalidRequest", "Global acceleration is not enabled for this bucket.");
  }
  if (b.hiddenUntil !== undefined) {
    if (Date.now() < b.hiddenUntil) throw noSuchBucket();
    b.hiddenUntil = undefined;
  }
  return b;
}

/** {@link findBucket} plus: the caller must be the bucket's account (else 403 AccessDenied). */
export function ownedBucket(ctx: Ctx): BucketRecord {
  const b = findBucket(ctx);
  if (!ctx.caller || ctx.caller.appId !== b.appId) throw accessDenied();
  return b;
}

/** CAM id of a root account (`qcs::cam::uin/<uin>:uin/<uin>`). */
export function camId(uin: string): string {
  return `qcs::cam::uin/${uin}:uin/${uin}`;
}
