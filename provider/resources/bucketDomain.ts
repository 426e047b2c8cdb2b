import type { DomainConfiguration, DomainRule } from "../cos/operations/domain";
import { isCosServiceError } from "../cos/errors";
import { isUnknown } from "../common/unknowns";
import type { Checker, Obj } from "../common/validate";
import { configurationResource } from "./configurationResource";

/** A host name: letters, digits, dots (Go 003 BucketDomainRule), hyphens as in every real host name (RFC 1123). */
const NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/**
 * Custom domains. Rules form a set keyed by name (COS binds a name once), so they are sorted by (lower-cased) name;
 * status defaults to ENABLED and is upper-case, as COS stores it (digest §7 C25), so omitted and read-back agree.
 */
function normalize(c: Checker, raw: Obj): Obj {
  const rules = c.array("rules", raw.rules, { required: true, min: 1, max: 100 });
  if (rules === undefined || isUnknown(rules)) return { rules };
  const seen = new Map<string, number>();
  const out = rules.map((r, i) => {
    const p = `rules[${i}]`;
    const o = c.object(p, r, { required: true, allowed: ["name", "type", "status", "forcedReplacement"] }) ?? {};
    if (isUnknown(o)) return o;
    let name = c.string(`${p}.name`, o.name, { required: true, pattern: NAME, rule: "must be a host name such as www.example.com (no scheme, no path, no port)" });
    if (name !== undefined && !isUnknown(name)) {
      name = name.toLowerCase();
      if (seen.has(name)) c.fail(`${p}.name`, `must be unique (rules[${seen.get(name)}] binds ${name} too)`);
      seen.set(name, i);
    }
    const type = c.string(`${p}.type`, o.type, { required: true, oneOf: ["REST", "WEBSITE", "ACCELERATE"], ignoreCase: true });
    const status = c.string(`${p}.status`, o.status, { oneOf: ["ENABLED", "DISABLED"], ignoreCase: true }) ?? "ENABLED";
    const forcedReplacement = c.string(`${p}.forcedReplacement`, o.forcedReplacement, { oneOf: ["CNAME", "TXT"], ignoreCase: true });
    return { name, type, status, ...(forcedReplacement !== undefined ? { forcedReplacement } : {}) };
  });
  const key = (x: unknown) => String((x as Obj).name ?? "");
  return { rules: out.some(isUnknown) ? out : [...out].sort((a, b) => key(a).localeCompare(key(b))) };
}

/**
 * The two documented failures of PUT Bucket domain (003 Python/Go "Error codes"), decided on the status code (the
 * error code names are not in the seeds): 409 = the name is bound to another bucket (or, with forcedReplacement, to
 * none); 451 = no ICP filing for a bucket in the Chinese mainland. COS's code, message and request id are kept.
 */
function explain(e: unknown): unknown {
  if (!isCosServiceError(e)) return e;
  const what =
    e.statusCode === 409
      ? "a domain is already bound to another bucket (set `forcedReplacement: \"CNAME\"` or `\"TXT\"` on its rule to take it over, after proving ownership with that DNS record), or forcedReplacement was set for a domain bound nowhere (remove it)"
      : e.statusCode === 451
        ? "a domain has no ICP filing, which a bucket in the Chinese mainland requires (file it, or use a bucket outside the mainland)"
        : undefined;
  if (!what) return e;
  const err = new Error(`${e.message} — ${what}`);
  Object.assign(err, { code: e.code, statusCode: e.statusCode, requestId: e.requestId });
  return err;
}

/** @internal */
export const bucketDomain = configurationResource<DomainConfiguration>({
  label: "custom domain configuration",
  kind: "domain",
  properties: ["rules"],
  normalize,
  toConfig: (p) => ({ rules: (p.rules as Obj[]).map((r) => ({ ...r }) as unknown as DomainRule) }),
  fromConfig: (cfg) => ({ rules: cfg.rules.map((r) => ({ ...r })) }),
  get: (client, loc) => client.getBucketDomain(loc),
  put: (client, loc, cfg) => client.putBucketDomain(loc, cfg).catch((e: unknown) => { throw explain(e); }),
  remove: (client, loc) => client.deleteBucketDomain(loc),
});
