/**
 * PUT/GET/DELETE Bucket replication (digest §5.16): pure serde between {@link ReplicationConfiguration} and
 * `<ReplicationConfiguration>`. Requires versioning Enabled on the bucket (003:L127619).
 * @packageDocumentation
 */
import { buildXml, child, children, num, parseDocument, text, type XmlNode } from "../xml";
import { tagsFromNodes, tagsToXml, type Tag } from "./tagging";

/** Objects a rule replicates, the `Filter` form (prefix and/or tags); the rule-level `Prefix` is the older form. */
export interface ReplicationFilter {
  prefix?: string;
  tags?: Tag[];
}

/** One replication rule. */
export interface ReplicationRule {
  id?: string;
  status: "Enabled" | "Disabled";
  /** Which rule wins where rules overlap (higher first). */
  priority?: number;
  /** Empty string = whole bucket; sent unless `filter` is (§7 C21). */
  prefix?: string;
  filter?: ReplicationFilter;
  /** `bucket` is the raw `qcs::cos:<region>::<bucket>` form. */
  destination: { bucket: string; storageClass?: string };
  /** Whether delete markers are replicated. */
  deleteMarkerReplication?: "Enabled" | "Disabled";
}

/** A bucket's whole replication configuration. */
export interface ReplicationConfiguration {
  /** `qcs::cam::uin/<OwnerUin>:uin/<SubUin>`. */
  role?: string;
  rules: ReplicationRule[];
}

/** Like lifecycle's: one condition directly under `Filter`, more than one wrapped in `And`. */
function filterToXml(f: ReplicationFilter): Record<string, unknown> {
  const tags = f.tags ?? [];
  if ((f.prefix !== undefined ? 1 : 0) + tags.length > 1) return { And: { Prefix: f.prefix, Tag: tagsToXml(tags) } };
  return { Prefix: f.prefix, Tag: tags.length ? tagsToXml(tags) : undefined };
}

/** Serializes a replication configuration. */
export function replicationToXml(cfg: ReplicationConfiguration): string {
  return buildXml("ReplicationConfiguration", {
    Role: cfg.role,
    Rule: cfg.rules.map((r) => ({
      ID: r.id,
      Status: r.status,
      Priority: r.priority,
      Prefix: r.filter ? undefined : (r.prefix ?? ""),
      Filter: r.filter && filterToXml(r.filter),
      Destination: { Bucket: r.destination.bucket, StorageClass: r.destination.storageClass },
      DeleteMarkerReplication: r.deleteMarkerReplication && { Status: r.deleteMarkerReplication },
    })),
  });
}

function filterFromXml(f: XmlNode): ReplicationFilter {
  const and = child(f, "And");
  const prefix = text(and, "Prefix") ?? text(f, "Prefix");
  const tags = [...tagsFromNodes(children(f, "Tag")), ...tagsFromNodes(children(and, "Tag"))];
  const out: ReplicationFilter = {};
  if (prefix !== undefined) out.prefix = prefix;
  if (tags.length) out.tags = tags;
  return out;
}

/** Parses `<ReplicationConfiguration>`; `undefined` for an empty body or no rules. */
export function replicationFromXml(xml: string): ReplicationConfiguration | undefined {
  const doc = parseDocument(xml, "GetBucketReplication", "ReplicationConfiguration");
  const rules = children(doc, "Rule").map((r): ReplicationRule => {
    const dest = child(r, "Destination");
    const destination: ReplicationRule["destination"] = { bucket: text(dest, "Bucket") ?? "" };
    const sc = text(dest, "StorageClass");
    if (sc !== undefined) destination.storageClass = sc.trim();
    const status = text(r, "Status")?.trim().toLowerCase() === "enabled" ? "Enabled" : "Disabled";
    const rule: ReplicationRule = { status, destination };
    const f = child(r, "Filter");
    if (f) rule.filter = filterFromXml(f);
    const prefix = text(r, "Prefix");
    if (prefix !== undefined || !f) rule.prefix = prefix ?? "";
    const id = text(r, "ID");
    if (id !== undefined) rule.id = id;
    const priority = num(text(r, "Priority"));
    if (priority !== undefined) rule.priority = priority;
    const dm = text(child(r, "DeleteMarkerReplication"), "Status");
    if (dm !== undefined) rule.deleteMarkerReplication = dm.trim().toLowerCase() === "enabled" ? "Enabled" : "Disabled";
    return rule;
  });
  if (!rules.length) return undefined;
  const cfg: ReplicationConfiguration = { rules };
  const role = text(doc, "Role");
  if (role !== undefined) cfg.role = role;
  return cfg;
}
