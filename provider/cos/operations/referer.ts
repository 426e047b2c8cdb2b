/**
 * PUT/GET/DELETE Bucket referer (hotlink protection, digest §5.22). DELETE is documented only by the Python SDK
 * (§7 C26).
 * @packageDocumentation
 */
import { buildXml, child, parseDocument, text, texts } from "../xml";

/** A bucket's referer allow/deny list. */
export interface RefererConfiguration {
  status: "Enabled" | "Disabled";
  refererType: "Black-List" | "White-List";
  domains: string[];
  emptyReferConfiguration?: "Allow" | "Deny";
}

/** Serializes `<RefererConfiguration>`. */
export function refererToXml(cfg: RefererConfiguration): string {
  return buildXml("RefererConfiguration", {
    Status: cfg.status,
    RefererType: cfg.refererType,
    DomainList: { Domain: cfg.domains },
    EmptyReferConfiguration: cfg.emptyReferConfiguration,
  });
}

/** Parses `<RefererConfiguration>` (enum values case-insensitively); `undefined` for an empty document. */
export function refererFromXml(xml: string): RefererConfiguration | undefined {
  const doc = parseDocument(xml, "GetBucketReferer", "RefererConfiguration");
  const status = text(doc, "Status")?.trim().toLowerCase();
  if (!doc || status === undefined) return undefined;
  const type = text(doc, "RefererType")?.trim().toLowerCase();
  const cfg: RefererConfiguration = {
    status: status === "enabled" ? "Enabled" : "Disabled",
    refererType: type === "white-list" ? "White-List" : "Black-List",
    domains: texts(child(doc, "DomainList"), "Domain"),
  };
  const empty = text(doc, "EmptyReferConfiguration")?.trim().toLowerCase();
  if (empty !== undefined) cfg.emptyReferConfiguration = empty === "allow" ? "Allow" : "Deny";
  return cfg;
}
