/**
 * Helpers for the server's own integration tests: an SDK client bound to a server, and a raw
 * node:http request signed by the official SDK's `COS.getAuthorization` (an independent signer).
 */
import COS from "cos-nodejs-sdk-v5";
import { createHash, createHmac } from "node:crypto";
import * as http from "node:http";
import type { CosServer } from "./index";
import type { Account } from "./types";

/** Region used by the tests. */
export const REGION = "ap-guangzhou";

/** An official SDK client that keeps the real virtual-hosted Host header but connects to `server` (LESSONS §4). */
export function sdkClient(server: CosServer, account: Account = server.accounts[0], extra: Partial<COS.COSOptions> = {}): COS {
  return new COS({ SecretId: account.secretId, SecretKey: account.secretKey, Protocol: "http:", Ip: `127.0.0.1:${server.port}`, ...extra });
}

/** The SDK's rejection shape (statusCode + COS code). */
export interface SdkError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** Awaits an SDK promise expecting a failure; returns the error. */
export async function sdkError(p: Promise<unknown>): Promise<SdkError> {
  try {
    await p;
  } catch (err) {
    return err as SdkError;
  }
  throw new Error("expected the SDK call to fail");
}

/** Options of {@link raw}. */
export interface RawOptions {
  method: string;
  /** Full bucket name; omitted for service-level hosts. */
  bucket?: string;
  region?: string;
  /** Decoded object key (no leading slash). */
  key?: string;
  /** Host header override (default `<bucket>.cos.<region>.myqcloud.com`). */
  host?: string;
  /** Decoded request path override (path-style); default `/<key>`. */
  path?: string;
  /** Path the signature covers, when it differs from the one sent. */
  signPath?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Signing account; `null` sends an anonymous request. Default: the server's first account. */
  account?: Account | null;
  /** Fixed `<start>;<end>` signature window. */
  keyTime?: string;
  /** Add Content-MD5 for a body (default true). */
  contentMd5?: boolean;
  /** Where the signature travels (default header). */
  transport?: "header" | "sign" | "query";
  /** Changes the request after signing (tamper tests). */
  tamper?: (req: { headers: Record<string, string>; query: Record<string, string>; authorization: string }) => void;
}

/** A raw response with the COS error code/message parsed out of an `<Error>` body. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Header names as the server sent them (case kept). */
  rawHeaders: string[];
  body: string;
  code?: string;
  message?: string;
}

/** RFC 3986 encoding of a path, keeping `/` (what the SDK puts on the wire). */
export function encodePath(path: string): string {
  return path
    .split("/")
    .map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase()))
    .join("/");
}

/** Sends one request to `server`, signed with `COS.getAuthorization` unless anonymous. */
export function raw(server: CosServer, o: RawOptions): Promise<RawResponse> {
  const region = o.region ?? REGION;
  const host = o.host ?? (o.bucket ? `${o.bucket}.cos.${region}.myqcloud.com` : "service.cos.myqcloud.com");
  const path = o.path ?? `/${o.key ?? ""}`;
  const headers: Record<string, string> = { ...o.headers };
  const body = o.body === undefined ? undefined : Buffer.isBuffer(o.body) ? o.body : Buffer.from(o.body);
  if (body && o.contentMd5 !== false) headers["Content-MD5"] = createHash("md5").update(body).digest("base64");
  const query: Record<string, string> = { ...o.query };
  let authorization = "";
  const account = o.account === undefined ? server.accounts[0] : o.account;
  if (account) {
    authorization = COS.getAuthorization({
      SecretId: account.secretId,
      SecretKey: account.secretKey,
      Method: o.method as COS.Method,
      Pathname: o.signPath ?? path,
      Query: query,
      Headers: { ...headers, Host: host },
      ...(o.keyTime ? { KeyTime: o.keyTime } : {}),
    });
  }
  const t = { headers, query, authorization };
  o.tamper?.(t);
  if (t.authorization) {
    if (o.transport === "sign") t.query.sign = t.authorization;
    else if (o.transport === "query") for (const pair of t.authorization.split("&")) t.query[pair.slice(0, pair.indexOf("="))] = pair.slice(pair.indexOf("=") + 1);
    else t.headers.Authorization = t.authorization;
  }
  const qs = Object.entries(t.query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: server.port, method: o.method, path: encodePath(path) + (qs ? `?${qs}` : ""), headers: { ...t.headers, Host: host }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            rawHeaders: res.rawHeaders,
            body: text,
            code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1],
            message: /<Message>([^<]*)<\/Message>/.exec(text)?.[1],
          });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * A test-only signer written from digest §1.3 that can use different q-key-time and q-sign-time (the SDK
 * always sends equal ones). Cross-checked against `COS.getAuthorization` in auth.integ.test.ts.
 */
export function signWithTimes(a: Account, method: string, path: string, headers: Record<string, string>, keyTime: string, signTime: string): string {
  const enc = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
  const names = Object.keys(headers).map((h) => h.toLowerCase()).sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const httpHeaders = names.map((n) => `${n}=${enc(lower[n])}`).join("&");
  const signKey = createHmac("sha1", a.secretKey).update(keyTime).digest("hex");
  const httpString = `${method.toLowerCase()}\n${path}\n\n${httpHeaders}\n`;
  const stringToSign = `sha1\n${signTime}\n${createHash("sha1").update(httpString).digest("hex")}\n`;
  const sig = createHmac("sha1", signKey).update(stringToSign).digest("hex");
  return `q-sign-algorithm=sha1&q-ak=${a.secretId}&q-sign-time=${signTime}&q-key-time=${keyTime}&q-header-list=${names.join(";")}&q-url-param-list=&q-signature=${sig}`;
}

/** A `<start>;<end>` window around the server clock. */
export function window(fromSec: number, toSec: number, nowMs = Date.now()): string {
  const now = Math.floor(nowMs / 1000);
  return `${now + fromSec};${now + toSec}`;
}

/** A page from the website endpoint, as a browser would get it. */
export interface WebsitePage {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One anonymous request to the server's socket with the given Host (default: the bucket's website host). */
export function websiteVisit(server: CosServer, bucket: string, path: string, o: { method?: string; host?: string; headers?: Record<string, string> } = {}): Promise<WebsitePage> {
  const host = o.host ?? `${bucket}.cos-website.${REGION}.myqcloud.com`;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: server.port, method: o.method ?? "GET", path, headers: { ...o.headers, Host: host }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}
