/**
 * Bucket lifecycle (digest §5.14): full rule model incl. Filter/And/Tag, Days/Date exclusivity,
 * unique IDs, case-insensitive storage classes returned upper-case, `<Filter/>` for an empty prefix.
 */
import type { Ctx } from "../context";
import { CosError, invalidArgument, malformedXml } from "../errors";
import { type Field, type PlainObject, obj, objs, readXml, text } from "../xml";
import { enumValue, intValue, xmlConfig } from "./config";

const TAG: Field = { name: "Tag", many: true, children: [{ name: "Key", required: true }, { name: "Value", required: true }] };
const SCHEMA: Field = {
  name: "LifecycleConfiguration",
  children: [
    {
      name: "Rule",
      required: true,
      many: true,
      // Order = the canonical element order of GET (digest §5.14.1 recommended order).
      children: [
        { name: "ID" },
        { name: "Filter", children: [{ name: "Prefix" }, TAG, { name: "And", children: [{ name: "Prefix" }, TAG] }] },
        { name: "Prefix" },
        { name: "Status", required: true },
        { name: "Transition", many: true, children: [{ name: "Days" }, { name: "Date" }, { name: "StorageClass", required: true }] },
        { name: "Expiration", children: [{ name: "Days" }, { name: "Date" }, { name: "ExpiredObjectDeleteMarker" }] },
        { name: "NoncurrentVersionTransition", many: true, children: [{ name: "NoncurrentDays", required: true }, { name: "StorageClass", required: true }] },
        { name: "NoncurrentVersionExpiration", children: [{ name: "NoncurrentDays", required: true }] },
        { name: "AbortIncompleteMultipartUpload", children: [{ name: "DaysAfterInitiation", required: true }] },
      ],
    },
  ],
};

const STORAGE_CLASSES = ["STANDARD_IA", "ARCHIVE", "DEEP_ARCHIVE", "INTELLIGENT_TIERING", "MAZ_STANDARD_IA", "MAZ_INTELLIGENT_TIERING", "MAZ_ARCHIVE"];
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;
/** Tag keys Tencent Cloud reserves (COS bucket-tag page 436/31509: `qcs:`, `project`; Tag API: qcloud, tencent). */
const RESERVED_TAG = (k: string): boolean => k.startsWith("qcs:") || k.startsWith("project") || k === "qcloud" || k === "tencent";

