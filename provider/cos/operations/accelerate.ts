/**
 * PUT/GET Bucket accelerate (global acceleration, digest §5.24; seed 003 Go 66278-66524). There is no DELETE:
 * `Status: Suspended` turns it off. A bucket never configured answers an empty `<AccelerateConfiguration/>`.
 * @packageDocumentation
 */
import { buildXml, parseDocument, text } from "../xml";

/** A bucket's global acceleration state. */
export interface AccelerateConfiguration {
  status: "Enabled" | "Suspended";
}

/** Serializes `<AccelerateConfiguration>`; `Type` is always COS, the only documented value (003 Go sample). */
export function accelerateToXml(cfg: AccelerateConfiguration): string {
  return buildXml("AccelerateConfiguration", { Status: cfg.status, Type: "COS" });
}

/** Parses `<AccelerateConfiguration>` (Status case-insensitively); `undefined` when never configured (no Status). */
export function accelerateFromXml(xml: string): AccelerateConfiguration | undefined {
  const status = text(parseDocument(xml, "GetBucketAccelerate", "AccelerateConfiguration"), "Status")?.trim().toLowerCase();
  if (status === undefined || status === "") return undefined;
  return { status: status === "enabled" ? "Enabled" : "Suspended" };
}
