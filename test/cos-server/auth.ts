/**
 * Signature verification written from the COS document (digest §1.3–1.6), deliberately independent of
 * the provider's signer (a signer bug must not be able to pass its own check).
 */
import { createHash, createHmac } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { CosError, accessDenied } from "./errors";
import type { QueryParam } from "./router";
import type { Account } from "./types";

/** The seven pairs of an Authorization string (digest §1.2). */
const REQUIRED_KEYS = ["q-sign-algorithm", "q-ak", "q-sign-time", "q-key-time", "q-header-list", "q-url-param-list", "q-signature"];

/** Message COS sends for an anonymous request to a private resource (seed 003:L82846). */
export const SIGNATURE_EMPTY = "Check auth failure because signature empty.";

/** RFC 3986 strict encoding with upper-case hex (digest §1.4; `=` → `%3D` verified by TV2). */
export function cosEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

function hmacSha1Hex(key: string, message: string): string {
  return createHmac("sha1", key).update(message, "utf8").digest("hex");
}

function sha1Hex(message: string): string {
  return createHash("sha1").update(message, "utf8").digest("hex");
}

/** Where the signature was found; `undefined` = anonymous request. */
export function findAuthorization(headers: IncomingHttpHeaders, query: readonly QueryParam[]): Map<string, string> | undefined {
  const header = headers.authorization;
  let source: string | undefined = typeof header === "string" && header.trim() !== "" ? header.trim() : undefined;
  if (source === undefined) source = query.find((p) => p.name === "sign")?.value || undefined;
  if (source !== undefined) {
    const pairs = new Map<string, string>();
    // Pairs are an unordered map: 002:L3289 lists q-url-param-list before q-header-list.
    for (const part of source.split("&")) {
      const eq = part.indexOf("=");
      if (eq < 0) continue;
      // Values are taken as sent: COS does not trim them, so `q-ak=<id> ` names an unknown key (403 InvalidAccessKeyId).
      pairs.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1));
    }
    return pairs;
  }
  const qPairs = query.filter((p) => p.name.toLowerCase().startsWith("q-"));
  if (qPairs.length === 0) return undefined;
  return new Map(qPairs.map((p) => [p.name.toLowerCase(), p.value]));
}

function parseWindow(value: string): [number, number] | undefined {
  const m = /^(\d+);(\d+)$/.exec(value);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Everything the verifier needs from a request. */
export interface SignedRequest {
  readonly method: string;
  /** Decoded path as the client addressed it (path-style includes `/<bucket>`). */
  readonly httpUri: string;
  readonly headers: IncomingHttpHeaders;
  readonly query: readonly QueryParam[];
}

/**
 * Verifies the request signature and returns the calling account, or `undefined` for an anonymous
 * request (the caller decides whether the target allows anonymous access). Throws {@link CosError}.
 */
export function verifyRequest(req: SignedRequest, accounts: readonly Account[], nowMs: number): Account | undefined {
  const pairs = findAuthorization(req.headers, req.query);
  if (!pairs) return undefined;
  for (const k of REQUIRED_KEYS) {
    if (!pairs.has(k)) throw accessDenied(`Authorization is malformed: ${k} is missing.`);
  }
  const get = (k: string): string => pairs.get(k) ?? "";
  if (get("q-sign-algorithm").toLowerCase() !== "sha1") throw accessDenied("q-sign-algorithm must be sha1.");
  const account = accounts.find((a) => a.secretId === get("q-ak"));
  if (!account) throw new CosError(403, "InvalidAccessKeyId", "The access key Id format you provided is invalid.");

  const signTime = get("q-sign-time");
  const keyTime = get("q-key-time");
  const signWindow = parseWindow(signTime);
  if (!signWindow || !parseWindow(keyTime)) throw accessDenied("q-sign-time or q-key-time is malformed.");
  const now = Math.floor(nowMs / 1000);
  // Expiry is reported as 403 AccessDenied "Request has expired" (003:L51278, L83816-83818; digest §7 C5c).
  if (now < signWindow[0] || now > signWindow[1]) throw accessDenied("Request has expired");

  const headerPairs: [string, string][] = [];
  for (const name of get("q-header-list").split(";").filter((n) => n !== "")) {
    const lower = name.toLowerCase();
    const raw = req.headers[lower];
    if (raw === undefined) throw signatureMismatch(`Header ${lower} is in q-header-list but not in the request.`);
    const value = Array.isArray(raw) ? raw.join(",") : raw;
    headerPairs.push([lower, cosEncode(value.trim())]);
  }
  const paramPairs: [string, string][] = [];
  for (const name of get("q-url-param-list").split(";").filter((n) => n !== "")) {
    const lower = name.toLowerCase(); // 002:L2952 sends camel-case `uploadId` (digest §7 C5)
    const param = req.query.find((p) => cosEncode(p.name).toLowerCase() === lower);
    if (!param) throw signatureMismatch(`Parameter ${lower} is in q-url-param-list but not in the request.`);
    paramPairs.push([lower, cosEncode(param.value)]);
  }
  const join = (list: [string, string][]): string =>
    list
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join("&");

  // q-key-time feeds SignKey, q-sign-time feeds StringToSign (digest §1.2 note, 002:L781).
  const signKey = hmacSha1Hex(account.secretKey, keyTime);
  const httpString = `${req.method.toLowerCase()}\n${req.httpUri}\n${join(paramPairs)}\n${join(headerPairs)}\n`;
  const stringToSign = `sha1\n${signTime}\n${sha1Hex(httpString)}\n`;
  const expected = hmacSha1Hex(signKey, stringToSign);
  if (expected !== get("q-signature").toLowerCase()) {
    throw signatureMismatch("The Signature you specified is invalid.");
  }

  if (account.securityToken !== undefined) {
    const header = req.headers["x-cos-security-token"];
    const token = typeof header === "string" ? header : req.query.find((p) => p.name === "x-cos-security-token")?.value;
    if (token !== account.securityToken) throw new CosError(403, "InvalidAccessKeyId", "The security token is invalid or missing.");
    if (account.tokenExpiresAt !== undefined && nowMs > account.tokenExpiresAt) {
      throw new CosError(403, "ExpiredToken", "The provided token has expired.");
    }
  }
  return account;
}

function signatureMismatch(message: string): CosError {
  return new CosError(403, "SignatureDoesNotMatch", message);
}

/** Identifies the caller without verifying anything (`verifySignatures: false`). */
export function identifyUnverified(req: SignedRequest, accounts: readonly Account[]): Account {
  const ak = findAuthorization(req.headers, req.query)?.get("q-ak");
  return accounts.find((a) => a.secretId === ak) ?? accounts[0];
}
