/**
 * Bucket logging (digest §5.21): an empty BucketLoggingStatus disables logging; the target bucket must
 * exist and belong to the same account and region (digest §7 C27). GET is always 200.
 */
import { type Ctx, type CosResponse, empty, ownedBucket, xml } from "../context";
import { invalidArgument } from "../errors";
import { type Field, obj, readXml, text } from "../xml";

const SCHEMA: Field = {
  name: "BucketLoggingStatus",
  children: [{ name: "LoggingEnabled", children: [{ name: "TargetBucket", required: true }, { name: "TargetPrefix" }] }],
};

/** PUT Bucket logging. */
export function putBucketLogging(ctx: Ctx): CosResponse {
  const b = ownedBucket(ctx);
  const doc = ctx.body.length === 0 ? {} : readXml(ctx.body, SCHEMA);
  const enabled = obj(doc.LoggingEnabled);
  if (!enabled) {
    ctx.state.writeConfig(b, "logging", undefined, Date.now());
    return empty(200);
  }
  const targetName = text(enabled.TargetBucket) ?? "";
  const target = ctx.state.getBucket(targetName);
  if (!target) throw invalidArgument(`The target bucket ${targetName} for logging does not exist.`);
  if (target.appId !== b.appId) throw invalidArgument("The target bucket for logging must belong to the same account.");
  if (target.region !== b.region) throw invalidArgument("The target bucket for logging must be in the same region.");
  ctx.state.writeConfig(b, "logging", doc, Date.now());
  return empty(200);
}

/** GET Bucket logging: `<BucketLoggingStatus/>` when disabled (003:L128709). */
export function getBucketLogging(ctx: Ctx): CosResponse {
  const b = ownedBucket(ctx);
  return xml("BucketLoggingStatus", ctx.state.readConfig(b, "logging", ctx.faults.staleReadsMs, Date.now()) ?? "");
}
