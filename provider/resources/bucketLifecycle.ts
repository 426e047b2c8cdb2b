import { dequal as deepEqual } from "dequal";
import type { LifecycleConfiguration, LifecycleRule } from "../cos/operations/lifecycle";
import { isUnknown } from "../common/unknowns";
import { tagList, tagMap } from "../common/tags";
import { asText, type Checker, compact, type Obj, reservedTagKey } from "../common/validate";
import { configurationResource } from "./configurationResource";

/** Storage classes a lifecycle rule may move objects to (digest §5.14.1); compared case-insensitively (C24). */
export const LIFECYCLE_STORAGE_CLASSES = ["STANDARD_IA", "ARCHIVE", "DEEP_ARCHIVE", "INTELLIGENT_TIERING", "MAZ_STANDARD_IA", "MAZ_INTELLIGENT_TIERING"] as const;
const RULE_KEYS = ["id", "status", "prefix", "filter", "transitions", "expiration", "noncurrentVersionTransitions", "noncurrentVersionExpiration", "abortIncompleteMultipartUpload"] as const;
/**
 * A lifecycle date: a calendar day, or that day at local midnight in UTC or any offset. The seeds ask for "GMT ISO
 * 8601" (003:L61895, L171780) and the SDK docs show `2030-01-01T00:00:00.000Z`; the COS API page and the issue-11
 * corpus also show `2031-01-01T00:00:00+08:00`. [DECISION] both are accepted, compared by instant, and the user's
 * form is what is sent and kept; a bare day means midnight UTC.
 */
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T00:00:00(?:\.0{1,3})?(Z|[+-](\d{2}):(\d{2})))?$/;
const TAG_CHARS = /^[\p{L}\p{N} +\-=._:/]+$/u;

/** Why `s` is not a lifecycle date, or undefined. Impossible calendar days (month 13, Feb 30) are named here, at check. */
function dateProblem(s: string): string | undefined {
  const m = DATE_RE.exec(s);
  if (!m) return `must be an ISO 8601 date at midnight, e.g. 2030-01-01T00:00:00.000Z or 2030-01-01T00:00:00+08:00, got ${JSON.stringify(s)}`;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return `is not a calendar date: ${m[1]}-${m[2]}-${m[3]} does not exist`;
  if (m[5] !== undefined && (Number(m[6]) > 59 || Number(m[5]) * 60 + Number(m[6]) > 14 * 60)) return `has an impossible UTC offset ${m[4]} (offsets run from -14:00 to +14:00)`;
  return undefined;
}

/** The instant of a lifecycle date in ms (a bare day is midnight UTC); undefined when it is not one. @internal */
export function dateInstant(s: unknown): number | undefined {
  if (typeof s !== "string" || dateProblem(s) !== undefined) return undefined;
  return Date.parse(/T/.test(s) ? s : `${s}T00:00:00.000Z`);
}

/** The wire form: the user's own string, a bare day completed to midnight UTC (COS wants a date-time). */
const wireDate = (s: string | undefined): string | undefined => (s !== undefined && !/T/.test(s) ? `${s}T00:00:00.000Z` : s);

function date(c: Checker, path: string, v: unknown): string | undefined {
  return c.string(path, v, { check: dateProblem });
}

function storageClass(c: Checker, path: string, v: unknown): string | undefined {
  return c.string(path, v, { required: true, oneOf: LIFECYCLE_STORAGE_CLASSES, ignoreCase: true });
}

function tags(c: Checker, path: string, v: unknown): Record<string, string> | undefined {
  return c.stringMap(path, v, {
    maxEntries: 10,
    // Object tags: not `cos:` (002:L2748) nor the Tencent Cloud reserved prefixes (reservedTagKey).
    key: (k) => (k.length === 0 || k.length > 128 ? "tag keys must be 1–128 characters" : k.startsWith("cos:") ? "tag keys must not start with `cos:` (reserved by COS, 002:L2748)" : reservedTagKey(k) ?? (TAG_CHARS.test(k) ? undefined : "tag keys may contain letters, digits, spaces and + - = . _ : / only")),
    value: (val) => (val.length > 256 ? "tag values must be at most 256 characters" : val === "" || TAG_CHARS.test(val) ? undefined : "tag values may contain letters, digits, spaces and + - = . _ : / only"),
  });
}

