/**
 * The request pipeline as small composable steps (STYLE §2, smithy order): a request is built once, then for
 * every attempt `retry → sign → parseErrors → transport`.
 * @packageDocumentation
 */

/** HTTP methods the client uses. */
export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE" | "HEAD";

/** State shared by all attempts of one logical call (the retry middleware clones the request, not this). */
export interface CallContext {
  /** 1-based attempt number, maintained by the retry middleware. */
  attempt: number;
  /** True once the clock offset was corrected for this call (clock skew is retried once). */
  skewCorrected: boolean;
}

/** A fully built request. Headers use lowercase names. `body` is final: Content-MD5 was computed from it. */
export interface CosRequest {
  /** Operation name for errors and metrics, e.g. `PutBucketCors`. */
  op: string;
  method: HttpMethod;
  /** Socket target, e.g. `https://b-1250000000.cos.ap-guangzhou.myqcloud.com` or an override. */
  origin: string;
  /** Percent-encoded path + query for the request line. */
  wirePath: string;
  /** Decoded path (the signed HttpURI). */
  signPath: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: Buffer;
  /** Object key for object-level calls (decides the HEAD 404 code: NoSuchKey vs NoSuchBucket). */
  key?: string;
  /** The 2xx body is user data (GET Object), so it is never inspected for an `<Error>` document. */
  rawBody?: boolean;
  context: CallContext;
}

/** A buffered HTTP response. Header names are lowercase. */
export interface CosResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** One step of the pipeline. */
export type Handler = (req: CosRequest) => Promise<CosResponse>;
/** Wraps a handler with behaviour (retry, signing, error parsing). */
export type Middleware = (next: Handler) => Handler;

/** `compose(a, b, c)(h)` = `a(b(c(h)))`: the first middleware is the outermost. */
export function compose(...middlewares: Middleware[]): (terminal: Handler) => Handler {
  return (terminal) => middlewares.reduceRight<Handler>((next, mw) => mw(next), terminal);
}

/** Shallow copy of a request for one attempt, sharing the call context. */
export function cloneRequest(req: CosRequest): CosRequest {
  return { ...req, query: { ...req.query }, headers: { ...req.headers } };
}
