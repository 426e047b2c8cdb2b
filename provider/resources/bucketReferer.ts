import type { RefererConfiguration } from "../cos/operations/referer";
import { isCosServiceError } from "../cos/errors";
import { isUnknown } from "../common/unknowns";
import type { Checker, Obj } from "../common/validate";
import { configurationResource } from "./configurationResource";

/** A referer domain: `*.example.com`, `example.com:8080`, an IP; ports, IPs and `*` wildcards are allowed (§5.22). */
const DOMAIN = /^(\*\.)?[A-Za-z0-9*]([A-Za-z0-9*.-]*[A-Za-z0-9*])?(:\d{1,5})?$/;

/**
 * Hotlink protection. Domains form a set for COS, so they are de-duplicated and sorted (lower-cased: host names are
 * case-insensitive). `status` defaults to Enabled and `emptyReferer` to Deny, the documented default (003:L132425),
 * so an omitted value and the value COS reads back compare equal.
 */
function normalize(c: Checker, raw: Obj): Obj {
  const status = c.string("status", raw.status, { oneOf: ["Enabled", "Disabled"], ignoreCase: true }) ?? "Enabled";
  const refererType = c.string("refererType", raw.refererType, { required: true, oneOf: ["Black-List", "White-List"], ignoreCase: true });
  const domains = c.strings("domains", raw.domains, {
    required: true, min: 1, max: 100,
    item: { pattern: DOMAIN, rule: "must be a domain such as *.example.com or example.com:8080 (no scheme, no path)" },
  });
  const emptyReferer = c.string("emptyReferer", raw.emptyReferer, { oneOf: ["Allow", "Deny"], ignoreCase: true }) ?? "Deny";
  const set = domains === undefined || isUnknown(domains) ? domains : [...new Set(domains.map((d) => d.toLowerCase()))].sort();
  return { status, refererType, domains: set, emptyReferer };
}

/** @internal */
export const bucketReferer = configurationResource<RefererConfiguration>({
  label: "referer (hotlink protection) configuration",
  properties: ["status", "refererType", "domains", "emptyReferer"],
  normalize,
  toConfig: (p) => ({
    status: p.status as RefererConfiguration["status"],
    refererType: p.refererType as RefererConfiguration["refererType"],
    domains: p.domains as string[],
    emptyReferConfiguration: p.emptyReferer as "Allow" | "Deny",
  }),
  fromConfig: (cfg) => ({ status: cfg.status, refererType: cfg.refererType, domains: cfg.domains, emptyReferer: cfg.emptyReferConfiguration ?? "Deny" }),
  // What the fallback delete below leaves: protection off, every request let through. Nothing to take over.
  inert: (cfg) => cfg.status === "Disabled" && cfg.emptyReferConfiguration === "Allow",
  get: (client, loc) => client.getBucketReferer(loc),
  put: (client, loc, cfg) => client.putBucketReferer(loc, cfg),
  remove: async (client, loc) => {
    // DELETE ?referer really removes it (the Terraform resource's delete is a no-op). It is documented only by the
    // Python SDK (digest §7 C26); where it is not served, the documented fallback is Status=Disabled with an
    // empty-referer Allow, which lets every request through again.
    try {
      await client.deleteBucketReferer(loc);
    } catch (e) {
      if (!isCosServiceError(e) || ![405, 501].includes(e.statusCode)) throw e;
      const cur = await client.getBucketReferer(loc);
      if (cur) await client.putBucketReferer(loc, { ...cur, status: "Disabled", emptyReferConfiguration: "Allow" });
    }
  },
});
