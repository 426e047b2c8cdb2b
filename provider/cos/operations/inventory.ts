/**
 * PUT/GET/DELETE Bucket inventory (digest §5.24; seed 003 Node 129860-130446, Go 63550-64265): several
 * configurations per bucket, each addressed by `?inventory&id=<Id>`.
 * @packageDocumentation
 */
import { bool, buildXml, child, parseDocument, text, texts } from "../xml";

/** One inventory job. */
export interface InventoryConfiguration {
  id: string;
  enabled: boolean;
  destination: {
    /** `<name>-<appid>` of the report bucket. */
    bucket: string;
    region: string;
    accountId?: string;
    prefix?: string;
    /** SSE-COS encryption of the reports. */
    encrypted?: boolean;
  };
  frequency: "Daily" | "Weekly";
  includedObjectVersions: "All" | "Current";
  prefix?: string;
  optionalFields: string[];
}

/** Serializes `<InventoryConfiguration>`; the destination is `qcs::cos:<region>::<bucket>` (003 Node sample). */
export function inventoryToXml(cfg: InventoryConfiguration): string {
  const d = cfg.destination;
  return buildXml("InventoryConfiguration", {
    Id: cfg.id,
    IsEnabled: String(cfg.enabled),
    Destination: {
      COSBucketDestination: {
        Format: "CSV",
        AccountId: d.accountId,
        Bucket: `qcs::cos:${d.region}::${d.bucket}`,
        Prefix: d.prefix,
        // The seeds spell it SSECOS; the wire element is SSE-COS, as the official SDK sends it (digest §7 C17).
        Encryption: d.encrypted ? { "SSE-COS": "" } : undefined,
      },
    },
    Schedule: { Frequency: cfg.frequency },
    Filter: cfg.prefix !== undefined ? { Prefix: cfg.prefix } : undefined,
    IncludedObjectVersions: cfg.includedObjectVersions,
    OptionalFields: cfg.optionalFields.length ? { Field: cfg.optionalFields } : undefined,
  });
}

/** Parses `<InventoryConfiguration>`; `undefined` for an empty document. */
export function inventoryFromXml(xml: string): InventoryConfiguration | undefined {
  const doc = parseDocument(xml, "GetBucketInventory", "InventoryConfiguration");
  const id = text(doc, "Id");
  if (!doc || id === undefined) return undefined;
  // (child/text take name variants, not paths: one level at a time)
  const dest = child(child(doc, "Destination"), "COSBucketDestination");
  const arn = /^qcs::cos:([^:]*)::(.+)$/.exec(text(dest, "Bucket") ?? "");
  const freq = text(child(doc, "Schedule"), "Frequency")?.trim().toLowerCase();
  const enc = child(dest, "Encryption");
  const accountId = text(dest, "AccountId");
  const destPrefix = text(dest, "Prefix");
  const cfg: InventoryConfiguration = {
    id,
    enabled: bool(text(doc, "IsEnabled")?.trim().toLowerCase()) ?? false,
    destination: {
      bucket: arn?.[2] ?? text(dest, "Bucket") ?? "",
      region: arn?.[1] ?? "",
      ...(accountId !== undefined ? { accountId } : {}),
      ...(destPrefix !== undefined ? { prefix: destPrefix } : {}),
      ...(enc !== undefined && (text(enc, "SSE-COS") !== undefined || text(enc, "SSECOS") !== undefined) ? { encrypted: true } : {}),
    },
    frequency: freq === "weekly" ? "Weekly" : "Daily",
    includedObjectVersions: text(doc, "IncludedObjectVersions")?.trim().toLowerCase() === "current" ? "Current" : "All",
    optionalFields: texts(child(doc, "OptionalFields"), "Field"),
  };
  const prefix = text(child(doc, "Filter"), "Prefix");
  if (prefix !== undefined) cfg.prefix = prefix;
  return cfg;
}
