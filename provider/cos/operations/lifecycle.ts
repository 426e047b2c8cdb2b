/**
 * PUT/GET/DELETE Bucket lifecycle (digest §5.14): pure serde between {@link LifecycleConfiguration} and
 * `<LifecycleConfiguration>`.
 * @packageDocumentation
 */
import { bool, buildXml, child, children, num, parseDocument, text, type XmlNode } from "../xml";
import { tagsFromNodes, tagsToXml, type Tag } from "./tagging";

/** Objects a rule applies to; empty = whole bucket. */
export interface LifecycleFilter {
  prefix?: string;
  tags?: Tag[];
}

/** One lifecycle rule (full model, LESSONS §1 C). */
export interface LifecycleRule {
  id?: string;
  status: "Enabled" | "Disabled";
  filter?: LifecycleFilter;
  transitions?: { days?: number; date?: string; storageClass: string }[];
  expiration?: { days?: number; date?: string; expiredObjectDeleteMarker?: boolean };
  noncurrentVersionTransitions?: { noncurrentDays: number; storageClass: string }[];
  noncurrentVersionExpiration?: { noncurrentDays: number };
  abortIncompleteMultipartUpload?: { daysAfterInitiation: number };
}

/** A bucket's whole lifecycle configuration. */
export interface LifecycleConfiguration {
  rules: LifecycleRule[];
}

/** `Filter` is required on the wire; more than one condition must be wrapped in `And` (003:L171652-171654). */
function filterToXml(f: LifecycleFilter | undefined): Record<string, unknown> {
  const tags = f?.tags ?? [];
  const conditions = (f?.prefix !== undefined ? 1 : 0) + tags.length;
  if (conditions > 1) return { And: { Prefix: f?.prefix, Tag: tagsToXml(tags) } };
  return { Prefix: f?.prefix, Tag: tags.length ? tagsToXml(tags) : undefined };
}

/** Serializes a lifecycle configuration (recommended element order, digest §5.14.1). */
export function lifecycleToXml(cfg: LifecycleConfiguration): string {
  return buildXml("LifecycleConfiguration", {
    Rule: cfg.rules.map((r) => ({
      ID: r.id,
      Filter: filterToXml(r.filter),
      Status: r.status,
      Transition: r.transitions?.map((t) => ({ Days: t.days, Date: t.date, StorageClass: t.storageClass })),
      Expiration: r.expiration && {
        Days: r.expiration.days,
        Date: r.expiration.date,
        ExpiredObjectDeleteMarker: r.expiration.expiredObjectDeleteMarker,
      },
      NoncurrentVersionTransition: r.noncurrentVersionTransitions?.map((t) => ({
        NoncurrentDays: t.noncurrentDays,
        StorageClass: t.storageClass,
      })),
      NoncurrentVersionExpiration: r.noncurrentVersionExpiration && {
        NoncurrentDays: r.noncurrentVersionExpiration.noncurrentDays,
      },
      AbortIncompleteMultipartUpload: r.abortIncompleteMultipartUpload && {
        DaysAfterInitiation: r.abortIncompleteMultipartUpload.daysAfterInitiation,
      },
    })),
  });
}

/** Reads Filter/Prefix, Filter/Tag, Filter/And, and the legacy rule-level `Prefix` (002:L2828-2850). */
function filterFromXml(rule: XmlNode): LifecycleFilter | undefined {
  const f = child(rule, "Filter");
  const and = child(f, "And");
  const prefix = text(and, "Prefix") ?? text(f, "Prefix") ?? text(rule, "Prefix");
  const tags = [...tagsFromNodes(children(f, "Tag")), ...tagsFromNodes(children(and, "Tag"))];
  if (prefix === undefined && !tags.length) return undefined;
  const out: LifecycleFilter = {};
  if (prefix !== undefined) out.prefix = prefix;
  if (tags.length) out.tags = tags;
  return out;
}

function dayOrDate(n: XmlNode): { days?: number; date?: string } {
  const out: { days?: number; date?: string } = {};
  const days = num(text(n, "Days"));
  if (days !== undefined) out.days = days;
  const date = text(n, "Date");
  if (date !== undefined) out.date = date;
  return out;
}

function ruleFromXml(r: XmlNode): LifecycleRule {
  const status = text(r, "Status")?.trim().toLowerCase() === "enabled" ? "Enabled" : "Disabled";
  const rule: LifecycleRule = { status };
  const id = text(r, "ID");
  if (id !== undefined) rule.id = id;
  const filter = filterFromXml(r);
  if (filter) rule.filter = filter;
  const transitions = children(r, "Transition").map((t) => ({ ...dayOrDate(t), storageClass: (text(t, "StorageClass") ?? "").trim() }));
  if (transitions.length) rule.transitions = transitions;
  const exp = child(r, "Expiration");
  if (exp) {
    rule.expiration = dayOrDate(exp);
    const marker = bool(text(exp, "ExpiredObjectDeleteMarker"));
    if (marker !== undefined) rule.expiration.expiredObjectDeleteMarker = marker;
  }
  const nvt = children(r, "NoncurrentVersionTransition").map((t) => ({
    noncurrentDays: num(text(t, "NoncurrentDays")) ?? 0,
    storageClass: (text(t, "StorageClass") ?? "").trim(),
  }));
  if (nvt.length) rule.noncurrentVersionTransitions = nvt;
  const nve = child(r, "NoncurrentVersionExpiration");
  if (nve) rule.noncurrentVersionExpiration = { noncurrentDays: num(text(nve, "NoncurrentDays")) ?? 0 };
  const abort = child(r, "AbortIncompleteMultipartUpload");
  if (abort) rule.abortIncompleteMultipartUpload = { daysAfterInitiation: num(text(abort, "DaysAfterInitiation")) ?? 0 };
  return rule;
}

/** Parses `<LifecycleConfiguration>`; `undefined` for an empty body or no rules. */
export function lifecycleFromXml(xml: string): LifecycleConfiguration | undefined {
  const rules = children(parseDocument(xml, "GetBucketLifecycle", "LifecycleConfiguration"), "Rule").map(ruleFromXml);
  return rules.length ? { rules } : undefined;
}
