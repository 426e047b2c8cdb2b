import type { WebsiteConfiguration } from "../cos/operations/website";
import { isUnknown } from "../common/unknowns";
import { type Checker, compact, type Obj } from "../common/validate";
import { configurationResource, type ConfigurationInputs } from "./configurationResource";

type RoutingRule = { condition: { httpErrorCodeReturnedEquals?: number; keyPrefixEquals?: string }; redirect: { protocol?: string; replaceKeyWith?: string; replaceKeyPrefixWith?: string; httpRedirectCode?: number } };
/**
 * `HttpRedirectCode` (Python 003:L173309, L173365; the digest C20 decision: sent only when set). [DECISION] the HTTP
 * redirect statuses 301, 302, 303, 307, 308; the local server accepts the same.
 */
export const REDIRECT_CODES = [301, 302, 303, 307, 308] as const;

/** Routing rules keep their order; the redirect protocol is `https` only (digest §7 C20). */
function normalize(c: Checker, raw: Obj): Obj {
  const indexDocument = c.string("indexDocument", raw.indexDocument, { required: true, minLength: 1, pattern: /^[^/]/, rule: "must be a key suffix such as index.html, not starting with /" });
  const errorDocument = c.string("errorDocument", raw.errorDocument, { minLength: 1 });
  const redirectAll = c.object("redirectAllRequestsTo", raw.redirectAllRequestsTo, { allowed: ["protocol"] });
  let redirectAllRequestsTo: Obj | undefined = redirectAll;
  if (redirectAll && !isUnknown(redirectAll)) {
    redirectAllRequestsTo = { protocol: c.string("redirectAllRequestsTo.protocol", redirectAll.protocol, { required: true, oneOf: ["https"], ignoreCase: true }) };
  }
  const rules = c.array("routingRules", raw.routingRules, { max: 100 });
  let routingRules: unknown = rules;
  if (rules && !isUnknown(rules)) {
    routingRules = rules.map((r, i) => normalizeRule(c, `routingRules[${i}]`, r));
    if (rules.length === 0) routingRules = undefined;
  }
  return compact({ indexDocument, errorDocument, redirectAllRequestsTo, routingRules });
}

function normalizeRule(c: Checker, p: string, r: unknown): unknown {
  const rule = c.object(p, r, { required: true, allowed: ["condition", "redirect"] });
  if (!rule || isUnknown(rule)) return rule;
  const cond = c.object(`${p}.condition`, rule.condition, { required: true, allowed: ["httpErrorCodeReturnedEquals", "keyPrefixEquals"] });
  const red = c.object(`${p}.redirect`, rule.redirect, { required: true, allowed: ["protocol", "replaceKeyWith", "replaceKeyPrefixWith", "httpRedirectCode"] });
  const condition = cond && !isUnknown(cond)
    ? compact({ httpErrorCodeReturnedEquals: c.int(`${p}.condition.httpErrorCodeReturnedEquals`, cond.httpErrorCodeReturnedEquals, { min: 400, max: 499 }), keyPrefixEquals: c.string(`${p}.condition.keyPrefixEquals`, cond.keyPrefixEquals) })
    : cond;
  if (cond && !isUnknown(cond) && Object.keys(condition as Obj).length === 0) c.fail(`${p}.condition`, "give httpErrorCodeReturnedEquals (a 4xx code), keyPrefixEquals, or both");
  const redirect = red && !isUnknown(red)
    ? compact({ protocol: c.string(`${p}.redirect.protocol`, red.protocol, { oneOf: ["https"], ignoreCase: true }), replaceKeyWith: c.string(`${p}.redirect.replaceKeyWith`, red.replaceKeyWith), replaceKeyPrefixWith: c.string(`${p}.redirect.replaceKeyPrefixWith`, red.replaceKeyPrefixWith), httpRedirectCode: redirectCode(c, `${p}.redirect.httpRedirectCode`, red.httpRedirectCode) })
    : red;
  if (red && !isUnknown(red)) {
    // A redirect replaces the whole key or its prefix: exactly one of the two (digest §5.18.1; Go/Node/C SDK tables).
    // [DECISION] a redirect with neither (only a protocol or a code) would send the visitor to the key they asked for.
    c.exclusive(`${p}.redirect`, red, ["replaceKeyWith", "replaceKeyPrefixWith"], true);
    if ((redirect as Obj).replaceKeyPrefixWith !== undefined && cond && !isUnknown(cond) && (condition as Obj).keyPrefixEquals === undefined) {
      c.fail(`${p}.redirect.replaceKeyPrefixWith`, "needs condition.keyPrefixEquals");
    }
  }
  return { condition, redirect };
}

function redirectCode(c: Checker, path: string, v: unknown): number | undefined {
  const n = c.int(path, v);
  if (n === undefined || isUnknown(n) || typeof n !== "number" || (REDIRECT_CODES as readonly number[]).includes(n)) return n;
  return c.tolerant ? n : c.fail(path, `must be one of ${REDIRECT_CODES.join(", ")}, got ${n}`);
}


/**
 * A status code from the wire: a number when the text is one written plainly, else the text as COS sent it, so
 * read never loses it ("0301" stays "0301": as a number it would be written back as "301").
 */
const code = (s: string | undefined): number | string | undefined => (s === undefined ? undefined : /^(0|[1-9]\d*)$/.test(s.trim()) ? Number(s) : s);

/** @internal */
export const website = configurationResource<WebsiteConfiguration>({
  label: "website configuration",
  properties: ["indexDocument", "errorDocument", "redirectAllRequestsTo", "routingRules"],
  normalize,
  toConfig: (p) => ({
    indexDocument: { suffix: p.indexDocument as string },
    ...(p.errorDocument !== undefined ? { errorDocument: { key: p.errorDocument as string } } : {}),
    ...(p.redirectAllRequestsTo !== undefined ? { redirectAllRequestsTo: p.redirectAllRequestsTo as { protocol: string } } : {}),
    ...(p.routingRules !== undefined
      ? {
          routingRules: (p.routingRules as RoutingRule[]).map((r) => ({
            condition: compact({ httpErrorCodeReturnedEquals: r.condition.httpErrorCodeReturnedEquals?.toString(), keyPrefixEquals: r.condition.keyPrefixEquals }),
            redirect: compact({ ...r.redirect, httpRedirectCode: r.redirect.httpRedirectCode?.toString() }),
          })),
        }
      : {}),
  }),
  fromConfig: (cfg) => compact({
    indexDocument: cfg.indexDocument.suffix,
    errorDocument: cfg.errorDocument?.key,
    redirectAllRequestsTo: cfg.redirectAllRequestsTo,
    routingRules: cfg.routingRules?.length
      ? cfg.routingRules.map((r) => ({
          condition: compact({ httpErrorCodeReturnedEquals: code(r.condition.httpErrorCodeReturnedEquals), keyPrefixEquals: r.condition.keyPrefixEquals }),
          redirect: compact({ protocol: r.redirect.protocol, replaceKeyWith: r.redirect.replaceKeyWith, replaceKeyPrefixWith: r.redirect.replaceKeyPrefixWith, httpRedirectCode: code(r.redirect.httpRedirectCode) }),
        }))
      : undefined,
  }),
  outputs: (i: ConfigurationInputs) => ({ websiteEndpoint: `${i.bucket}.cos-website.${i.region}.myqcloud.com` }),
  get: (client, loc) => client.getBucketWebsite(loc),
  put: (client, loc, cfg) => client.putBucketWebsite(loc, cfg),
  remove: (client, loc) => client.deleteBucketWebsite(loc),
});
