/**
 * PUT/GET Bucket acl (digest §5.12) and the canned-ACL ⇄ grants materialisation shared with PUT Bucket
 * and PUT Object. Header mode and body mode are mutually exclusive (002:L2272-2284, L4855).
 */
import { SIGNATURE_EMPTY } from "../auth";
import { type Ctx, type CosResponse, camId, empty, findBucket, header, ownedBucket, xml } from "../context";
import { CosError, accessDenied, invalidArgument, malformedXml } from "../errors";
import type { AclPolicy, BucketRecord, Grant } from "../types";
import { type Field, type PlainObject, obj, objs, readXml, text } from "../xml";

/** Everybody (anonymous included). */
export const ALL_USERS = "http://cam.qcloud.com/groups/global/AllUsers";
/** Every signed-in Tencent Cloud user. */
export const AUTHENTICATED_USERS = "http://cam.qcloud.com/groups/global/AuthenticatedUsers";
const XSI = "http://www.w3.org/2001/XMLSchema-instance";
const CANNED = ["private", "public-read", "public-read-write"];
/** READ_ACP/WRITE_ACP per Node 003:L131727-131729 (digest §7 C8b). */
const PERMISSIONS = ["READ", "WRITE", "FULL_CONTROL", "READ_ACP", "WRITE_ACP"];
const GRANT_HEADERS: [string, string][] = [
  ["x-cos-grant-read", "READ"],
  ["x-cos-grant-write", "WRITE"],
  ["x-cos-grant-full-control", "FULL_CONTROL"],
  ["x-cos-grant-read-acp", "READ_ACP"],
  ["x-cos-grant-write-acp", "WRITE_ACP"],
];
const CAM_ID = /^qcs::cam::uin\/\d+:uin\/\d+$/;

const ACL_SCHEMA: Field = {
  name: "AccessControlPolicy",
  children: [
    { name: "Owner", required: true, children: [{ name: "ID", required: true }, { name: "DisplayName" }] },
    {
      name: "AccessControlList",
      required: true,
      children: [
        {
          name: "Grant",
          many: true,
          children: [
            { name: "Grantee", required: true, attrs: ["xsi:type"], children: [{ name: "ID" }, { name: "URI" }, { name: "DisplayName" }] },
            { name: "Permission", required: true },
          ],
        },
      ],
    },
  ],
};

/** Grants a canned ACL implies: private = owner FULL_CONTROL; public-read(-write) adds AllUsers READ (and WRITE). */
export function cannedAcl(canned: string, ownerUin: string): AclPolicy {
  const grants: Grant[] = [{ type: "CanonicalUser", id: camId(ownerUin), permission: "FULL_CONTROL" }];
  if (canned === "public-read" || canned === "public-read-write") grants.push({ type: "Group", uri: ALL_USERS, permission: "READ" });
  if (canned === "public-read-write") grants.push({ type: "Group", uri: ALL_USERS, permission: "WRITE" });
  return { grants };
}

/** A principal from a grant header or body: bare uin, CAM id, or `qcs::cam::anyone:anyone`. */
function grantee(id: string, permission: string): Grant {
  if (id === "qcs::cam::anyone:anyone") return { type: "Group", uri: ALL_USERS, permission };
  if (/^\d+$/.test(id)) return { type: "CanonicalUser", id: camId(id), permission };
  if (CAM_ID.test(id)) return { type: "CanonicalUser", id, permission };
  throw new CosError(400, "UnresolvableGrantByUID", `Cannot resolve grantee ${id}.`);
}

