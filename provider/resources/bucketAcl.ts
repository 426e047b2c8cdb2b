import type { AccessControlPolicy, AclGrantHeaders, AclPermission, CannedAcl } from "../cos/operations/acl";
import { isUnknown } from "../common/unknowns";
import type { Checker } from "../common/validate";

/** The AllUsers group URI COS uses for public grants (digest §5.12). */
export const ALL_USERS = "http://cam.qcloud.com/groups/global/AllUsers";
const GRANT_KEYS = ["read", "write", "fullControl", "readAcp", "writeAcp"] as const;
type GrantKey = (typeof GRANT_KEYS)[number];
const PERMISSION: Record<AclPermission, GrantKey> = { READ: "read", WRITE: "write", FULL_CONTROL: "fullControl", READ_ACP: "readAcp", WRITE_ACP: "writeAcp" };
const PRINCIPAL_RE = /^qcs::cam::(uin\/\d+:uin\/\d+|anyone:anyone)$/;

/** A bare uin `100000000001` means the root account `qcs::cam::uin/100000000001:uin/100000000001` (digest §3.1). */
function principal(p: string): string {
  return /^\d+$/.test(p) ? `qcs::cam::uin/${p}:uin/${p}` : p;
}

/**
 * An AccessControlList holds at most 100 Grant entries (002:L1439, L2364). [DECISION] The owner's own FULL_CONTROL
 * grant and up to two AllUsers grants of a canned ACL (public-read-write) are always in that list, so at most 97
 * explicit grants (after de-duplication, across all permissions) are accepted. @internal
 */
export const MAX_EXPLICIT_GRANTS = 97;

/** Validates and normalises `grants`: full principal form, sorted, de-duplicated, empty lists dropped. @internal */
export function normalizeGrants(c: Checker, v: unknown): AclGrantHeaders | undefined {
  const o = c.object("grants", v, { allowed: GRANT_KEYS });
  if (o === undefined || isUnknown(o)) return o as AclGrantHeaders | undefined;
  const out: AclGrantHeaders = {};
  for (const k of GRANT_KEYS) {
    const list = c.strings(`grants.${k}`, o[k]);
    if (!list || isUnknown(list)) continue;
    const full = [...new Set(list.map(principal))].sort();
    full.forEach((p, i) => { if (!PRINCIPAL_RE.test(p)) c.fail(`grants.${k}[${i}]`, `must be a CAM principal like qcs::cam::uin/100000000001:uin/100000000011 (or a bare uin), got ${JSON.stringify(p)}`); });
    if (full.length) out[k] = full;
  }
  const total = Object.values(out).reduce((n, l) => n + (l?.length ?? 0), 0);
  if (total > MAX_EXPLICIT_GRANTS) c.fail("grants", `must have at most ${MAX_EXPLICIT_GRANTS} grants in all (got ${total}): COS keeps at most 100 in an ACL, 3 of them for the owner and a canned ACL (002:L1439)`);
  return Object.keys(out).length ? out : undefined;
}

/**
 * COS never returns a canned ACL, only the grants it implies (LESSONS.md §5): derive it back. AllUsers READ means
 * public-read, READ and WRITE public-read-write. Explicit grants to accounts other than the owner's own
 * FULL_CONTROL become `grants`. @internal
 */
export function aclFromPolicy(policy: AccessControlPolicy): { acl: CannedAcl; grants?: AclGrantHeaders } {
  const publicPerms = new Set(policy.grants.filter((g) => g.grantee.uri === ALL_USERS).map((g) => g.permission));
  const acl: CannedAcl = publicPerms.has("READ") && publicPerms.has("WRITE") ? "public-read-write" : publicPerms.has("READ") ? "public-read" : "private";
  const grants: AclGrantHeaders = {};
  for (const g of policy.grants) {
    const id = g.grantee.id;
    if (!id || (id === policy.owner.id && g.permission === "FULL_CONTROL")) continue;
    const key = PERMISSION[g.permission];
    grants[key] = [...new Set([...(grants[key] ?? []), principal(id)])].sort();
  }
  return Object.keys(grants).length ? { acl, grants } : { acl };
}
