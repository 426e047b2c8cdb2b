/**
 * COS XML API v5 request signature (digest §1.3), as pure functions named after the COS document's terms.
 * @packageDocumentation
 */
import * as crypto from "node:crypto";
import { canonicalList, type CanonicalValue } from "./canonical";

/** Everything that enters a signature. `headers` are exactly the headers to sign (see {@link selectSignedHeaders}). */
export interface SignInput {
  secretId: string;
  secretKey: string;
  method: string;
  /** HttpURI: the *decoded* path starting with `/` (digest §1.4 decision). */
  pathname: string;
  query: Record<string, CanonicalValue>;
  headers: Record<string, CanonicalValue>;
  /** `"<start>;<end>"` in Unix seconds; feeds the signKey. */
  keyTime: string;
  /** Defaults to `keyTime`; feeds the stringToSign (§7 C4). */
  signTime?: string;
  /**
   * `HMAC-SHA1(secretKey, keyTime)` when the caller already has it (see {@link SignKeyCache}); it depends on
   * nothing else, so a client re-signing many requests in the same second derives it once.
   */
  signKey?: string;
}

/** The intermediate values of digest §1.3, exposed for known-answer tests. */
export interface SignParts {
  keyTime: string;
  signTime: string;
  signKey: string;
  httpString: string;
  stringToSign: string;
  signature: string;
  headerList: string;
  urlParamList: string;
  authorization: string;
}

const hmacSha1Hex = (key: string, msg: string): string => crypto.createHmac("sha1", key).update(msg, "utf8").digest("hex");
// One-shot `crypto.hash` (Node ≥ 20.12; engines requires ≥ 20.18): no Hash object, half the cost for short strings.
const sha1Hex = (msg: string): string => crypto.hash("sha1", msg, "hex");

/** Step 2: the signKey, `HMAC-SHA1(secretKey, keyTime)` as lowercase hex. */
export function deriveSignKey(secretKey: string, keyTime: string): string {
  return hmacSha1Hex(secretKey, keyTime);
}

/**
 * Remembers the last signKey: every request signed in the same second shares a keyTime, so one HMAC per second
 * replaces one per request. Keyed by both inputs, so rotated credentials or a corrected clock derive a new one.
 * It lives in one client's signing step, next to the credentials that step already holds.
 */
export class SignKeyCache {
  private secretKey?: string;
  private keyTime?: string;
  private signKey = "";
  get(secretKey: string, keyTime: string): string {
    if (secretKey !== this.secretKey || keyTime !== this.keyTime) {
      this.signKey = deriveSignKey(secretKey, keyTime);
      this.secretKey = secretKey;
      this.keyTime = keyTime;
    }
    return this.signKey;
  }
}

/** Computes every step of the signature (digest §1.3 steps 1–7). */
export function signParts(input: SignInput): SignParts {
  const keyTime = input.keyTime;
  const signTime = input.signTime ?? keyTime;
  // Step 2: the lowercase *hex string* is the key of step 7, not the raw digest (digest §8 pitfall 2).
  const signKey = input.signKey ?? deriveSignKey(input.secretKey, keyTime);
  const params = canonicalList(input.query);
  const headers = canonicalList(input.headers, true);
  const httpString = `${input.method.toLowerCase()}\n${input.pathname}\n${params.formatted}\n${headers.formatted}\n`;
  const stringToSign = `sha1\n${signTime}\n${sha1Hex(httpString)}\n`;
  const signature = hmacSha1Hex(signKey, stringToSign);
  const authorization =
    `q-sign-algorithm=sha1&q-ak=${input.secretId}&q-sign-time=${signTime}&q-key-time=${keyTime}` +
    `&q-header-list=${headers.list}&q-url-param-list=${params.list}&q-signature=${signature}`;
  return {
    keyTime,
    signTime,
    signKey,
    httpString,
    stringToSign,
    signature,
    headerList: headers.list,
    urlParamList: params.list,
    authorization,
  };
}

/** The `Authorization` header value for a request. */
export function buildAuthorization(input: SignInput): string {
  return signParts(input).authorization;
}

const ALWAYS_SIGNED = new Set(["host", "content-type", "content-md5", "content-length"]);

/**
 * Picks the headers our client signs (digest §1.7): host, content-type, content-md5, content-length when present,
 * and every `x-cos-*` header (including `x-cos-security-token`). Other headers (User-Agent, Connection) are not
 * signed, because proxies may rewrite them.
 */
export function selectSignedHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (ALWAYS_SIGNED.has(lower) || lower.startsWith("x-cos-")) out[lower] = value;
  }
  return out;
}

/** Seconds the sign window opens before "now", so a server clock slightly behind ours still accepts it. */
export const SIGN_WINDOW_BEFORE_S = 60;
/** Seconds the signature stays valid after "now" (SDK default Expires 900 s, 004:L182). */
export const SIGN_WINDOW_AFTER_S = 900;

/**
 * A clock with an adjustable offset. The signing middleware sets `offsetMs` to `serverDate − localNow` after a
 * clock-skew error (`RequestTimeTooSkewed` / "Request has expired"), so later signatures use server time.
 */
export class SigningClock {
  offsetMs = 0;
  constructor(private readonly nowFn: () => number = Date.now) {}
  /** Milliseconds since the epoch, corrected by the offset. */
  now(): number {
    return this.nowFn() + this.offsetMs;
  }
  /** Adopts the server's time from a `Date` header; returns false if the header is missing or unparsable. */
  adoptServerDate(dateHeader: string | undefined): boolean {
    const server = dateHeader ? Date.parse(dateHeader) : NaN;
    if (!Number.isFinite(server)) return false;
    this.offsetMs = server - this.nowFn();
    return true;
  }
  /** `"<start>;<end>"` for the current moment (now − 60 s … now + 900 s). */
  keyTime(): string {
    const nowS = Math.floor(this.now() / 1000);
    return `${nowS - SIGN_WINDOW_BEFORE_S};${nowS + SIGN_WINDOW_AFTER_S}`;
  }
}
