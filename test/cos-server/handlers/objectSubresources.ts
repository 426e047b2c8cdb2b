/**
 * Object-level `?acl` and `?tagging` (digest §5.24 object tagging: ≤ 10 tags). Object ACLs are kept
 * as the canned value (header mode); GET materialises it as grants like the bucket ACL.
 */
import { type Ctx, type CosResponse, empty, header, ownedBucket, param, xml } from "../context";
import { CosError, invalidArgument } from "../errors";
import type { ObjectVersion } from "../types";
import { aclXml, cannedAcl } from "./acl";
import { parseTagging } from "./tagging";

function version(ctx: Ctx): ObjectVersion {
  const b = ownedBucket(ctx);
  const list = b.objects.get(ctx.key) ?? [];
  const id = param(ctx, "versionId");
  const v = id ? list.find((x) => x.versionId === id) : list[0];
  if (!v || v.deleteMarker) throw new CosError(404, "NoSuchKey", "The specified key does not exist.");
  return v;
}

/** PUT/GET Object acl. */
export const objectAclHandlers = {
  PUT(ctx: Ctx): CosResponse {
    const v = version(ctx);
    const acl = header(ctx, "x-cos-acl");
    if (acl === undefined || !["private", "public-read", "public-read-write", "default"].includes(acl)) {
      throw invalidArgument("PUT Object acl supports the x-cos-acl header (private, public-read, public-read-write, default).");
    }
    v.acl = acl;
    return empty(200);
  },
  GET(ctx: Ctx): CosResponse {
    const v = version(ctx);
    const b = ownedBucket(ctx);
    return xml("AccessControlPolicy", aclXml(cannedAcl(v.acl && v.acl !== "default" ? v.acl : "private", v.ownerUin || b.ownerUin), b.ownerUin));
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
