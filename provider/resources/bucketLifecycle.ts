import type { LifecycleConfiguration, LifecycleRule } from "../cos/operations/lifecycle";
import { isUnknown } from "../common/unknowns";
import { tagList, tagMap } from "../common/tags";
import { type Checker, compact, type Obj } from "../common/validate";
import { configurationResource } from "./configurationResource";

/** Storage classes a lifecycle rule may move objects to (digest §5.14.1); compared case-insensitively (C24). */
export const LIFECYCLE_STORAGE_CLASSES = ["STANDARD_IA", "ARCHIVE", "DEEP_ARCHIVE", "INTELLIGENT_TIERING", "MAZ_STANDARD_IA", "MAZ_INTELLIGENT_TIERING"] as const;
const RULE_KEYS = ["id", "status", "filter", "transitions", "expiration", "noncurrentVersionTransitions", "noncurrentVersionExpiration", "abortIncompleteMultipartUpload"] as const;
const DATE_RE = /^(\d{4}-\d{2}-\d{2})(T00:00:00(\.0+)?(Z|\+00:00))?$/;
const TAG_CHARS = /^[\p{L}\p{N} +\-=._:/]+$/u;

/** `2030-01-01`, `2030-01-01T00:00:00Z`, … → `2030-01-01T00:00:00.000Z` (COS takes midnight UTC dates only). */
function date(c: Checker, path: string, v: unknown): string | undefined {
  const s = c.string(path, v, { pattern: DATE_RE, rule: "must be an ISO 8601 date at midnight UTC, e.g. 2030-01-01T00:00:00.000Z" });
  if (s === undefined || isUnknown(s)) return s;
  return `${DATE_RE.exec(s)![1]}T00:00:00.000Z`;
}

function storageClass(c: Checker, path: string, v: unknown): string | undefined {
  return c.string(path, v, { required: true, oneOf: LIFECYCLE_STORAGE_CLASSES, ignoreCase: true });
}

function tags(c: Checker, path: string, v: unknown): Record<string, string> | undefined {
  return c.stringMap(path, v, {
    maxEntries: 10,
    key: (k) => (k.length === 0 || k.length > 128 ? "tag keys must be 1–128 characters" : k.startsWith("cos:") ? "tag keys must not start with `cos:`" : TAG_CHARS.test(k) ? undefined : "tag keys may contain letters, digits, spaces and + - = . _ : / only"),
    value: (val) => (val.length > 256 ? "tag values must be at most 256 characters" : val === "" || TAG_CHARS.test(val) ? undefined : "tag values may contain letters, digits, spaces and + - = . _ : / only"),
  });
}

