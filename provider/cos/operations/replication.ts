/**
 * PUT/GET/DELETE Bucket replication (digest §5.16): pure serde between {@link ReplicationConfiguration} and
 * `<ReplicationConfiguration>`. Requires versioning Enabled on the bucket (003:L127619).
 * @packageDocumentation
 */
import { buildXml, child, children, parseDocument, text } from "../xml";

/** One replication rule. */
export interface ReplicationRule {
  id?: string;
  status: "Enabled" | "Disabled";
  /** Empty string = whole bucket; always sent (§7 C21). */
  prefix: string;
  /** `bucket` is the raw `qcs::cos:<region>::<bucket>` form. */
  destination: { bucket: string; storageClass?: string };
}

/** A bucket's whole replication configuration. */
export interface ReplicationConfiguration {
  /** `qcs::cam::uin/<OwnerUin>:uin/<SubUin>`. */
  role?: string;
  rules: ReplicationRule[];
}

/** Serializes a replication configuration. */
export function replicationToXml(cfg: ReplicationConfiguration): string {
  return buildXml("ReplicationConfiguration", {
    Role: cfg.role,
    Rule: cfg.rules.map((r) => ({
      ID: r.id,
      Status: r.status,
      Prefix: r.prefix,
      Destination: { Bucket: r.destination.bucket, StorageClass: r.destination.storageClass },
    })),
  });
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
    const rule: ReplicationRule = { status, prefix: text(r, "Prefix") ?? "", destination };
    const id = text(r, "ID");
    if (id !== undefined) rule.id = id;
    return rule;
  });
  if (!rules.length) return undefined;
  const cfg: ReplicationConfiguration = { rules };
  const role = text(doc, "Role");
  if (role !== undefined) cfg.role = role;
  return cfg;
}
