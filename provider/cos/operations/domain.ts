/**
 * PUT/GET/DELETE Bucket domain (custom domains, digest §5.24; seed 003 Node 131176-131490, Python 175158-175572,
 * Go 65100-65494). PUT replaces the bucket's whole `DomainConfiguration`; DELETE removes every domain of the bucket.
 * @packageDocumentation
 */
import { buildXml, children, parseDocument, text } from "../xml";

/** One custom domain bound to the bucket. */
export interface DomainRule {
  name: string;
  /** REST (Node/Go), WEBSITE, ACCELERATE (Python 003 sample). */
  type: "REST" | "WEBSITE" | "ACCELERATE";
  /** Spelled ENABLED (Python/Go) or Enabled (Node, digest §7 C25): sent and read upper-case. */
  status: "ENABLED" | "DISABLED";
  /** Take a name bound to another bucket over, proving ownership by CNAME or TXT record. */
  forcedReplacement?: "CNAME" | "TXT";
}

/** A bucket's custom domains. */
export interface DomainConfiguration {
  rules: DomainRule[];
}

/** Serializes `<DomainConfiguration>`. */
export function domainToXml(cfg: DomainConfiguration): string {
  return buildXml("DomainConfiguration", {
    DomainRule: cfg.rules.map((r) => ({ Status: r.status, Name: r.name, Type: r.type, ForcedReplacement: r.forcedReplacement })),
  });
}

/** Parses `<DomainConfiguration>` (enum values case-insensitively); `undefined` when it has no rule. */
export function domainFromXml(xml: string): DomainConfiguration | undefined {
  const doc = parseDocument(xml, "GetBucketDomain", "DomainConfiguration");
  const rules = children(doc, "DomainRule").map((r): DomainRule => {
    const forced = text(r, "ForcedReplacement")?.trim().toUpperCase();
    return {
      name: (text(r, "Name") ?? "").trim(),
      type: (text(r, "Type") ?? "").trim().toUpperCase() as DomainRule["type"],
      status: (text(r, "Status") ?? "").trim().toUpperCase() === "DISABLED" ? "DISABLED" : "ENABLED",
      ...(forced ? { forcedReplacement: forced as "CNAME" | "TXT" } : {}),
    };
  });
  return rules.length ? { rules } : undefined;
}
