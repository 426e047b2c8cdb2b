/**
 * PUT/HEAD/DELETE Bucket, GET Service and GET Bucket location (digest §5.1–5.4, §5.23): pure serde.
 * @packageDocumentation
 */
import { buildXml, child, children, parseDocument, parseXml, text } from "../xml";

/** One bucket of a GET Service listing. */
export interface BucketSummary {
  /** `<name>-<appid>` (002 samples show short names, §7 C19). */
  name: string;
  /** Region id. */
  location: string;
  /** ISO 8601 (or the legacy `2016-09-13 15:20:15` form, §7 C30), as sent. */
  creationDate: string;
}

/** Multi-AZ create body (003:L51417-51486, [INFERRED]). */
export function createBucketXml(multiAz: boolean): string | undefined {
  return multiAz ? buildXml("CreateBucketConfiguration", { BucketAZConfig: "MAZ" }) : undefined;
}

/** Parses `<ListAllMyBucketsResult>`; accepts `CreateDate` for `CreationDate` (§7 C9). */
export function serviceFromXml(xml: string): BucketSummary[] {
  const doc = parseDocument(xml, "GetService", "ListAllMyBucketsResult");
  return children(child(doc, "Buckets"), "Bucket").map((b) => ({
    name: text(b, "Name") ?? "",
    location: stripCosPrefix(text(b, "Location", "Region") ?? ""),
    creationDate: text(b, "CreationDate", "CreateDate") ?? "",
  }));
}

function stripCosPrefix(region: string): string {
  const r = region.trim();
  return r.startsWith("cos.") ? r.slice(4) : r;
}

/** Parses `<LocationConstraint>`; strips the `cos.` prefix of the 002 sample (002:L1722, §7 C18). */
export function locationFromXml(xml: string): string {
  const doc = parseXml(xml, "GetBucketLocation");
  return stripCosPrefix(doc?.text ?? "");
}