function normalizeRule(c: Checker, p: string, r: unknown): Obj | undefined {
  const rule = c.object(p, r, { required: true, allowed: RULE_KEYS });
  if (!rule || isUnknown(rule)) return rule;
  // Optional: COS assigns an id to a rule without one (Terraform has it optional+computed); see rulesEqual.
  const id = c.string(`${p}.id`, rule.id, { minLength: 1, maxLength: 255 });
  const status = c.string(`${p}.status`, rule.status ?? "Enabled", { oneOf: ["Enabled", "Disabled"], ignoreCase: true });

  // The legacy rule-level `Prefix` (002:L2828-2850) is an input form of `filter.prefix`.
  c.exclusive(p, rule, ["prefix", "filter"]);
  const legacy = rule.prefix !== undefined && rule.prefix !== null && (rule.filter === undefined || rule.filter === null);
  const f = legacy ? { prefix: rule.prefix } : c.object(`${p}.filter`, rule.filter, { allowed: ["prefix", "tags"] });
  let filter: Obj | undefined = f;
  if (f && !isUnknown(f)) {
    const prefix = c.string(legacy ? `${p}.prefix` : `${p}.filter.prefix`, f.prefix);
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
      }).sort(byKey((t) => `${asText(dateInstant((t as Obj)?.date) ?? (t as Obj)?.date).padStart(16, "0")}${asText((t as Obj)?.days).padStart(5, "0")}`))
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
      }).sort(byKey((t) => asText((t as Obj)?.noncurrentDays).padStart(5, "0")))
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
  return { rules: out.sort(byKey((r) => asText((r as Obj | undefined)?.id))) };
}

type Rule = { id?: string; status: "Enabled" | "Disabled"; filter?: { prefix?: string; tags?: Record<string, string> } } & Omit<LifecycleRule, "id" | "status" | "filter">;

function toRule(r: Rule): LifecycleRule {
  return compact({
    ...r,
    filter: r.filter ? compact({ prefix: r.filter.prefix, tags: r.filter.tags ? tagList(r.filter.tags) : undefined }) : undefined,
    transitions: r.transitions?.map((t) => compact({ ...t, date: wireDate(t.date) })),
    expiration: r.expiration ? compact({ ...r.expiration, date: wireDate(r.expiration.date) }) : undefined,
  }) as LifecycleRule;
}

/** A rule for comparison: dates as instants, so `…T00:00:00.000Z` and the same instant in `+08:00` are equal. */
function comparable(r: unknown): unknown {
  if (typeof r !== "object" || r === null || Array.isArray(r)) return r;
  const o = r as Obj;
  const at = (x: unknown) => (typeof x === "object" && x !== null && !Array.isArray(x) && (x as Obj).date !== undefined ? { ...(x as Obj), date: dateInstant((x as Obj).date) ?? (x as Obj).date } : x);
  return compact({ ...o, transitions: Array.isArray(o.transitions) ? o.transitions.map(at) : o.transitions, expiration: at(o.expiration) });
}

/**
 * Rules compared as a set keyed by id. A rule written without an id matches the same rule under whatever id COS
 * assigned to it, so it round-trips without a diff; rules with ids are paired first. @internal
 */
export function rulesEqual(a: unknown, b: unknown): boolean | undefined {
  if (!Array.isArray(a) || !Array.isArray(b)) return undefined;
  if (a.length !== b.length) return false;
  const left = a.map(comparable) as (Obj | undefined)[];
  const right = b.map(comparable) as (Obj | undefined)[];
  const used = new Set<number>();
  const withoutId = (r: Obj | undefined) => (r && typeof r === "object" ? { ...r, id: undefined } : r);
  const order = left.map((_, i) => i).sort((i, j) => Number(left[i]?.id === undefined) - Number(left[j]?.id === undefined));
  for (const i of order) {
    const l = left[i];
    const hit = right.findIndex((r, j) => !used.has(j) && (l?.id === undefined || r?.id === undefined || l.id === r.id) && deepEqual(compact(withoutId(l) ?? {}), compact(withoutId(r) ?? {})));
    if (hit < 0) return false;
    used.add(hit);
  }
  return true;
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
  equal: (key, a, b) => (key === "rules" ? rulesEqual(a, b) : undefined),
  toConfig: (p) => ({ rules: (p.rules as Rule[]).map(toRule) }),
  fromConfig: (cfg) => ({ rules: cfg.rules.map(fromRule) }),
  get: (client, loc) => client.getBucketLifecycle(loc),
  put: (client, loc, cfg) => client.putBucketLifecycle(loc, cfg),
  remove: (client, loc) => client.deleteBucketLifecycle(loc),
});
