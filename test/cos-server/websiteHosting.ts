/**
 * The static website endpoint, served as COS serves a bucket's website (digest §5.18; the endpoint itself is
 * not in the seeds, so where they are silent it follows S3 website hosting, whose model COS's website
 * configuration copies): anonymous GET/HEAD, the index document for `/` and `dir/`, `dir` → 302 `dir/` when
 * only the directory's index exists, the error document with the error's status, RedirectAllRequestsTo,
 * routing rules, public-read checks, and the bucket's CORS rules on preflight and actual requests.
 * Errors are HTML pages, never the XML `<Error>` of the API.
 */
import type * as http from "node:http";
import { isPublicRead } from "./handlers/acl";
import { originMatches } from "./handlers/cors";
import { policyAllowsAnonymousGet } from "./handlers/policy";
import { HOTLINK_DENIED, refererAllowed } from "./hotlink";
import type { ServerDeps } from "./server";
import type { AclPolicy, BucketRecord, ObjectVersion } from "./types";
import type { WebsiteTarget } from "./websiteEndpoint";
import { type PlainObject, obj, objs, text, texts } from "./xml";

interface Reply {
  status: number;
  headers: Record<string, string>;
  body?: Buffer;
  code?: string;
}

class Site {
  constructor(
    readonly b: BucketRecord,
    readonly cfg: PlainObject,
    readonly t: WebsiteTarget,
    readonly reqKey: string,
    readonly requestId: string,
  ) {}
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const REASONS: Record<number, string> = { 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed" };

/** The default error page (COS's website error pages list Code, Message and RequestId like S3's). */
function errorPage(status: number, code: string, message: string, requestId: string, key?: string): Reply {
  const title = `${status} ${REASONS[status] ?? ""}`.trim();
  const items = [`<li>Code: ${escapeHtml(code)}</li>`, `<li>Message: ${escapeHtml(message)}</li>`];
  if (key !== undefined) items.push(`<li>Key: ${escapeHtml(key)}</li>`);
  items.push(`<li>RequestId: ${escapeHtml(requestId)}</li>`);
  const html = `<html>\n<head><title>${title}</title></head>\n<body>\n<h1>${title}</h1>\n<ul>\n${items.join("\n")}\n</ul>\n<hr/>\n</body>\n</html>\n`;
  return { status, headers: { "Content-Type": "text/html; charset=utf-8" }, body: Buffer.from(html), code };
}

/** An archived object must be restored before it can be read (003:L3882; 002:L275), on the website as by GET Object. */
function archived(v: ObjectVersion): boolean {
  return v.storageClass === "ARCHIVE" || v.storageClass === "DEEP_ARCHIVE";
}

function current(b: BucketRecord, key: string): ObjectVersion | undefined {
  const v = b.objects.get(key)?.[0];
  return v && !v.deleteMarker ? v : undefined;
}

/** Anonymous read of an object, by the same rules as GET Object (object ACL, then bucket ACL, then policy). */
export function publicObject(b: BucketRecord, key: string, v: ObjectVersion): boolean {
  // Explicit object grants (grant headers / AccessControlPolicy) override the canned ACLs, as in GET Object.
  const grants = (v as ObjectVersion & { grants?: AclPolicy }).grants;
  const objectPublic = grants ? isPublicRead(grants) : v.acl === "public-read" || v.acl === "public-read-write";
  const bucketPublic = isPublicRead(b.configs.acl?.value) && v.acl !== "private" && grants === undefined;
  return objectPublic || bucketPublic || policyAllowsAnonymousGet(b.configs.policy?.value, b, key);
}

/** Whether anyone may learn that a key is absent (404) rather than being refused (403). */
function publicBucket(b: BucketRecord, key: string): boolean {
  return isPublicRead(b.configs.acl?.value) || policyAllowsAnonymousGet(b.configs.policy?.value, b, key);
}

function encodeKey(key: string): string {
  return key.split("/").map((s) => encodeURIComponent(s)).join("/");
}

/** The redirect of a routing rule: Protocol/HostName replace the origin, ReplaceKey* the key, HttpRedirectCode the status (301 default). */
function redirect(site: Site, rule: PlainObject): Reply {
  const r = obj(rule.Redirect) ?? {};
  const prefix = text(obj(rule.Condition)?.KeyPrefixEquals) ?? "";
  const withKey = text(r.ReplaceKeyWith);
  const withPrefix = text(r.ReplaceKeyPrefixWith);
  const key = withKey ?? (withPrefix !== undefined ? withPrefix + site.reqKey.slice(prefix.length) : site.reqKey);
  const protocol = text(r.Protocol);
  const hostName = text(r.HostName);
  const path = `${hostName !== undefined ? "/" : site.t.base}${encodeKey(key)}`;
  const location = protocol !== undefined || hostName !== undefined ? `${protocol ?? "http"}://${hostName ?? site.t.host}${path}` : path;
  return { status: Number(text(r.HttpRedirectCode) ?? "301"), headers: { Location: location } };
}

/** A 403/404: a matching HttpErrorCodeReturnedEquals rule redirects, else the error document, else the default page. */
function failure(site: Site, status: number, code: string, message: string): Reply {
  const rule = rules(site).find((r) => {
    const c = obj(r.Condition) ?? {};
    const prefix = text(c.KeyPrefixEquals);
    return text(c.HttpErrorCodeReturnedEquals) === String(status) && (prefix === undefined || site.reqKey.startsWith(prefix));
  });
  if (rule) return redirect(site, rule);
  const doc = obj(site.cfg.ErrorDocument);
  const errKey = text(doc?.Key);
  const ev = errKey !== undefined ? current(site.b, errKey) : undefined;
  if (errKey !== undefined && ev && !archived(ev) && publicObject(site.b, errKey, ev)) {
    // OriginalHttpStatus Disabled answers the error document with 200 [NOT IN SEEDS: COS console option]; default keeps the status.
    const keep = text(doc?.OriginalHttpStatus) !== "Disabled";
    return { ...objectReply(ev), status: keep ? status : 200, code };
  }
  return errorPage(status, code, message, site.requestId, site.reqKey);
}

function rules(site: Site): PlainObject[] {
  return objs(obj(site.cfg.RoutingRules)?.RoutingRule);
}

function objectReply(v: ObjectVersion): Reply {
  return {
    status: 200,
    headers: {
      "Content-Type": v.contentType,
      ETag: v.etag,
      "Last-Modified": new Date(v.lastModified).toUTCString(),
      "x-cos-hash-crc64ecma": v.crc64,
      ...v.headers,
    },
    body: v.body,
  };
}

function conditional(req: http.IncomingMessage, reply: Reply): Reply {
  const inm = req.headers["if-none-match"];
  if (reply.status === 200 && typeof inm === "string" && inm.split(",").some((e) => e.trim().replace(/^W\//, "") === reply.headers.ETag)) {
    return { status: 304, headers: { ETag: reply.headers.ETag } };
  }
  return reply;
}

/** GET/HEAD of a page (digest §5.18 semantics; order as S3: redirect-all, prefix rules, object, error handling). */
function page(site: Site, req: http.IncomingMessage): Reply {
  const all = text(obj(site.cfg.RedirectAllRequestsTo)?.Protocol);
  // The local endpoint speaks http only, so RedirectAllRequestsTo https always redirects (COS's "force HTTPS").
  if (all === "https") return { status: 301, headers: { Location: `https://${site.t.host}${site.t.base}${encodeKey(site.reqKey)}` } };
  const prefixRule = rules(site).find((r) => {
    const c = obj(r.Condition) ?? {};
    const prefix = text(c.KeyPrefixEquals);
    return text(c.HttpErrorCodeReturnedEquals) === undefined && prefix !== undefined && site.reqKey.startsWith(prefix);
  });
  if (prefixRule) return redirect(site, prefixRule);
  const suffix = text(obj(site.cfg.IndexDocument)?.Suffix) ?? "index.html";
  const key = site.reqKey === "" || site.reqKey.endsWith("/") ? site.reqKey + suffix : site.reqKey;
  const v = current(site.b, key);
  if (v) {
    if (!publicObject(site.b, key, v)) return failure(site, 403, "AccessDenied", "Access Denied.");
    if (archived(v)) return failure(site, 403, "InvalidObjectState", "The object is archived: restore it before reading it.");
    return conditional(req, objectReply(v));
  }
  const dirIndex = current(site.b, `${key}/${suffix}`);
  if (dirIndex && publicObject(site.b, `${key}/${suffix}`, dirIndex)) return { status: 302, headers: { Location: `${site.t.base}${encodeKey(key)}/` } };
  if (!publicBucket(site.b, key)) return failure(site, 403, "AccessDenied", "Access Denied.");
  return failure(site, 404, "NoSuchKey", "The specified key does not exist.");
}

/** The first CORS rule that allows this origin, method and request headers (as OPTIONS Object, digest §5.13.4). */
function corsRule(b: BucketRecord, origin: string, method: string, requested: string[]): PlainObject | undefined {
  return objs(b.configs.cors?.value?.CORSRule).find((r) => {
    const allowed = texts(r.AllowedHeader).map((h) => h.toLowerCase());
    return (
      texts(r.AllowedOrigin).some((o) => originMatches(o, origin)) &&
      texts(r.AllowedMethod).includes(method.toUpperCase()) &&
      requested.every((h) => allowed.some((a) => originMatches(a, h)))
    );
  });
}

function corsHeaders(b: BucketRecord, rule: PlainObject, origin: string): Record<string, string> {
  const h: Record<string, string> = { "Access-Control-Allow-Origin": origin, "Access-Control-Allow-Methods": texts(rule.AllowedMethod).join(",") };
  const expose = texts(rule.ExposeHeader);
  if (expose.length) h["Access-Control-Expose-Headers"] = expose.join(",");
  const maxAge = text(rule.MaxAgeSeconds);
  if (maxAge !== undefined) h["Access-Control-Max-Age"] = maxAge;
  if (text(b.configs.cors?.value?.ResponseVary) === "true") h.Vary = "Origin,Access-Control-Request-Method,Access-Control-Request-Headers";
  return h;
}

function preflight(b: BucketRecord, req: http.IncomingMessage, requestId: string): Reply {
  const origin = req.headers.origin;
  const method = req.headers["access-control-request-method"];
  if (typeof origin !== "string" || typeof method !== "string") {
    return errorPage(400, "InvalidArgument", "Origin and Access-Control-Request-Method are required.", requestId);
  }
  const requested = String(req.headers["access-control-request-headers"] ?? "").split(",").map((h) => h.trim().toLowerCase()).filter((h) => h !== "");
  const rule = corsRule(b, origin, method, requested);
  // No configuration or no matching rule → 403 (002:L4232).
  if (!rule) return errorPage(403, "AccessForbidden", "CORSResponse: This CORS request is not allowed.", requestId);
  const headers = corsHeaders(b, rule, origin);
  if (requested.length) headers["Access-Control-Allow-Headers"] = requested.join(",");
  return { status: 200, headers };
}

function respond(deps: ServerDeps, req: http.IncomingMessage, t: WebsiteTarget, requestId: string): Reply {
  const method = (req.method ?? "GET").toUpperCase();
  const b = deps.state.getBucket(t.bucket);
  if (!b || (t.region !== undefined && t.region !== b.region)) return errorPage(404, "NoSuchBucket", "The specified bucket does not exist.", requestId);
  if (method === "OPTIONS") return preflight(b, req, requestId);
  if (method !== "GET" && method !== "HEAD") return errorPage(405, "MethodNotAllowed", "The specified method is not allowed against this resource.", requestId);
  // Hotlink protection covers every page read (hotlink.ts): the default 403 page, not the ErrorDocument.
  if (!refererAllowed(b.configs.referer?.value, req.headers.referer)) return errorPage(403, "AccessDenied", HOTLINK_DENIED, requestId);
  const cfg = b.configs.website?.value;
  if (!cfg) return errorPage(404, "NoSuchWebsiteConfiguration", "The specified bucket does not have a website configuration.", requestId);
  let reqKey: string;
  try {
    reqKey = decodeURIComponent(t.path).replace(/^\//, "");
  } catch {
    return errorPage(400, "InvalidURI", "Couldn't parse the specified URI.", requestId);
  }
  const reply = page(new Site(b, cfg, t, reqKey, requestId), req);
  const origin = req.headers.origin;
  if (typeof origin === "string") {
    const rule = corsRule(b, origin, method, []);
    if (rule) Object.assign(reply.headers, corsHeaders(b, rule, origin));
  }
  return reply;
}

/** Answers one website request on `res` and logs it (`subresource: "website-endpoint"`). */
export function serveWebsite(deps: ServerDeps, req: http.IncomingMessage, res: http.ServerResponse, t: WebsiteTarget, requestId: string): void {
  const method = (req.method ?? "GET").toUpperCase();
  const reply = respond(deps, req, t, requestId);
  deps.state.logRequest({ method, host: t.host, path: t.path, subresource: "website-endpoint", status: reply.status, bucket: t.bucket, code: reply.code, requestId });
  res.statusCode = reply.status;
  res.sendDate = false;
  res.setHeader("Server", "tencent-cos");
  res.setHeader("Date", new Date(deps.faults.now()).toUTCString());
  res.setHeader("x-cos-request-id", requestId);
  for (const [k, v] of Object.entries(reply.headers)) res.setHeader(k, v);
  const body = reply.status === 304 ? undefined : reply.body;
  res.setHeader("Content-Length", String(body?.length ?? 0));
  req.resume();
  if (method === "HEAD" || body === undefined) res.end();
  else res.end(body);
}
