import type { CorsConfiguration, CorsRule } from "../cos/operations/cors";
import { isUnknown } from "../common/unknowns";
import { type Checker, compact, type Obj } from "../common/validate";
import { configurationResource } from "./configurationResource";

const METHODS = ["GET", "PUT", "POST", "DELETE", "HEAD"] as const;
const RULE_KEYS = ["id", "allowedOrigins", "allowedMethods", "allowedHeaders", "exposeHeaders", "maxAgeSeconds"] as const;

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
    const set = (xs: string[] | undefined) => (xs === undefined || isUnknown(xs) ? xs : [...new Set(xs)].sort());
    const methods = c.strings(`${p}.allowedMethods`, rule.allowedMethods, { required: true, min: 1, item: { oneOf: METHODS, ignoreCase: true } });
    const origins = c.strings(`${p}.allowedOrigins`, rule.allowedOrigins, {
      required: true, min: 1, item: { pattern: /^(\*|[a-z][a-z0-9+.-]*:\/\/[^\s/]+)$/i, rule: "must be `*` or protocol://domain[:port]" },
    });
    const headers = c.strings(`${p}.allowedHeaders`, rule.allowedHeaders, { item: { minLength: 1 } });
    const expose = c.strings(`${p}.exposeHeaders`, rule.exposeHeaders, { item: { minLength: 1 } });
    const maxAge = c.int(`${p}.maxAgeSeconds`, rule.maxAgeSeconds, { min: 0 });
    return compact({
      id, allowedOrigins: set(origins), allowedMethods: set(methods),
      allowedHeaders: headers?.length ? set(headers) : undefined, exposeHeaders: expose?.length ? set(expose) : undefined, maxAgeSeconds: maxAge,
    });
  });
  return { rules: out, responseVary };
}

/** @internal */
export const bucketCors = configurationResource<CorsConfiguration>({
  label: "CORS configuration",
  properties: ["rules", "responseVary"],
  normalize,
  toConfig: (p) => ({ rules: p.rules as CorsRule[], responseVary: p.responseVary as boolean }),
  fromConfig: (cfg) => ({ rules: cfg.rules, responseVary: cfg.responseVary ?? false }),
  get: (client, loc) => client.getBucketCors(loc),
  put: (client, loc, cfg) => client.putBucketCors(loc, cfg),
  remove: (client, loc) => client.deleteBucketCors(loc),
});