function dedupe(grants: Grant[]): Grant[] {
  const seen = new Set<string>();
  return grants.filter((g) => {
    const k = `${g.type}|${g.id ?? g.uri}|${g.permission}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Grant headers that carry a value. An empty `x-cos-grant-*` is no grant: the official SDK's read-modify-write
 * (getBucketAcl → putBucketAcl) sends every grant header, empty when the list is empty (sdk/base.js decodeAcl).
 */
export function grantHeaders(ctx: Ctx): [string, string][] {
  return GRANT_HEADERS.filter(([h]) => (header(ctx, h) ?? "").trim() !== "");
}

/** ACL from `x-cos-acl` / `x-cos-grant-*` headers, or undefined when none is sent. */
export function aclFromHeaders(ctx: Ctx, ownerUin: string): AclPolicy | undefined {
  const canned = header(ctx, "x-cos-acl");
  const present = grantHeaders(ctx);
  if (canned === undefined && present.length === 0) return undefined;
  if (canned !== undefined && !CANNED.includes(canned)) throw invalidArgument(`Invalid x-cos-acl ${canned}.`);
  // With grant headers the ACL is the grants plus the public part of the canned ACL: COS adds no owner
  // FULL_CONTROL then (the SDK suite's decodeAcl read-modify-write of a one-grant ACL reads back one grant).
  const base = cannedAcl(canned ?? "private", ownerUin).grants;
  const grants = present.length > 0 ? base.filter((g) => g.type === "Group") : [...base];
  for (const [h, permission] of present) {
    const items = [...(header(ctx, h) ?? "").matchAll(/(id|uri)\s*=\s*"([^"]*)"/gi)];
    if (items.length === 0) throw invalidArgument(`Invalid ${h} header.`);
    for (const [, kind, value] of items) {
      grants.push(kind.toLowerCase() === "uri" ? { type: "Group", uri: groupUri(value), permission } : grantee(value, permission));
    }
  }
  const all = dedupe(grants);
  // The same limit as the AccessControlPolicy body: "Each AccessControlList can contain 100 Grant entries" (002:L1439).
  if (all.length > 100) throw invalidArgument("An ACL may contain at most 100 grants.");
  return { grants: all };
}

function groupUri(uri: string): string {
  if (uri !== ALL_USERS && uri !== AUTHENTICATED_USERS) throw new CosError(400, "MalformedACLError", `Unknown group ${uri}.`);
  return uri;
}

/** ACL from an `AccessControlPolicy` body (bucket and object ACLs share the schema: 002 PUT Object acl). */
export function aclFromBody(ctx: Ctx, ownerUin: string): AclPolicy {
  const doc = readXml(ctx.body, ACL_SCHEMA);
  const ownerId = text(obj(doc.Owner)?.ID) ?? "";
  if (ownerId !== camId(ownerUin) && ownerId !== ownerUin) throw invalidArgument("The Owner must be the bucket owner.");
  const list = objs(obj(doc.AccessControlList)?.Grant);
  if (list.length > 100) throw invalidArgument("An ACL may contain at most 100 grants.");
  const grants = list.map((g): Grant => {
    const permission = text(g.Permission) ?? "";
    if (!PERMISSIONS.includes(permission)) throw new CosError(400, "MalformedACLError", `Invalid Permission ${permission}.`);
    const ge = obj(g.Grantee) as PlainObject;
    const type = text(ge["@_xsi:type"]);
    const id = text(ge.ID);
    const uri = text(ge.URI);
    // 2018 bucket ACL docs use RootAccount/SubAccount (002:L2339, L2374); newer ones CanonicalUser/Group (digest §7 C8).
    if (type === "Group" || (type === undefined && uri !== undefined)) {
      if (uri === undefined) throw new CosError(400, "MalformedACLError", "A Group grantee needs a URI.");
      return { type: "Group", uri: groupUri(uri), permission };
    }
    if (type !== undefined && !["CanonicalUser", "RootAccount", "SubAccount"].includes(type)) {
      throw new CosError(400, "MalformedACLError", `Unknown grantee type ${type}.`);
    }
    if (id === undefined) throw new CosError(400, "MalformedACLError", "A grantee needs an ID.");
    return grantee(id, permission);
  });
  return { grants: dedupe(grants) };
}

/** XML view of an ACL, with DisplayName filled in (LESSONS §5). */
export function aclXml(acl: AclPolicy, ownerUin: string): PlainObject {
  return {
    Owner: { ID: camId(ownerUin), DisplayName: ownerUin },
    AccessControlList: {
      Grant: acl.grants.map((g) => ({
        Grantee:
          g.type === "Group"
            ? { "@_xmlns:xsi": XSI, "@_xsi:type": "Group", URI: g.uri ?? "" }
            : { "@_xmlns:xsi": XSI, "@_xsi:type": "CanonicalUser", ID: g.id ?? "", DisplayName: (g.id ?? "").replace(/^.*uin\//, "") },
        Permission: g.permission,
      })),
    },
  };
}

/** True when everybody may read (AllUsers READ/FULL_CONTROL). */
export function isPublicRead(acl: AclPolicy | undefined): boolean {
  return !!acl?.grants.some((g) => g.type === "Group" && g.uri === ALL_USERS && (g.permission === "READ" || g.permission === "FULL_CONTROL"));
}

/** True when everybody may write (AllUsers WRITE/FULL_CONTROL). */
export function isPublicWrite(acl: AclPolicy | undefined): boolean {
  return !!acl?.grants.some((g) => g.type === "Group" && g.uri === ALL_USERS && (g.permission === "WRITE" || g.permission === "FULL_CONTROL"));
}

/**
 * The bucket for an API that needs READ on the bucket (GET Bucket, 002:L1100): its account, or anyone when the
 * bucket ACL grants AllUsers READ (`public-read`: "other users can read", 003:L98157; no signature is needed for
 * what the public may read, 002:L171).
 */
export function bucketForRead(ctx: Ctx): BucketRecord {
  const b = findBucket(ctx);
  if (ctx.caller?.appId === b.appId || isPublicRead(b.configs.acl?.value)) return b;
  throw accessDenied(ctx.caller ? "Access Denied." : SIGNATURE_EMPTY);
}

/**
 * The bucket for an API that needs WRITE on the bucket (PUT Object 002:L4655, DELETE Object 002:L3400, and the
 * other uploads): its account, or anyone when the bucket ACL grants AllUsers WRITE (`public-read-write`:
 * "everyone can read and write", 003:L98159).
 */
export function bucketForWrite(ctx: Ctx): BucketRecord {
  const b = findBucket(ctx);
  if (ctx.caller?.appId === b.appId || isPublicWrite(b.configs.acl?.value)) return b;
  throw accessDenied(ctx.caller ? "Access Denied." : SIGNATURE_EMPTY);
}

/** The ACL of a PUT ?acl (bucket or object): headers or an AccessControlPolicy body, not both. */
export function aclFromRequest(ctx: Ctx, ownerUin: string): AclPolicy {
  const fromHeaders = aclFromHeaders(ctx, ownerUin);
  if (fromHeaders && ctx.body.length > 0) throw new CosError(400, "InvalidRequest", "header acl and body acl conflict");
  if (!fromHeaders && ctx.body.length === 0) throw malformedXml("an ACL header or an AccessControlPolicy body is required");
  return fromHeaders ?? aclFromBody(ctx, ownerUin);
}

/** PUT Bucket acl. */
export function putBucketAcl(ctx: Ctx): CosResponse {
  const b = ownedBucket(ctx);
  ctx.state.writeConfig(b, "acl", aclFromRequest(ctx, b.ownerUin), Date.now());
  return empty(200);
}

/** GET Bucket acl: always 200 (digest §4.3). */
export function getBucketAcl(ctx: Ctx): CosResponse {
  const b = ownedBucket(ctx);
  const acl = ctx.state.readConfig(b, "acl", ctx.faults.staleReadsMs, Date.now()) ?? cannedAcl("private", b.ownerUin);
  return xml("AccessControlPolicy", aclXml(acl, b.ownerUin));
}
