/**
 * Hotlink protection: the bucket's referer configuration (PUT Bucket referer, digest §5.22) decides whether an
 * anonymous read is served, by the request's `Referer` header.
 *
 * From the seeds (003, Node SDK page):
 * - `Status` Enabled | Disabled, `RefererType` Black-List | White-List (003:L132396-132402);
 * - `DomainList`: "Using a prefix to specify multiple domains is supported. Domain names and IPs with ports are
 *   supported. A wildcard (*) is supported for second-level or multi-level domains." (003:L132404-132410);
 * - `EmptyReferConfiguration` Allow | Deny, Deny by default (003:L132421-132425). The Java sample pairs a
 *   Black-List with Deny (003:L97373-97393), so the empty-referer rule holds in both modes.
 *
 * Where the seeds are silent [DECISION, following COS's public console guide "Setting Hotlink Protection"
 * (tencentcloud.com/document/product/436/13319 and /32466), not a seed]:
 * - Matching: scheme (`http://`, `https://`) removed from the Referer unless the listed entry names one, then the
 *   entry is a case-insensitive prefix: `example.com` hits `example.com/123`, `example.com:8080` and
 *   `example.com.cn`; `example.com:8080` does not hit `example.com`; `*` stands for any run of host characters
 *   (never `/`, `?` or `#`), so `*.example.com` hits `a.example.com` and `a.b.example.com` but not
 *   `example.com` nor `evil.com/a.example.com`.
 * - Empty referer: no `Referer` header, or one that is blank.
 * - Scope: anonymous GET/HEAD Object on the API endpoint (any host: default, path-style, accelerate, custom REST
 *   domain) and every GET/HEAD on the website endpoint. Requests that carry a signature (header or URL) are not
 *   checked ("If a signature is carried in the access URL or headers, hotlink protection-based verification will
 *   not be performed"); OPTIONS preflights are not checked. The check runs before the object lookup, so a
 *   refused request learns nothing about which keys exist; it grants nothing (ACLs still apply afterwards).
 * - Refusal: `403 AccessDenied` (the seeds' code for a refused access, 002:L272) with {@link HOTLINK_DENIED};
 *   on the website endpoint the default 403 HTML page with the same code and message, never the ErrorDocument
 *   (itself an object the same rule refuses).
 */
import { accessDenied, type CosError } from "./errors";
import { type PlainObject, obj, text, texts } from "./xml";

/** Message of the 403 AccessDenied for a refused Referer (the wording is ours: the seeds print none). */
export const HOTLINK_DENIED = "Access Denied by the hotlink protection (referer) rule of the bucket.";

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//;

function escapeRegExp(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether `referer` (non-empty) is hit by one listed entry of DomainList. */
export function refererMatches(referer: string, entry: string): boolean {
  const pattern = entry.trim().toLowerCase();
  if (pattern === "") return false;
  const value = referer.trim().toLowerCase();
  const subject = SCHEME.test(pattern) ? value : value.replace(SCHEME, "");
  const source = pattern.split("*").map(escapeRegExp).join("[^/?#]*");
  return new RegExp(`^${source}`).test(subject);
}

/** Whether a request with this `Referer` (undefined = none) may read, under a stored referer configuration. */
export function refererAllowed(config: PlainObject | undefined, referer: string | undefined): boolean {
  if (config === undefined || text(config.Status) !== "Enabled") return true;
  const value = (referer ?? "").trim();
  if (value === "") return text(config.EmptyReferConfiguration) === "Allow";
  const listed = texts(obj(config.DomainList)?.Domain).some((d) => refererMatches(value, d));
  return text(config.RefererType) === "Black-List" ? !listed : listed;
}

/** The refusal of a hotlinked read. */
export function hotlinkDenied(): CosError {
  return accessDenied(HOTLINK_DENIED);
}
