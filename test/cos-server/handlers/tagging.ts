/**
 * Bucket tagging (digest §5.19): duplicate keys → 400 InvalidArgument; key ≤ 128, value ≤ 256 characters.
 */
import type { Ctx } from "../context";
import { invalidArgument } from "../errors";
import { type Field, type PlainObject, obj, objs, readXml, text } from "../xml";
import { xmlConfig } from "./config";

/** Bucket tag count is not in the seeds; 50 is COS's documented limit (digest §5.19 [NOT IN SEEDS]). */
const MAX_TAGS = 50;

/** The Tagging document schema (also used for object tags). */
export const TAGGING_SCHEMA: Field = {
  name: "Tagging",
  children: [{ name: "TagSet", required: true, children: [{ name: "Tag", many: true, children: [{ name: "Key", required: true }, { name: "Value", required: true }] }] }],
};

/** Parses and validates a Tagging document. */
export function parseTagging(body: Buffer, max: number): PlainObject {
  const doc = readXml(body, TAGGING_SCHEMA);
  const tags = objs(obj(doc.TagSet)?.Tag);
  if (tags.length > max) throw invalidArgument(`At most ${max} tags are allowed.`);
  const keys = new Set<string>();
  for (const t of tags) {
    const k = text(t.Key) ?? "";
    const v = text(t.Value) ?? "";
    if (k === "" || k.length > 128) throw invalidArgument(`Tag key "${k}" must be 1 to 128 characters.`);
    if (v.length > 256) throw invalidArgument(`Tag value for "${k}" must be at most 256 characters.`);
    if (keys.has(k)) throw invalidArgument(`Duplicate tag key "${k}".`);
    keys.add(k);
  }
  return doc;
}

/** PUT/GET/DELETE Bucket tagging. */
export const taggingHandlers = xmlConfig({
  name: "tagging",
  root: "Tagging",
  notFoundCode: "NoSuchTagSet",
  notFoundMessage: "The TagSet does not exist.",
  parse: (ctx: Ctx) => {
    const doc = parseTagging(ctx.body, MAX_TAGS);
    // Bucket tag keys Tencent Cloud reserves: prefixes `qcs:`, `project` (COS bucket-tag page 436/31509) and the keys
    // qcloud, tencent (Tag API ReservedTagKey, 651/33015) — as the provider's check (issue 11).
    for (const t of objs(obj(doc.TagSet)?.Tag)) {
      const k = text(t.Key) ?? "";
      if (k.startsWith("qcs:") || k.startsWith("project") || k === "qcloud" || k === "tencent") throw invalidArgument(`Tag key "${k}" is reserved by the system.`);
    }
    return doc;
  },
});
