/**
 * APPEND Object: `POST /<Key>?append&position=<n>` (003 C 10760-10800, Go 53107-53250, Node 121720-121800).
 * The first append (position 0, no object) creates an "appendable" object (`x-cos-object-type: appendable`);
 * each later one must start at the current length. A position that is not the length is 409, and appending
 * to a "normal" object is 409 ObjectNotAppendable (003:L10767-10769). Objects grow up to 5 GB (003:L10764-10766).
 */
import { type Ctx, type CosResponse, empty, isoNow, param } from "../context";
import { crc64ecma } from "../crc64";
import { CosError, invalidArgument } from "../errors";
import { bucketForWrite } from "./acl";
import { etagOf, putUploadedVersion, sseOf } from "./objects";

/** An appendable object is at most 5 GB (003:L10764-10766). */
const MAX_APPENDABLE = 5 * 1024 ** 3;

/** POST /<Key>?append&position= — APPEND Object. */
export function appendObject(ctx: Ctx): CosResponse {
  const b = bucketForWrite(ctx);
  if (Buffer.byteLength(ctx.key) > 850) throw new CosError(400, "KeyTooLong", "Your key is too long.");
  const raw = param(ctx, "position");
  if (raw === undefined || !/^\d+$/.test(raw)) throw invalidArgument("position must be a non-negative integer (0 for the first append).");
  const position = Number(raw);
  const current = b.objects.get(ctx.key)?.[0];
  const existing = current && !current.deleteMarker ? current : undefined;
  if (existing && !existing.appendable) throw new CosError(409, "ObjectNotAppendable", "The object is not appendable: it was not created by APPEND Object.");
  const length = existing?.body.length ?? 0;
  // 409 for a position other than the length (003:L10767); the code is the 2018 table's AppendPositionErr (002 error codes).
  if (position !== length) {
    throw new CosError(409, "AppendPositionErr", `The position ${position} is not the object's length ${length}.`, { "x-cos-next-append-position": String(length) });
  }
  if (length + ctx.body.length > MAX_APPENDABLE) throw new CosError(400, "EntityTooLarge", "An appendable object is at most 5 GB.");
  let v;
  if (existing) {
    // The object grows in place; metadata, ACL and storage class stay those of the first append.
    existing.body = Buffer.concat([existing.body, ctx.body]);
    existing.etag = etagOf(existing.body);
    existing.crc64 = crc64ecma(existing.body);
    existing.lastModified = isoNow(ctx);
    v = existing;
  } else {
    v = putUploadedVersion(ctx, b, { appendable: true });
  }
  // x-cos-next-append-position: where the next append starts (003 Go 53247).
  return empty(200, { ETag: v.etag, "x-cos-next-append-position": String(v.body.length), "x-cos-hash-crc64ecma": v.crc64, ...sseOf(v.headers) });
}
