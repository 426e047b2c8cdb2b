import type { WebsiteConfiguration } from "../cos/operations/website";
import { isUnknown } from "../common/unknowns";
import { type Checker, compact, type Obj } from "../common/validate";
import { configurationResource, type ConfigurationInputs } from "./configurationResource";

type RoutingRule = { condition: { httpErrorCodeReturnedEquals?: number; keyPrefixEquals?: string }; redirect: { protocol?: string; replaceKeyWith?: string; replaceKeyPrefixWith?: string } };

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
  const red = c.object(`${p}.redirect`, rule.redirect, { required: true, allowed: ["protocol", "replaceKeyWith", "replaceKeyPrefixWith"] });
  const condition = cond && !isUnknown(cond)
    ? compact({ httpErrorCodeReturnedEquals: c.int(`${p}.condition.httpErrorCodeReturnedEquals`, cond.httpErrorCodeReturnedEquals, { min: 400, max: 499 }), keyPrefixEquals: c.string(`${p}.condition.keyPrefixEquals`, cond.keyPrefixEquals) })
    : cond;
  if (cond && !isUnknown(cond) && Object.keys(condition as Obj).length === 0) c.fail(`${p}.condition`, "give httpErrorCodeReturnedEquals (a 4xx code), keyPrefixEquals, or both");
  const redirect = red && !isUnknown(red)
    ? compact({ protocol: c.string(`${p}.redirect.protocol`, red.protocol, { oneOf: ["https"], ignoreCase: true }), replaceKeyWith: c.string(`${p}.redirect.replaceKeyWith`, red.replaceKeyWith), replaceKeyPrefixWith: c.string(`${p}.redirect.replaceKeyPrefixWith`, red.replaceKeyPrefixWith) })
    : red;
  if (red && !isUnknown(red)) {
    c.exclusive(`${p}.redirect`, redirect as Obj, ["replaceKeyWith", "replaceKeyPrefixWith"]);
    if ((redirect as Obj).replaceKeyPrefixWith !== undefined && cond && !isUnknown(cond) && (condition as Obj).keyPrefixEquals === undefined) {
      c.fail(`${p}.redirect.replaceKeyPrefixWith`, "needs condition.keyPrefixEquals");
    }
  }
  return { condition, redirect };
}


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
            redirect: r.redirect,
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
          condition: compact({ httpErrorCodeReturnedEquals: r.condition.httpErrorCodeReturnedEquals !== undefined ? Number(r.condition.httpErrorCodeReturnedEquals) : undefined, keyPrefixEquals: r.condition.keyPrefixEquals }),
          redirect: compact({ protocol: r.redirect.protocol, replaceKeyWith: r.redirect.replaceKeyWith, replaceKeyPrefixWith: r.redirect.replaceKeyPrefixWith }),
        }))
      : undefined,
  }),
  outputs: (i: ConfigurationInputs) => ({ websiteEndpoint: `${i.bucket}.cos-website.${i.region}.myqcloud.com` }),
  get: (client, loc) => client.getBucketWebsite(loc),
  put: (client, loc, cfg) => client.putBucketWebsite(loc, cfg),
  remove: (client, loc) => client.deleteBucketWebsite(loc),
});
