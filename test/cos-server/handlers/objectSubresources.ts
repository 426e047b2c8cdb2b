/**
 * Object-level `?acl` and `?tagging` (digest §5.24 object tagging: ≤ 10 tags). An object ACL is a canned
 * value or explicit grants (headers or body, as for buckets); GET materialises either as grants.
 */
import { type Ctx, type CosResponse, empty, header, ownedBucket, param, xml } from "../context";
import { CosError } from "../errors";
import type { ObjectVersion } from "../types";
import { aclFromRequest, aclXml, cannedAcl, grantHeaders } from "./acl";
import { parseTagging } from "./tagging";

function version(ctx: Ctx): ObjectVersion {
  const b = ownedBucket(ctx);
  const list = b.objects.get(ctx.key) ?? [];
  const id = param(ctx, "versionId");
  if (id) {
    // As GET Object answers for the same ?versionId= (NoSuchVersion: "Specified version does not exist", 002:L304;
    // 404 as the server decides for GET Object).
    const v = list.find((x) => x.versionId === id);
    if (!v) throw new CosError(404, "NoSuchVersion", "The specified version does not exist.");
    if (v.deleteMarker) throw new CosError(405, "MethodNotAllowed", "The specified version is a delete marker.", { "x-cos-delete-marker": "true", "x-cos-version-id": v.versionId });
    return v;
  }
  const v = list[0];
  if (!v || v.deleteMarker) throw new CosError(404, "NoSuchKey", "The specified key does not exist.");
  return v;
}

/** PUT/GET Object acl. */
export const objectAclHandlers = {
  PUT(ctx: Ctx): CosResponse {
    const v = version(ctx);
    const b = ownedBucket(ctx);
    const acl = header(ctx, "x-cos-acl");
    // `default` (inherit the bucket ACL) exists only for objects and only as the canned header (002 PUT Object acl).
    if (acl === "default" && grantHeaders(ctx).length === 0 && ctx.body.length === 0) {
      v.acl = acl;
      delete v.grants;
      return empty(200);
    }
    // Grant headers and the AccessControlPolicy body as for buckets (002 PUT Object acl: same headers and schema).
    v.grants = aclFromRequest(ctx, v.ownerUin || b.ownerUin);
    if (acl !== undefined) v.acl = acl;
    else delete v.acl;
    return empty(200);
  },
  GET(ctx: Ctx): CosResponse {
    const v = version(ctx);
    const b = ownedBucket(ctx);
    const owner = v.ownerUin || b.ownerUin;
    return xml("AccessControlPolicy", aclXml(v.grants ?? cannedAcl(v.acl && v.acl !== "default" ? v.acl : "private", owner), b.ownerUin));
  },
};

/** PUT/GET/DELETE Object tagging. */
export const objectTaggingHandlers = {
  PUT(ctx: Ctx): CosResponse {
    const v = version(ctx);
    v.tagging = parseTagging(ctx.body, 10);
    return empty(200);
  },
  GET(ctx: Ctx): CosResponse {
    const v = version(ctx);
    return xml("Tagging", v.tagging ?? { TagSet: "" });
  },
  DELETE(ctx: Ctx): CosResponse {
    delete version(ctx).tagging;
    return empty(204);
  },
};
