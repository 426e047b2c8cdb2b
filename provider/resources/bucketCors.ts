import { dequal as deepEqual } from "dequal";
import { corsToXml, type CorsConfiguration, type CorsRule } from "../cos/operations/cors";
import { isUnknown } from "../common/unknowns";
import { asText, type Checker, compact, type Obj } from "../common/validate";
import { configurationResource } from "./configurationResource";

const METHODS = ["GET", "PUT", "POST", "DELETE", "HEAD"] as const;
const RULE_KEYS = ["id", "allowedOrigins", "allowedMethods", "allowedHeaders", "exposeHeaders", "maxAgeSeconds"] as const;
/** PUT Bucket cors takes a document of at most 64 KB (002:L2472). @internal */
export const CORS_MAX_BYTES = 64 * 1024;
/**
 * `*`, or `scheme://host[:port]` where the scheme may be the wildcard `*` (`*://static.example.com`) and the host a
 * second-level wildcard (`https://*.example.com`): "each line can contain only one asterisk" (COS console CORS
 * page, tencentcloud.com/document/product/436/13318), so more than one `*` is refused (checked separately).
 */
const ORIGIN_RE = /^(\*|([a-z][a-z0-9+.-]*|\*):\/\/[^\s/]+)$/i;

function origin(s: string): string | undefined {
  if ((s.match(/\*/g) ?? []).length > 1) return `may contain at most one \`*\` (COS allows one wildcard per origin), got ${JSON.stringify(s)}`;
  return ORIGIN_RE.test(s) ? undefined : `must be \`*\` or protocol://domain[:port] (the protocol may be \`*\`), got ${JSON.stringify(s)}`;
}

const sortedSet = (xs: string[] | undefined) => (xs === undefined || isUnknown(xs) ? xs : [...new Set(xs)].sort());

/**
 * Header names are case-insensitive (RFC 9110 §5.1): `Content-Type` and `content-type` are one header. They are
 * de-duplicated ignoring case (the first spelling is kept, so state shows what the user wrote) and sorted
 * ignoring case; {@link rulesEqual} compares them ignoring case.
 */
function headerSet(xs: string[] | undefined): string[] | undefined {
  if (xs === undefined || isUnknown(xs)) return xs;
  const seen = new Map<string, string>();
  for (const x of xs) if (typeof x !== "string" || !seen.has(x.toLowerCase())) seen.set(typeof x === "string" ? x.toLowerCase() : asText(x), x);
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, x]) => x);
}

/** Rules in order, header names compared ignoring case. @internal */
export function rulesEqual(a: unknown, b: unknown): boolean | undefined {
  if (!Array.isArray(a) || !Array.isArray(b)) return undefined;
  const fold = (r: unknown) => {
    if (typeof r !== "object" || r === null) return r;
    const o = r as Obj;
    const lower = (v: unknown) => (Array.isArray(v) ? v.map((x) => (typeof x === "string" ? x.toLowerCase() : x)) : v);
    return compact({ ...o, allowedHeaders: lower(o.allowedHeaders), exposeHeaders: lower(o.exposeHeaders) });
  };
  return deepEqual(a.map(fold), b.map(fold));
}

/**
 * Rules stay an ordered list (the first matching rule wins: digitalocean #1138), while the values inside a rule are
 * sets for COS, so they are de-duplicated and sorted; methods are upper-cased. `responseVary` defaults to false, which
 * is also what COS reads back when it was never set (LESSONS.md §5).
 */
function normalize(c: Checker, raw: Obj): Obj {
  const rules = c.array("rules", raw.rules, { required: true, min: 1, max: 100 });
  const responseVary = c.bool("responseVary", raw.responseVary) ?? false;
  if (rules === undefined || isUnknown(rules)) return { rules, responseVary };
  const ids = new Map<string, number>();
  const out = rules.map((r, i) => {
    const p = `rules[${i}]`;
    const rule = c.object(p, r, { required: true, allowed: RULE_KEYS });
    if (rule === undefined || isUnknown(rule)) return rule;
    const id = c.string(`${p}.id`, rule.id, { minLength: 1, maxLength: 255 });
    if (id !== undefined) {
      if (ids.has(id)) c.fail(`${p}.id`, `must be unique (rules[${ids.get(id)}] has the same id ${JSON.stringify(id)})`);
      ids.set(id, i);
    }
    const methods = c.strings(`${p}.allowedMethods`, rule.allowedMethods, { required: true, min: 1, item: { oneOf: METHODS, ignoreCase: true } });
    const origins = c.strings(`${p}.allowedOrigins`, rule.allowedOrigins, { required: true, min: 1, item: { check: origin } });
    const headers = c.strings(`${p}.allowedHeaders`, rule.allowedHeaders, { item: { minLength: 1 } });
    const expose = c.strings(`${p}.exposeHeaders`, rule.exposeHeaders, { item: { minLength: 1 } });
    const maxAge = c.int(`${p}.maxAgeSeconds`, rule.maxAgeSeconds, { min: 0, max: 2 ** 31 - 1 });
    return compact({
      id, allowedOrigins: sortedSet(origins), allowedMethods: sortedSet(methods),
      allowedHeaders: headers?.length ? headerSet(headers) : undefined, exposeHeaders: expose?.length ? headerSet(expose) : undefined, maxAgeSeconds: maxAge,
    });
  });
  // COS refuses a body over 64 KB (002:L2472): measure the document that would be sent, unless a bound of its size
  // (no XML built: check runs on every resource at every preview, issue 15) is already within the limit.
  if (c.failures.length === 0 && !c.tolerant && corsXmlBytesAtMost(out) > CORS_MAX_BYTES) {
    const size = Buffer.byteLength(corsToXml(toConfig({ rules: out, responseVary })));
    if (size > CORS_MAX_BYTES) c.fail("rules", `make up a CORS configuration of ${size} bytes; COS accepts at most ${CORS_MAX_BYTES} bytes (64 KB, 002:L2472)`);
  }
  return { rules: out, responseVary };
}

/**
 * An upper bound of `Buffer.byteLength(corsToXml(…))` for these rules: the compact document's fixed part and
 * `<ResponseVary>` (< 128 bytes), and per rule and per value at most `<Tag>…</Tag>` with a tag of ≤ 13 characters
 * (≤ 32 bytes) around the value's text, each UTF-16 unit of which is at most 6 bytes once escaped (`&quot;`; a 4-byte
 * UTF-8 character is two units). @internal
 */
export function corsXmlBytesAtMost(rules: unknown): number {
  const bound = (v: unknown): number => {
    if (Array.isArray(v)) return v.reduce((n: number, x) => n + bound(x), 0);
    if (v !== null && typeof v === "object") return Object.values(v).reduce((n: number, x) => n + bound(x), 32);
    return v === undefined ? 0 : 32 + 6 * String(v).length;
  };
  return 128 + bound(rules);
}

const toConfig = (p: Obj): CorsConfiguration => ({ rules: p.rules as CorsRule[], responseVary: p.responseVary as boolean });

/** @internal */
export const bucketCors = configurationResource<CorsConfiguration>({
  label: "CORS configuration",
  properties: ["rules", "responseVary"],
  normalize,
  equal: (key, a, b) => (key === "rules" ? rulesEqual(a, b) : undefined),
  toConfig,
  fromConfig: (cfg) => ({ rules: cfg.rules, responseVary: cfg.responseVary ?? false }),
  get: (client, loc) => client.getBucketCors(loc),
  put: (client, loc, cfg) => client.putBucketCors(loc, cfg),
  remove: (client, loc) => client.deleteBucketCors(loc),
});
