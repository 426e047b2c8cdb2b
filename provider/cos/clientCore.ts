/**
 * The plumbing under {@link CosClient}: options, the composed pipeline, request building (Content-MD5 computed
 * once here for every body-carrying PUT/POST — cos sdk `base.js` computes it 23 times) and the generic
 * "configuration sub-resource" GET/PUT/DELETE helpers that implement digest §4.3.
 * @internal
 * @packageDocumentation
 */
import * as crypto from "node:crypto";
import type { Dispatcher } from "undici";
import { queryString } from "./canonical";
import type { CredentialSource } from "./credentials";
import { assertLocation, assertObjectKey, resolveTarget, type BucketLocation } from "./endpoint";
import { CosResponseParseError, isCosServiceError } from "./errors";
import { isNotConfigured, type SubResource } from "./notFound";
import { parseErrors } from "./parseErrors";
import { compose, type CosResponse, type Handler, type HttpMethod } from "./pipeline";
import { retry, retryPolicy, type RetryPolicy } from "./retry";
import { sign, type RequestInfo } from "./sign";
import { SigningClock } from "./signer";
import { DEFAULT_TIMEOUTS, transport, type Timeouts } from "./transport";

/** Options of a {@link CosClient}. */
export interface CosClientOptions {
  /** Default: the env chain (`TENCENTCLOUD_SECRET_ID`/`_SECRET_KEY`/`_SECURITY_TOKEN`), read at call time. */
  credentials?: CredentialSource;
  /** Socket target override, e.g. `http://127.0.0.1:9000`; the Host header stays the COS host. */
  endpoint?: string;
  /** Path-style requests `cos.<region>.myqcloud.com/<bucket>/<key>` (digest §2.3). */
  forcePathStyle?: boolean;
  retry?: Partial<RetryPolicy>;
  timeouts?: Partial<Timeouts>;
  userAgent?: string;
  /** Called before every attempt (metrics hook). */
  onRequest?: (info: RequestInfo) => void;
  /** @internal Replaces the pooled transport (tests pass an undici MockAgent). */
  dispatcher?: Dispatcher;
  /** @internal Local clock for signing, ms since the epoch (tests move it). Default `Date.now`. */
  now?: () => number;
}

/** One request as an operation describes it, before target resolution and signing. */
export interface RequestSpec {
  op: string;
  method: HttpMethod;
  loc?: BucketLocation;
  key?: string;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string | undefined>;
  body?: string | Buffer;
  contentType?: string;
  serviceRegion?: string;
  rawBody?: boolean;
}

/** Default User-Agent. */
export const DEFAULT_USER_AGENT = "pulumi-tencent-cos";

/** Base64 of the binary MD5 (RFC 1864; not hex — digest §3.1). */
export function contentMd5(body: Buffer): string {
  return crypto.hash("md5", body, "base64"); // one-shot: no Hash object (Node ≥ 20.12)
}

/** Shared machinery of the client. */
export class CosClientCore {
  /** The signing clock; its `offsetMs` is corrected after clock-skew errors. */
  readonly clock: SigningClock;
  protected readonly options: CosClientOptions;
  private readonly handler: Handler;

  constructor(options: CosClientOptions = {}) {
    this.options = options;
    this.clock = new SigningClock(options.now ?? Date.now);
    const timeouts: Timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.handler = compose(
      retry(retryPolicy(options.retry)),
      sign({ credentials: options.credentials, clock: this.clock, onRequest: options.onRequest }),
      parseErrors(),
    )(transport(timeouts, options.dispatcher));
  }

  /** Builds the request once (target, headers, Content-MD5) and runs it through the pipeline. */
  protected async send(spec: RequestSpec): Promise<CosResponse> {
    if (spec.loc) assertLocation(spec.loc);
    if (spec.key !== undefined) assertObjectKey(spec.key);
    const key = spec.key ?? "";
    const target = resolveTarget(spec.loc, key, this.options, spec.serviceRegion);
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) query[k] = v;
    const headers: Record<string, string> = { host: target.host, "user-agent": this.options.userAgent ?? DEFAULT_USER_AGENT };
    for (const [k, v] of Object.entries(spec.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;
    let body: Buffer | undefined;
    if (spec.body !== undefined) {
      body = Buffer.isBuffer(spec.body) ? spec.body : Buffer.from(spec.body, "utf8");
      headers["content-length"] = String(body.length);
      if (spec.contentType) headers["content-type"] = spec.contentType;
      if (spec.method === "PUT" || spec.method === "POST") headers["content-md5"] = contentMd5(body);
    }
    return this.handler({
      op: spec.op,
      method: spec.method,
      origin: target.origin,
      wirePath: target.wirePath + queryString(query),
      signPath: target.signPath,
      query,
      headers,
      body,
      key: spec.key,
      rawBody: spec.rawBody,
      context: { attempt: 0, skewCorrected: false },
    });
  }

  /**
   * Parses a response body with an operation's serde; a body it rejects fails with the response's request id, like
   * every other COS failure.
   */
  protected parse<T>(res: CosResponse, fn: (body: string) => T): T {
    try {
      return fn(res.body.toString("utf8"));
    } catch (err) {
      if (err instanceof CosResponseParseError) throw err.withRequestId(res.headers["x-cos-request-id"]);
      throw err;
    }
  }

  /** HEAD Bucket: true if it exists, false on 404, throws otherwise (403 included). */
  async headBucket(loc: BucketLocation): Promise<boolean> {
    try {
      await this.send({ op: "HeadBucket", method: "HEAD", loc });
      return true;
    } catch (err) {
      if (isCosServiceError(err) && err.statusCode === 404) return false;
      throw err;
    }
  }

  /**
   * GET of a configuration sub-resource; `undefined` when not configured: a 404 other than NoSuchBucket, an
   * empty 200 body (`parse` returns undefined), or — for `?policy`, where 002:L285 uses NoSuchBucket for a missing
   * policy — a 404 NoSuchBucket on a bucket that HEAD Bucket still finds (digest §4.3 client rule).
   */
  protected async getConfig<T>(
    loc: BucketLocation,
    sub: SubResource,
    op: string,
    parse: (body: string) => T | undefined,
  ): Promise<T | undefined> {
    let res: CosResponse;
    try {
      res = await this.send({ op, method: "GET", loc, query: { [sub]: "" } });
    } catch (err) {
      if (isNotConfigured(sub, err)) return undefined;
      if (sub === "policy" && isCosServiceError(err, "NoSuchBucket") && (await this.headBucket(loc))) return undefined;
      throw err;
    }
    return this.parse(res, parse);
  }

  /** PUT of a whole configuration document (replaces the previous one). */
  protected async putConfig(
    loc: BucketLocation,
    sub: SubResource,
    op: string,
    body: string,
    contentType = "application/xml",
  ): Promise<void> {
    await this.send({ op, method: "PUT", loc, query: { [sub]: "" }, body, contentType });
  }

  /** DELETE of a configuration; idempotent: "not configured" counts as success (digest §4.3, §7 C13). */
  protected async deleteConfig(loc: BucketLocation, sub: SubResource, op: string): Promise<void> {
    try {
      await this.send({ op, method: "DELETE", loc, query: { [sub]: "" } });
    } catch (err) {
      if (!isNotConfigured(sub, err)) throw err;
    }
  }
}