function normalizeRule(c: Checker, p: string, r: unknown): Obj | undefined {
  const rule = c.object(p, r, { required: true, allowed: RULE_KEYS });
  if (!rule || isUnknown(rule)) return rule;
  const id = c.string(`${p}.id`, rule.id, { required: true, minLength: 1, maxLength: 255 });
  const status = c.string(`${p}.status`, rule.status ?? "Enabled", { oneOf: ["Enabled", "Disabled"], ignoreCase: true });

  const f = c.object(`${p}.filter`, rule.filter, { allowed: ["prefix", "tags"] });
  let filter: Obj | undefined = f;
  if (f && !isUnknown(f)) {
    const prefix = c.string(`${p}.filter.prefix`, f.prefix);
    const t = tags(c, `${p}.filter.tags`, f.tags);
    // An empty prefix and no tags is the whole bucket; COS reads it back as an empty <Filter/> (LESSONS.md §5).
    filter = compact({ prefix: prefix === "" ? undefined : prefix, tags: t && Object.keys(t).length ? t : undefined });
    if (Object.keys(filter).length === 0) filter = undefined;
  }

  const trs = c.array(`${p}.transitions`, rule.transitions);
  const transitions = trs && !isUnknown(trs)
    ? trs.map((t, j) => {
        const q = `${p}.transitions[${j}]`;
        const o = c.object(q, t, { required: true, allowed: ["days", "date", "storageClass"] });
        if (!o || isUnknown(o)) return o;
        c.exclusive(q, o, ["days", "date"], true);
        return compact({ days: c.int(`${q}.days`, o.days, { min: 0, max: 3650 }), date: date(c, `${q}.date`, o.date), storageClass: storageClass(c, `${q}.storageClass`, o.storageClass) });
      }).sort(byKey((t) => `${(t as Obj)?.date ?? ""}${String((t as Obj)?.days ?? "").padStart(5, "0")}`))
    : trs;

  const e = c.object(`${p}.expiration`, rule.expiration, { allowed: ["days", "date", "expiredObjectDeleteMarker"] });
  let expiration: Obj | undefined = e;
  if (e && !isUnknown(e)) {
    c.exclusive(`${p}.expiration`, e, ["days", "date", "expiredObjectDeleteMarker"], true);
    expiration = compact({ days: c.int(`${p}.expiration.days`, e.days, { min: 1, max: 3650 }), date: date(c, `${p}.expiration.date`, e.date), expiredObjectDeleteMarker: c.bool(`${p}.expiration.expiredObjectDeleteMarker`, e.expiredObjectDeleteMarker) });
  }

  const nts = c.array(`${p}.noncurrentVersionTransitions`, rule.noncurrentVersionTransitions);
  const noncurrentVersionTransitions = nts && !isUnknown(nts)
    ? nts.map((t, j) => {
        const q = `${p}.noncurrentVersionTransitions[${j}]`;
        const o = c.object(q, t, { required: true, allowed: ["noncurrentDays", "storageClass"] });
        if (!o || isUnknown(o)) return o;
        return { noncurrentDays: c.int(`${q}.noncurrentDays`, o.noncurrentDays, { required: true, min: 0, max: 3650 }), storageClass: storageClass(c, `${q}.storageClass`, o.storageClass) };
      }).sort(byKey((t) => String((t as Obj)?.noncurrentDays ?? "").padStart(5, "0")))
    : nts;

  const ne = c.object(`${p}.noncurrentVersionExpiration`, rule.noncurrentVersionExpiration, { allowed: ["noncurrentDays"] });
  const noncurrentVersionExpiration = ne && !isUnknown(ne) ? { noncurrentDays: c.int(`${p}.noncurrentVersionExpiration.noncurrentDays`, ne.noncurrentDays, { required: true, min: 1, max: 3650 }) } : ne;
  const ab = c.object(`${p}.abortIncompleteMultipartUpload`, rule.abortIncompleteMultipartUpload, { allowed: ["daysAfterInitiation"] });
  const abortIncompleteMultipartUpload = ab && !isUnknown(ab) ? { daysAfterInitiation: c.int(`${p}.abortIncompleteMultipartUpload.daysAfterInitiation`, ab.daysAfterInitiation, { required: true, min: 1, max: 3650 }) } : ab;

  const out: Obj = compact({
    id, status, filter,
    transitions: Array.isArray(transitions) && transitions.length === 0 ? undefined : transitions,
    expiration,
    noncurrentVersionTransitions: Array.isArray(noncurrentVersionTransitions) && noncurrentVersionTransitions.length === 0 ? undefined : noncurrentVersionTransitions,
    noncurrentVersionExpiration, abortIncompleteMultipartUpload,
  });
  if (!["transitions", "expiration", "noncurrentVersionTransitions", "noncurrentVersionExpiration", "abortIncompleteMultipartUpload"].some((k) => out[k] !== undefined)) {
    c.fail(p, "needs at least one action: transitions, expiration, noncurrentVersionTransitions, noncurrentVersionExpiration or abortIncompleteMultipartUpload");
  }
  return out;
}

function byKey<T>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}

/**
 * Rules are identified by `id` and kept sorted by it, so reordering them, or removing one, never shows as a change
 * to the others (terraform-provider-aws #28770, #41835). Storage classes are upper-cased, status defaults to
 * Enabled, dates are midnight UTC with milliseconds, an empty filter means the whole bucket.
 */
function normalize(c: Checker, raw: Obj): Obj {
  const rules = c.array("rules", raw.rules, { required: true, min: 1, max: 1000 });
  if (!rules || isUnknown(rules)) return { rules };
  const out = rules.map((r, i) => normalizeRule(c, `rules[${i}]`, r));
  const seen = new Map<string, number>();
  out.forEach((r, i) => {
    const id = r && !isUnknown(r) ? (r.id as string | undefined) : undefined;
    if (id === undefined || isUnknown(id)) return;
    if (seen.has(id)) c.fail(`rules[${i}].id`, `must be unique (rules[${seen.get(id)}] has the same id ${JSON.stringify(id)})`);
    seen.set(id, i);
  });
  return { rules: out.sort(byKey((r) => String((r as Obj | undefined)?.id ?? ""))) };
}

type Rule = { id: string; status: "Enabled" | "Disabled"; filter?: { prefix?: string; tags?: Record<string, string> } } & Omit<LifecycleRule, "id" | "status" | "filter">;

function toRule(r: Rule): LifecycleRule {
  return compact({ ...r, filter: r.filter ? compact({ prefix: r.filter.prefix, tags: r.filter.tags ? tagList(r.filter.tags) : undefined }) : undefined }) as LifecycleRule;
}

function fromRule(r: LifecycleRule): Obj {
  const t = r.filter?.tags?.length ? tagMap(r.filter.tags) : undefined;
  return compact({ ...r, filter: r.filter ? compact({ prefix: r.filter.prefix, tags: t }) : undefined }) as Obj;
}

/** @internal */
export const bucketLifecycle = configurationResource<LifecycleConfiguration>({
  label: "lifecycle configuration",
  properties: ["rules"],
  normalize,
  toConfig: (p) => ({ rules: (p.rules as Rule[]).map(toRule) }),
  fromConfig: (cfg) => ({ rules: cfg.rules.map(fromRule) }),
  get: (client, loc) => client.getBucketLifecycle(loc),
  put: (client, loc, cfg) => client.putBucketLifecycle(loc, cfg),
  remove: (client, loc) => client.deleteBucketLifecycle(loc),
});
