/**
 * Bucket ACL (digest §5.12): canned/grant headers, and pure serde of `<AccessControlPolicy>`.
 * @packageDocumentation
 */
import { attr, buildXml, child, children, parseDocument, text } from "../xml";

/** Canned ACLs accepted by PUT Bucket and PUT ?acl. */
export type CannedAcl = "private" | "public-read" | "public-read-write";

/** Grant headers; each entry a principal id such as `qcs::cam::uin/1:uin/1`. */
export interface AclGrantHeaders {
  read?: string[];
  write?: string[];
  fullControl?: string[];
  readAcp?: string[];
  writeAcp?: string[];
}

/** ACL permissions (READ_ACP/WRITE_ACP per Node SDK, §7 C8b). */
export type AclPermission = "READ" | "WRITE" | "FULL_CONTROL" | "READ_ACP" | "WRITE_ACP";

/** One grant of an access control policy. */
export interface AclGrant {
  grantee: { type: "CanonicalUser" | "Group"; id?: string; uri?: string; displayName?: string };
  permission: AclPermission;
}

/** A full access control policy document. */
export interface AccessControlPolicy {
  owner: { id: string; displayName?: string };
  grants: AclGrant[];
}

const GRANT_HEADERS: Record<keyof AclGrantHeaders, string> = {
  read: "x-cos-grant-read",
  write: "x-cos-grant-write",
  fullControl: "x-cos-grant-full-control",
  readAcp: "x-cos-grant-read-acp",
  writeAcp: "x-cos-grant-write-acp",
};

/** `x-cos-acl` and `x-cos-grant-*` headers; grant values are `id="<principal>",id="..."` (digest §3.1). */
export function aclHeaders(opts: { acl?: CannedAcl; grants?: AclGrantHeaders }): Record<string, string> {
  const out: Record<string, string> = {};
  if (opts.acl) out["x-cos-acl"] = opts.acl;
  for (const [k, header] of Object.entries(GRANT_HEADERS) as [keyof AclGrantHeaders, string][]) {
    const ids = opts.grants?.[k];
    if (ids?.length) out[header] = ids.map((id) => `id="${id}"`).join(",");
  }
  return out;
}

const XSI = "http://www.w3.org/2001/XMLSchema-instance";

/** Serializes with `xsi:type` CanonicalUser/Group (§7 C8 decision). */
export function aclToXml(policy: AccessControlPolicy): string {
  return buildXml("AccessControlPolicy", {
    Owner: { ID: policy.owner.id, DisplayName: policy.owner.displayName },
    AccessControlList: {
      Grant: policy.grants.map((g) => ({
        Grantee: {
          "@_xmlns:xsi": XSI,
          "@_xsi:type": g.grantee.type,
          ID: g.grantee.id,
          URI: g.grantee.uri,
          DisplayName: g.grantee.displayName,
        },
        Permission: g.permission,
      })),
    },
  });
}

/** Parses `<AccessControlPolicy>`; RootAccount/SubAccount (2018 docs, 002:L2339) read as CanonicalUser. */
export function aclFromXml(xml: string): AccessControlPolicy {
  const doc = parseDocument(xml, "GetBucketAcl", "AccessControlPolicy");
  const ownerNode = child(doc, "Owner");
  const owner: AccessControlPolicy["owner"] = { id: text(ownerNode, "ID", "Id") ?? "" };
  const ownerName = text(ownerNode, "DisplayName");
  if (ownerName !== undefined) owner.displayName = ownerName;
  const grants = children(child(doc, "AccessControlList"), "Grant").map((g): AclGrant => {
    const node = child(g, "Grantee");
    const uri = text(node, "URI");
    const xsiType = attr(node, "type");
    const type = xsiType === "Group" || (xsiType === undefined && uri !== undefined) ? "Group" : "CanonicalUser";
    const grantee: AclGrant["grantee"] = { type };
    const id = text(node, "ID", "Id");
    if (id !== undefined) grantee.id = id;
    if (uri !== undefined) grantee.uri = uri;
    const name = text(node, "DisplayName");
    if (name !== undefined) grantee.displayName = name;
    // OCR'd 002:L1473 prints "FULL CONTROL"; normalise spaces to underscores.
    const permission = (text(g, "Permission") ?? "").trim().toUpperCase().replace(/\s+/g, "_") as AclPermission;
    return { grantee, permission };
  });
  return { owner, grants };
}
