import { dequal as deepEqual } from "dequal";
import { isUnknown } from "../common/unknowns";
import { asText, type Checker, type Obj } from "../common/validate";
import { configurationResource } from "./configurationResource";

const ANYONE = "qcs::cam::anyone:anyone";
const PRINCIPAL_RE = /^(\*|qcs::cam::anyone(:anyone)?|qcs::cam::uin\/\d+:(uin\/\d+|groupid\/\d+|roleName\/[\w+=,.@-]+))$/;
const ACTION_RE = /^(\*|(name\/)?cos:[A-Za-z*]+)$/;
const RESOURCE_RE = /^qcs::cos:[a-z0-9-]+:uid\/\d+:([a-z0-9-]+)(\/.*)?$/;

/** Case-insensitive key lookup: COS and its SDK samples write `version`/`Version`, `statement`/`Statement`, …. */
function pick(o: Obj, key: string): unknown {
  const k = Object.keys(o).find((x) => x.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : o[k];
}

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const sortedSet = (v: unknown): string[] => [...new Set(list(v).map(asText))].sort();

/**
 * Principal kinds: `qcs` (CAM accounts, digest §5.15.1) and `service` (a Tencent Cloud service acting on the bucket,
 * e.g. `{"service": ["cos.qcloud.com"]}`, as CAM's principal element documents). [DECISION] both are legal;
 * anything else under `Principal` is refused at check.
 */
const PRINCIPAL_KINDS = ["qcs", "service"] as const;
const SERVICE_RE = /^[a-z0-9][a-z0-9.-]*\.[a-z0-9.-]+$/i;

/** The principal for comparison: `{qcs: [...], service: [...]}` sorted; `*` and `qcs::cam::anyone` mean anyone. */
function principals(v: unknown): Obj {
  if (v === "*" || typeof v !== "object" || v === null) return { qcs: sortedSet(list(v).map((p) => (p === "*" || p === "qcs::cam::anyone" ? ANYONE : p))) };
  const out: Obj = {};
  for (const k of Object.keys(v as Obj).map((x) => x.toLowerCase()).sort()) {
    const vals = list(pick(v as Obj, k)).map((p) => (k === "qcs" && (p === "*" || p === "qcs::cam::anyone") ? ANYONE : p));
    if (vals.length) out[k] = sortedSet(vals);
  }
  return out;
}

/**
 * Condition operators CAM documents for policies (CAM "condition" element reference; the digest §5.15.1 saw
 * `ip_equal`, `ip_not_equal`, `string_equal` in the seeds). [DECISION] these, each optionally with the `_if_exist`
 * suffix and the `for_all_value:` / `for_any_value:` qualifiers, compared ignoring case; any other operator is
 * refused at check because COS would either refuse the policy or never match it.
 */
export const CONDITION_OPERATORS: readonly string[] = [
  ...["string_equal", "string_not_equal", "string_like", "string_not_like"],
  ...["numeric_equal", "numeric_not_equal", "numeric_less_than", "numeric_less_than_equal", "numeric_greater_than", "numeric_greater_than_equal"],
  ...["date_equal", "date_not_equal", "date_less_than", "date_less_than_equal", "date_greater_than", "date_greater_than_equal"],
  ...["bool_equal", "ip_equal", "ip_not_equal", "null_equal"],
];

/** True when `op` is a documented condition operator. @internal */
export function isConditionOperator(op: string): boolean {
  const base = op.toLowerCase().replace(/^for_(all|any)_value:/, "").replace(/_if_exist$/, "");
  return CONDITION_OPERATORS.includes(base);
}

/**
 * The meaning of a policy, for comparison only: keys case-folded, server-generated `Sid`s dropped, `Effect`
 * lower-cased, one-item arrays and scalars alike, sets sorted, statements in a stable order (LESSONS.md §1 B, §5).
 * What still differs is real: allow vs deny, a root account vs a sub-account principal, other actions or resources.
 * @internal
 */
export function canonicalPolicy(doc: unknown): unknown {
  const o = (typeof doc === "string" ? JSON.parse(doc) : doc) as Obj;
  if (typeof o !== "object" || o === null) return o;
  const common = pick(o, "principal"); // a document-level principal applies to statements without their own
  const statements = list(pick(o, "statement")).map((s) => {
    const st = (typeof s === "object" && s !== null ? s : {}) as Obj;
    const cond = pick(st, "condition") as Obj | undefined;
    const condition = typeof cond === "object" && cond !== null
      ? Object.fromEntries(Object.entries(cond).map(([op, kv]) => [op.toLowerCase(), typeof kv === "object" && kv !== null ? Object.fromEntries(Object.entries(kv as Obj).map(([k, v]) => [k, sortedSet(v)]).sort()) : kv]).sort())
      : undefined;
    return {
      effect: asText(pick(st, "effect")).toLowerCase(),
      principal: principals(pick(st, "principal") ?? common),
      action: sortedSet(pick(st, "action")),
      resource: sortedSet(pick(st, "resource")),
      ...(condition && Object.keys(condition).length ? { condition } : {}),
    };
  });
  return { version: asText(pick(o, "version") ?? "2.0"), statement: statements.map((s) => JSON.stringify(s)).sort().map((s) => JSON.parse(s)) };
}

function validate(c: Checker, doc: unknown, bucket: unknown): void {
  let o: unknown = doc;
  if (typeof doc === "string") {
    try { o = JSON.parse(doc); } catch (e) { c.fail("policy", `must be valid JSON: ${(e as Error).message}`); return; }
  }
  if (typeof o !== "object" || o === null || Array.isArray(o)) { c.fail("policy", "must be a policy document object or its JSON text"); return; }
  const version = pick(o as Obj, "version");
  if (version !== undefined && !isUnknown(version) && version !== "2.0") c.fail("policy.version", `must be "2.0", got ${JSON.stringify(version)}`);
  const statements = pick(o as Obj, "statement");
  // COS's condition-key page writes `principal` at document level, for every statement (436/46206).
  const common = pick(o as Obj, "principal");
  // In a preview, any part may be unknown (an output of a resource still to be created, e.g. a Resource built from
  // the bucket's `resourceName`): an unknown value passes; the known values around it are still checked.
  if (isUnknown(statements)) return;
  if (!Array.isArray(statements) || statements.length === 0) { c.fail("policy.Statement", "must be a non-empty list of statements"); return; }
  statements.forEach((s, i) => {
    const p = `policy.Statement[${i}]`;
    if (isUnknown(s)) return;
    if (typeof s !== "object" || s === null || Array.isArray(s)) { c.fail(p, "must be an object"); return; }
    const st = s as Obj;
    const effect = pick(st, "effect");
    if (!isUnknown(effect) && (typeof effect !== "string" || !["allow", "deny"].includes(effect.toLowerCase()))) c.fail(`${p}.Effect`, `must be "allow" or "deny", got ${JSON.stringify(effect)}`);
    const pr = pick(st, "principal") ?? common;
    const kinds = typeof pr === "object" && pr !== null && !Array.isArray(pr) ? Object.keys(pr as Obj) : [];
    kinds.filter((k) => !(PRINCIPAL_KINDS as readonly string[]).includes(k.toLowerCase())).forEach((k) => c.fail(`${p}.Principal.${k}`, `is not a principal kind (expected ${PRINCIPAL_KINDS.join(" or ")})`));
    const prs = pr === "*" ? ["*"] : kinds.length ? list(pick(pr as Obj, "qcs")) : [];
    const svc = kinds.length ? list(pick(pr as Obj, "service")) : [];
    if (prs.length === 0 && svc.length === 0 && !isUnknown(pr)) c.fail(`${p}.Principal`, 'must be {"qcs": ["qcs::cam::uin/<root>:uin/<sub>", …]}, {"service": ["<service>.qcloud.com"]} or "*"');
    prs.forEach((x, j) => { if (!isUnknown(x) && (typeof x !== "string" || !PRINCIPAL_RE.test(x))) c.fail(`${p}.Principal.qcs[${j}]`, `must be a CAM principal like qcs::cam::uin/100000000001:uin/100000000011 or qcs::cam::anyone:anyone, got ${JSON.stringify(x)}`); });
    svc.forEach((x, j) => { if (!isUnknown(x) && (typeof x !== "string" || !SERVICE_RE.test(x))) c.fail(`${p}.Principal.service[${j}]`, `must be a service name like cos.qcloud.com, got ${JSON.stringify(x)}`); });
    const actions = list(pick(st, "action"));
    if (actions.length === 0) c.fail(`${p}.Action`, "must list at least one action, e.g. name/cos:GetObject");
    actions.forEach((x, j) => { if (!isUnknown(x) && (typeof x !== "string" || !ACTION_RE.test(x))) c.fail(`${p}.Action[${j}]`, `must be like name/cos:GetObject (case-sensitive) or *, got ${JSON.stringify(x)}`); });
    const resources = list(pick(st, "resource"));
    if (resources.length === 0) c.fail(`${p}.Resource`, "must list at least one resource, e.g. qcs::cos:<region>:uid/<appid>:<bucket>/*");
    resources.forEach((x, j) => {
      if (isUnknown(x)) return;
      const m = typeof x === "string" ? RESOURCE_RE.exec(x) : null;
      if (!m) c.fail(`${p}.Resource[${j}]`, `must be like qcs::cos:<region>:uid/<appid>:<bucket>/<prefix>*, got ${JSON.stringify(x)}`);
      else if (typeof bucket === "string" && !isUnknown(bucket) && m[1] !== bucket && `${m[1]}-${bucket.split("-").pop()}` !== bucket) {
        c.fail(`${p}.Resource[${j}]`, `must belong to bucket ${bucket}, got ${JSON.stringify(x)}`);
      }
    });
    const cond = pick(st, "condition");
    if (cond === undefined || isUnknown(cond)) {
      // nothing to check
    } else if (typeof cond !== "object" || cond === null || Array.isArray(cond) || Object.values(cond).some((v) => !isUnknown(v) && (typeof v !== "object" || v === null || Array.isArray(v)))) {
      c.fail(`${p}.Condition`, 'must be { <operator>: { <key>: value or [values] } }, e.g. { "ip_equal": { "qcs:ip": "10.0.0.0/8" } }');
    } else {
      for (const op of Object.keys(cond as Obj)) {
        if (!isConditionOperator(op)) c.fail(`${p}.Condition.${op}`, `is not a condition operator COS documents (e.g. ${CONDITION_OPERATORS.slice(0, 3).join(", ")}, ip_equal; optionally _if_exist or for_any_value:)`);
      }
    }
  });
}

/** The policy stays exactly as the user wrote it (object or string); only its validity is checked here. */
function normalize(c: Checker, raw: Obj): Obj {
  const policy = raw.policy;
  if (policy === undefined || policy === null) { c.fail("policy", "is required"); return {}; }
  if (isUnknown(policy)) return { policy };
  validate(c, policy, raw.bucket);
  return { policy };
}

/** @internal */
export const bucketPolicy = configurationResource<string>({
  label: "bucket policy",
  properties: ["policy"],
  normalize,
  equal: (key, a, b) => {
    if (key !== "policy" || a === undefined || b === undefined) return undefined;
    try { return deepEqual(canonicalPolicy(a), canonicalPolicy(b)); } catch { return undefined; }
  },
  toConfig: (p) => (typeof p.policy === "string" ? JSON.stringify(JSON.parse(p.policy)) : JSON.stringify(p.policy)),
  fromConfig: (json) => {
    try { return { policy: JSON.parse(json) as Obj }; } catch { return { policy: json }; } // tolerant: keep what is live
  },
  get: (client, loc) => client.getBucketPolicy(loc),
  put: (client, loc, json) => client.putBucketPolicy(loc, json),
  remove: (client, loc) => client.deleteBucketPolicy(loc),
});
