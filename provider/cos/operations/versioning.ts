/**
 * PUT/GET Bucket versioning (digest §5.17). Never enabled → no `Status` (003:L127420-127422) → `undefined`.
 * @packageDocumentation
 */
import { buildXml, parseDocument, text } from "../xml";

/** Versioning states that can be set; "never enabled" is `undefined`. */
export type VersioningStatus = "Enabled" | "Suspended";

/** Serializes `<VersioningConfiguration>`. */
export function versioningToXml(status: VersioningStatus): string {
  return buildXml("VersioningConfiguration", { Status: status });
}

/** Parses `<VersioningConfiguration>`; case-insensitive status, `undefined` when absent. */
export function versioningFromXml(xml: string): VersioningStatus | undefined {
  const s = text(parseDocument(xml, "GetBucketVersioning", "VersioningConfiguration"), "Status")?.trim().toLowerCase();
  return s === "enabled" ? "Enabled" : s === "suspended" ? "Suspended" : undefined;
}