/** A real calendar day: Date.parse accepts 2030-02-30 (as March 2), COS does not. */
function calendarDay(date: string): boolean {
  const m = ISO_DATE.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Storage class compared case-insensitively, returned upper-case (digest §7 C24). */
function storageClass(v: string | undefined): string {
  const up = (v ?? "").toUpperCase();
  if (!STORAGE_CLASSES.includes(up)) throw invalidArgument(`Invalid StorageClass ${v ?? ""}.`);
  return up;
}

function checkTags(tags: PlainObject[]): void {
  for (const t of tags) {
    const k = text(t.Key) ?? "";
    const v = text(t.Value) ?? "";
    // Tag key ≤ 128 and must not start with "cos:", value ≤ 256 (002:L2748-2753, digest §7 C15).
    if (k === "" || k.length > 128 || k.startsWith("cos:") || RESERVED_TAG(k)) throw invalidArgument(`Invalid tag key ${k}.`);
    if (v.length > 256) throw invalidArgument(`Tag value for ${k} is longer than 256 characters.`);
  }
}

function filter(f: PlainObject): PlainObject {
  const tags = objs(f.Tag);
  const and = obj(f.And);
  const prefix = text(f.Prefix);
  const kinds = (prefix !== undefined ? 1 : 0) + (tags.length ? 1 : 0) + (and ? 1 : 0);
  // Either Prefix or one Tag directly under Filter, never both: combine with And (003:L171652-171654).
  if (kinds > 1 || tags.length > 1) throw malformedXml("Filter may contain only one of Prefix, Tag or And");
  checkTags(tags);
  if (and) checkTags(objs(and.Tag));
  // An empty prefix filter reads back as <Filter/> (LESSONS §5; Node sample 003:L128317).
  if (prefix === "" || kinds === 0) return {};
  return f;
}

function days(when: PlainObject, what: string, min: number): "days" | "date" {
  const d = text(when.Days);
  const date = text(when.Date);
  if ((d === undefined) === (date === undefined)) throw invalidArgument(`${what} needs exactly one of Days or Date.`);
  if (d !== undefined) {
    intValue(d, `${what}/Days`, min, 3650);
    return "days";
  }
  if (!ISO_DATE.test(date ?? "") || Number.isNaN(Date.parse(date ?? "")) || !calendarDay(date ?? "")) throw invalidArgument(`${what}/Date must be ISO 8601.`);
  return "date";
}

function rule(r: PlainObject): PlainObject {
  const out: PlainObject = { ...r };
  const f = obj(r.Filter);
  if (f) out.Filter = filter(f);
  else if (r.Prefix === undefined) throw malformedXml("Rule needs a Filter");
  enumValue(text(r.Status), ["Enabled", "Disabled"], "Status");
  const kinds = new Set<string>();
  const transitions = objs(r.Transition).map((t): PlainObject => {
    kinds.add(days(t, "Transition", 0));
    return { ...t, StorageClass: storageClass(text(t.StorageClass)) };
  });
  if (transitions.length) out.Transition = transitions;
  const exp = obj(r.Expiration);
  if (exp) {
    const marker = text(exp.ExpiredObjectDeleteMarker);
    if (marker !== undefined) {
      if (exp.Days !== undefined || exp.Date !== undefined) throw invalidArgument("ExpiredObjectDeleteMarker cannot be combined with Days or Date.");
      enumValue(marker.toLowerCase(), ["true", "false"], "ExpiredObjectDeleteMarker", "InvalidArgument");
    } else {
      kinds.add(days(exp, "Expiration", 1));
      const expDays = Number(text(exp.Days) ?? NaN);
      if (transitions.some((t) => Number(text(t.Days) ?? -1) >= expDays)) {
        throw new CosError(400, "InvalidRequest", "Conflict lifecycle rule: Expiration must be later than every Transition.");
      }
    }
  }
  if (kinds.size > 1) throw invalidArgument("Days and Date cannot be mixed in one rule.");
  const nvt = objs(r.NoncurrentVersionTransition).map((t) => {
    intValue(text(t.NoncurrentDays), "NoncurrentVersionTransition/NoncurrentDays", 0, 3650);
    return { ...t, StorageClass: storageClass(text(t.StorageClass)) };
  });
  if (nvt.length) out.NoncurrentVersionTransition = nvt;
  const nve = obj(r.NoncurrentVersionExpiration);
  if (nve) intValue(text(nve.NoncurrentDays), "NoncurrentVersionExpiration/NoncurrentDays", 1, 3650);
  const abort = obj(r.AbortIncompleteMultipartUpload);
  if (abort) intValue(text(abort.DaysAfterInitiation), "AbortIncompleteMultipartUpload/DaysAfterInitiation", 1, 3650);
  if (!transitions.length && !exp && !nvt.length && !nve && !abort) {
    throw invalidArgument("At least one action needs to be specified in a rule.");
  }
  return out;
}

function parse(ctx: Ctx): PlainObject {
  const rules = objs(readXml(ctx.body, SCHEMA).Rule);
  if (rules.length > 1000) throw invalidArgument("A lifecycle configuration may contain at most 1000 rules.");
  const ids = new Set<string>();
  for (const r of rules) {
    const id = text(r.ID);
    if (id === undefined) continue;
    if (id.length > 255) throw invalidArgument("Rule ID must be at most 255 characters.");
    // 002:L2799-2809.
    if (ids.has(id)) throw invalidArgument("Rule ID must be unique. Found same ID for more than one rule");
    ids.add(id);
  }
  // COS assigns an ID to a rule sent without one (Terraform models it optional+computed); GET returns it.
  let n = 0;
  const withIds = rules.map((r) => {
    if (text(r.ID) !== undefined) return r;
    let id: string;
    do id = `rule-${(++n).toString(36)}-${Date.now().toString(36)}`; while (ids.has(id));
    ids.add(id);
    return { ID: id, ...r };
  });
  return { Rule: withIds.map(rule) };
}

/** PUT/GET/DELETE Bucket lifecycle; GET with nothing configured → 404 NoSuchLifecycleConfiguration (002:L1732). */
export const lifecycleHandlers = xmlConfig({
  name: "lifecycle",
  root: "LifecycleConfiguration",
  notFoundCode: "NoSuchLifecycleConfiguration",
  notFoundMessage: "The lifecycle configuration does not exist.",
  requireMd5: true,
  parse,
});
