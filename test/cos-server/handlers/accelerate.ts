/**
 * Bucket global acceleration (digest §5.24; seed 003 Go 66278-66524): `PUT /?accelerate` with
 * `AccelerateConfiguration{Status Enabled|Suspended, Type? COS}`, `GET /?accelerate`. There is no DELETE
 * (the seeds list only PUT and GET): suspending is how it is turned off.
 */
import { type Ctx, type CosResponse, empty, ownedBucket, xml } from "../context";
import { invalidArgument } from "../errors";
import { type PlainObject, readXml, text } from "../xml";
import { enumValue } from "./config";

const SCHEMA = {
  name: "AccelerateConfiguration",
  children: [{ name: "Status", required: true }, { name: "Type" }],
};

/** PUT /?accelerate: Status must be Enabled or Suspended (003:L66414-66420); Type, when sent, is COS. */
function putBucketAccelerate(ctx: Ctx): CosResponse {
  const b = ownedBucket(ctx);
  const doc = readXml(ctx.body, SCHEMA);
  const status = enumValue(text(doc.Status), ["Enabled", "Suspended"], "AccelerateConfiguration/Status");
  const type = text(doc.Type);
  // The Go sample sends Type "COS" (003:L66382-66414); no other value is documented.
  if (type !== undefined && type !== "COS") throw invalidArgument(`AccelerateConfiguration/Type must be COS, not ${type}.`);
  const value: PlainObject = { Status: status, Type: "COS" };
  ctx.state.writeConfig(b, "accelerate", value, Date.now());
  return empty(200);
}

/**
 * GET /?accelerate. Never configured → 200 with an empty `AccelerateConfiguration`, as for versioning
 * (digest §4.3): the official SDK fills in `{}` for a successful answer without one (base.js getBucketAccelerate),
 * and the seeds document no "not configured" code for it.
 */
function getBucketAccelerate(ctx: Ctx): CosResponse {
  const b = ownedBucket(ctx);
  const value = ctx.state.readConfig(b, "accelerate", ctx.faults.staleReadsMs, Date.now());
  return xml("AccelerateConfiguration", value ?? "");
}

/** Whether `<bucket>.cos.accelerate.myqcloud.com` serves this bucket (digest §2.3: requires acceleration enabled). */
export function accelerationEnabled(value: PlainObject | undefined): boolean {
  return text(value?.Status) === "Enabled";
}

/** PUT/GET Bucket accelerate. */
export const accelerateHandlers = { PUT: putBucketAccelerate, GET: getBucketAccelerate };
