/**
 * Bucket versioning (digest §5.17): Enabled | Suspended only, never back to "off", and a never-enabled
 * bucket's GET has no Status (003:L127420-127422).
 */
import { type Ctx, type CosResponse, empty, ownedBucket, xml } from "../context";
import { CosError } from "../errors";
import type { BucketRecord } from "../types";
import { readXml, text } from "../xml";
import { enumValue } from "./config";

/** The bucket's current (never stale) versioning state. */
export function versioningOf(b: BucketRecord): "Enabled" | "Suspended" | undefined {
  return b.configs.versioning?.value;
}

/** PUT Bucket versioning. */
export function putBucketVersioning(ctx: Ctx): CosResponse {
  const b = ownedBucket(ctx);
  const doc = readXml(ctx.body, { name: "VersioningConfiguration", children: [{ name: "Status", required: true }] });
  const status = enumValue(text(doc.Status), ["Enabled", "Suspended"], "Status") as "Enabled" | "Suspended";
  if (status === "Suspended" && b.configs.replication?.value !== undefined) {
    // "multi-version management conflicts with cross-region duplication" (002:L289).
    throw new CosError(409, "InvalidBucketState", "Versioning cannot be suspended while cross-region replication is configured.");
  }
  ctx.state.writeConfig(b, "versioning", status, Date.now());
  return empty(200);
}

/** GET Bucket versioning: always 200. */
export function getBucketVersioning(ctx: Ctx): CosResponse {
  const b = ownedBucket(ctx);
  const status = ctx.state.readConfig(b, "versioning", ctx.faults.staleReadsMs, Date.now());
  return xml("VersioningConfiguration", status ? { Status: status } : "");
}
