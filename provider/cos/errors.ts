/**
 * Error types of the COS client (STYLE §5). Every class is branded with a
 * `Symbol.for("pulumi-tencent-cos.error.<CODE>")` property and a static `Symbol.hasInstance`, so `instanceof`
 * works across two copies of this module (undici `lib/core/errors.js` pattern). No error ever carries a secret:
 * messages are built from COS codes, request ids and names only, and `toJSON` lists the safe fields explicitly.
 * @packageDocumentation
 */

const brand = (code: string): symbol => Symbol.for(`pulumi-tencent-cos.error.${code}`);
const BASE = brand("CosError");
const SERVICE = brand("CosServiceError");
const NETWORK = brand("CosNetworkError");
const PARSE = brand("CosResponseParseError");
const CREDENTIALS = brand("CosCredentialsError");
const VALIDATION = brand("CosValidationError");

function hasBrand(x: unknown, b: symbol): boolean {
  return typeof x === "object" && x !== null && (x as Record<symbol, unknown>)[b] === true;
}

/** Base class of every error thrown by the COS client. `code` is a stable string. */
export class CosError extends Error {
  /** Stable machine-readable code (a COS error code such as `NoSuchBucket`, or a client code). */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    Object.defineProperty(this, BASE, { value: true });
    this.name = "CosError";
  }
  static override [Symbol.hasInstance](x: unknown): boolean {
    return hasBrand(x, BASE);
  }
  /** Only the documented fields: never headers, request objects or credentials. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message };
  }
}

/** Fields describing a failed COS service call. */
export interface CosServiceErrorInit {
  statusCode: number;
  code: string;
  message: string;
  requestId?: string;
  traceId?: string;
  resource?: string;
  method: string;
  op: string;
  /** Response `Retry-After` header, if any (seconds or an HTTP date). */
  retryAfter?: string;
  /** Response `Date` header, used to correct clock skew. */
  serverDate?: string;
}

/** COS answered with an error status, or with an `<Error>` document on a 2xx. */
export class CosServiceError extends CosError {
  readonly statusCode: number;
  /** COS message text (the `<Message>` element); `message` is the full human-readable sentence. */
  readonly serviceMessage: string;
  readonly requestId?: string;
  readonly traceId?: string;
  readonly resource?: string;
  readonly method: string;
  /** Operation name, e.g. `PutBucketCors`. */
  readonly op: string;
  /** Response `Retry-After` header (seconds or HTTP date), honoured by the retry middleware. */
  readonly retryAfter?: string;
  /** Response `Date` header; the signing middleware derives the clock offset from it. */
  readonly serverDate?: string;
  /** Set by the signing middleware when it corrected the clock after this error; the retry table retries it. */
  clockSkewCorrected = false;
  constructor(init: CosServiceErrorInit) {
    const rid = init.requestId ? ` (request id ${init.requestId})` : "";
    const msg = init.message ? `: ${init.message}` : "";
    super(init.code, `COS ${init.op} failed: ${init.statusCode} ${init.code}${msg}${rid}`);
    Object.defineProperty(this, SERVICE, { value: true });
    this.name = "CosServiceError";
    this.statusCode = init.statusCode;
    this.serviceMessage = init.message;
    this.requestId = init.requestId;
    this.traceId = init.traceId;
    this.resource = init.resource;
    this.method = init.method;
    this.op = init.op;
    this.retryAfter = init.retryAfter;
    this.serverDate = init.serverDate;
  }
  static override [Symbol.hasInstance](x: unknown): boolean {
    return hasBrand(x, SERVICE);
  }
  override toJSON(): Record<string, unknown> {
    const { statusCode, requestId, traceId, resource, method, op } = this;
    return { ...super.toJSON(), statusCode, requestId, traceId, resource, method, op };
  }
}

/** The request never got an HTTP answer: socket reset, refused connection, timeout. */
export class CosNetworkError extends CosError {
  constructor(op: string, cause: unknown) {
    const causeCode = networkCode(cause);
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(causeCode ?? "NetworkError", `COS ${op} failed: network error ${causeCode ?? ""} ${detail}`.trim(), { cause });
    Object.defineProperty(this, NETWORK, { value: true });
    this.name = "CosNetworkError";
  }
  static override [Symbol.hasInstance](x: unknown): boolean {
    return hasBrand(x, NETWORK);
  }
}

/** A 2xx body that could not be parsed as the document the operation expects. */
export class CosResponseParseError extends CosError {
  readonly op: string;
  /** At most 512 bytes of the body, for diagnosis. */
  readonly bodyExcerpt: string;
  /** Why the body was rejected. */
  readonly reason: string;
  /** The response's `x-cos-request-id`, what Tencent support traces a call by (set by the client, see {@link withRequestId}). */
  readonly requestId?: string;
  constructor(op: string, body: string, reason: string, requestId?: string) {
    const bodyExcerpt = Buffer.from(body, "utf8").subarray(0, 512).toString("utf8");
    const rid = requestId ? ` (request id ${requestId})` : "";
    super("ResponseParseError", `COS ${op}: cannot parse response (${reason})${rid}: ${bodyExcerpt}`);
    Object.defineProperty(this, PARSE, { value: true });
    this.name = "CosResponseParseError";
    this.op = op;
    this.bodyExcerpt = bodyExcerpt;
    this.reason = reason;
    this.requestId = requestId;
  }
  /** The same error, naming the request id (the serde functions that throw it only see the body). */
  withRequestId(requestId: string | undefined): CosResponseParseError {
    return requestId && !this.requestId ? new CosResponseParseError(this.op, this.bodyExcerpt, this.reason, requestId) : this;
  }
  static override [Symbol.hasInstance](x: unknown): boolean {
    return hasBrand(x, PARSE);
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), op: this.op, requestId: this.requestId, bodyExcerpt: this.bodyExcerpt };
  }
}

/** No usable credentials were found. `tried` holds names of sources (never values). */
export class CosCredentialsError extends CosError {
  readonly tried: readonly string[];
  constructor(tried: readonly string[], reason = "no credentials found") {
    super("CredentialsError", `COS credentials: ${reason}; tried ${tried.join(", ")}`);
    Object.defineProperty(this, CREDENTIALS, { value: true });
    this.name = "CosCredentialsError";
    this.tried = [...tried];
  }
  static override [Symbol.hasInstance](x: unknown): boolean {
    return hasBrand(x, CREDENTIALS);
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), tried: this.tried };
  }
}

/** Invalid client input (bucket name, region, too many keys), detected before any request. */
export class CosValidationError extends CosError {
  constructor(message: string) {
    super("ValidationError", message);
    Object.defineProperty(this, VALIDATION, { value: true });
    this.name = "CosValidationError";
  }
  static override [Symbol.hasInstance](x: unknown): boolean {
    return hasBrand(x, VALIDATION);
  }
}

/** True for any error thrown by this client, even from another copy of the module. */
export function isCosError(x: unknown): x is CosError {
  return hasBrand(x, BASE);
}

/** True for a COS service error, optionally with the given COS code. */
export function isCosServiceError(x: unknown, code?: string): x is CosServiceError {
  return hasBrand(x, SERVICE) && (code === undefined || (x as CosServiceError).code === code);
}

/** The `code` of a network-level error, looking through `cause` chains (undici wraps Node errors). */
export function networkCode(err: unknown): string | undefined {
  let cur: unknown = err;
  for (let depth = 0; depth < 5 && typeof cur === "object" && cur !== null; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && code !== "NetworkError") return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}
