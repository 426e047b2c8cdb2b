/**
 * Bucket policy (digest §5.15): JSON validated per the §5.15.1 decision; GET returns what real COS does —
 * compact JSON with a server-generated `Sid` on every statement that lacked one (LESSONS §5, 003:L131023).
 */
import { randomInt } from "node:crypto";
import { type Ctx, type CosResponse, empty, ownedBucket } from "../context";
import { CosError } from "../errors";
import type { BucketRecord } from "../types";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const RESOURCE = /^qcs::cos:([^:]*):uid\/(\d+):([^/]+)(\/.*)?$/;
/**
 * CAM's documented condition operators (digest §5.15.1 saw ip_equal, ip_not_equal, string_equal), each optionally with
 * `_if_exist` and a `for_all_value:`/`for_any_value:` qualifier, case-insensitive. [DECISION] any other operator →
 * 400 InvalidPolicyDocument, as the provider's check refuses it (provider/resources/bucketPolicy.ts).
 */
const OPERATORS = new Set([
  "string_equal", "string_not_equal", "string_like", "string_not_like",
  "numeric_equal", "numeric_not_equal", "numeric_less_than", "numeric_less_than_equal", "numeric_greater_than", "numeric_greater_than_equal",
  "date_equal", "date_not_equal", "date_less_than", "date_less_than_equal", "date_greater_than", "date_greater_than_equal",
  "bool_equal", "ip_equal", "ip_not_equal", "null_equal",
]);
const operator = (op: string): boolean => OPERATORS.has(op.toLowerCase().replace(/^for_(all|any)_value:/, "").replace(/_if_exist$/, ""));

function invalid(message: string): CosError {
  return new CosError(400, "InvalidPolicyDocument", message);
}

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Reads a key case-insensitively (`version`/`Version`, `condition`/`Condition`: digest §7 C7b). */
function field(o: JsonObject, name: string): Json | undefined {
  const k = Object.keys(o).find((x) => x.toLowerCase() === name.toLowerCase());
  return k === undefined ? undefined : o[k];
}

function strings(v: Json | undefined): string[] | undefined {
  if (typeof v === "string") return [v];
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string")) return v as string[];
  return undefined;
}

/** Does a resource string address this bucket? Full or short bucket name accepted (digest §7 C7). */
function resourceInBucket(resource: string, b: BucketRecord): boolean {
  const m = RESOURCE.exec(resource);
  if (!m) return false;
  const [, region, uid, bucket] = m;
  const short = b.name.slice(0, b.name.length - b.appId.length - 1);
  return (region === b.region || region === "" || region === "*") && uid === b.appId && (bucket === b.name || bucket === short);
}

function validate(doc: Json, b: BucketRecord): JsonObject {
  if (!isObject(doc)) throw invalid("The policy must be a JSON object.");
  const version = field(doc, "version");
  if (version !== undefined && version !== "2.0") throw invalid('The policy version must be "2.0".');
  const stmts = field(doc, "statement");
  if (!Array.isArray(stmts) || stmts.length === 0) throw invalid("The policy needs a non-empty Statement array.");
  // A document-level principal applies to statements without their own (the official SDK suite's BucketPolicy).
  const common = field(doc, "principal");
  stmts.forEach((s, i) => {
    if (!isObject(s)) throw invalid(`Statement ${i} must be an object.`);
    const effect = field(s, "effect");
    if (typeof effect !== "string" || !/^(allow|deny)$/i.test(effect)) throw invalid(`Statement ${i}: Effect must be allow or deny.`);
    if (!strings(field(s, "action"))) throw invalid(`Statement ${i}: Action must be a non-empty list of strings.`);
    const principal = field(s, "principal") ?? common;
    if (!isObject(principal) && principal !== "*") throw invalid(`Statement ${i}: Principal is required.`);
    // Principal kinds: qcs (CAM accounts) and service (a Tencent Cloud service).
    if (isObject(principal)) for (const k of Object.keys(principal)) if (!["qcs", "service"].includes(k.toLowerCase())) throw invalid(`Statement ${i}: unknown Principal kind ${k}.`);
    const cond = field(s, "condition");
    if (cond !== undefined) {
      if (!isObject(cond)) throw invalid(`Statement ${i}: Condition must be an object.`);
      for (const op of Object.keys(cond)) if (!operator(op)) throw invalid(`Statement ${i}: unknown condition operator ${op}.`);
    }
    const resources = strings(field(s, "resource"));
    if (!resources) throw invalid(`Statement ${i}: Resource must be a non-empty list of strings.`);
    for (const r of resources) {
      if (!resourceInBucket(r, b)) throw invalid(`Statement ${i}: Resource ${r} does not belong to bucket ${b.name}.`);
    }
  });
  return doc;
}

/**
 * Adds a COS-style Sid (`costs-1539833197000000307620-46518-39`) to statements without one. The statement
 * list always comes back as `Statement` (the SDK reads `Policy.Statement` even after a lower-case PUT); the
 * keys inside statements and the other document keys are kept as sent.
 */
function withSids(doc: JsonObject): string {
  const stmtKey = Object.keys(doc).find((k) => k.toLowerCase() === "statement") ?? "Statement";
  const stmts = (doc[stmtKey] as JsonObject[]).map((s, i) =>
    field(s, "sid") !== undefined ? s : { Sid: `costs-${Date.now()}${String(randomInt(1e9)).padStart(9, "0")}-${randomInt(1e5)}-${i + 1}`, ...s },
  );
  // Real COS re-orders keys (Statement first) and returns compact JSON. Own entries, not `out[k] = v`: a key named
  // `__proto__` would set the prototype and be lost.
  const out = Object.fromEntries([["Statement", stmts], ...Object.entries(doc).filter(([k]) => k !== stmtKey)]) as JsonObject;
  return JSON.stringify(out);
}

/** PUT Bucket policy. */
export function putBucketPolicy(ctx: Ctx): CosResponse {
  const b = ownedBucket(ctx);
  let doc: Json;
  try {
    doc = JSON.parse(ctx.body.toString("utf8")) as Json;
  } catch {
    throw invalid("The policy is not valid JSON.");
  }
  ctx.state.writeConfig(b, "policy", withSids(validate(doc, b)), Date.now());
  return empty(200);
}

/** GET Bucket policy; none → 404 NoSuchBucketPolicy (digest §7 C6). */
export function getBucketPolicy(ctx: Ctx): CosResponse {
  const b = ownedBucket(ctx);
  const policy = ctx.state.readConfig(b, "policy", ctx.faults.staleReadsMs, Date.now());
  if (policy === undefined) throw new CosError(404, "NoSuchBucketPolicy", "The bucket policy does not exist.");
  return { status: 200, body: policy, contentType: "application/json" };
}

/** DELETE Bucket policy: 204 even without a policy (003:L131118-131119). */
export function deleteBucketPolicy(ctx: Ctx): CosResponse {
  const b = ownedBucket(ctx);
  if (b.configs.policy?.value !== undefined) ctx.state.writeConfig(b, "policy", undefined, Date.now());
  return empty(204);
}

function wildcard(pattern: string, value: string): boolean {
  const re = new RegExp("^" + pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$");
  return re.test(value);
}

/** Does the policy let anyone GetObject on `key`? (Evaluation is limited to that case: digest §9 v1.) */
export function policyAllowsAnonymousGet(policy: string | undefined, b: BucketRecord, key: string): boolean {
  if (!policy) return false;
  const doc = JSON.parse(policy) as JsonObject;
  const stmts = (field(doc, "statement") as JsonObject[]) ?? [];
  const applies = (s: JsonObject): boolean => {
    const p = field(s, "principal") ?? field(doc, "principal");
    const principals = p === "*" ? ["*"] : isObject(p) ? (strings(field(p, "qcs")) ?? []) : [];
    const anyone = principals.some((x) => x === "*" || x === "qcs::cam::anyone:anyone");
    const actions = strings(field(s, "action")) ?? [];
    const act = actions.some((a) => ["*", "name/cos:*", "name/cos:GetObject", "cos:GetObject", "cos:*"].includes(a));
    const res = (strings(field(s, "resource")) ?? []).some((r) => {
      const m = RESOURCE.exec(r);
      return !!m && resourceInBucket(r, b) && wildcard((m[4] ?? "/").slice(1), key);
    });
    // Conditions are not evaluated locally: a conditional statement cannot be shown to apply, so an allow with a
    // Condition grants nothing (a deny with one still denies, the safe side).
    return anyone && act && res;
  };
  const conditional = (s: JsonObject): boolean => field(s, "condition") !== undefined;
  const effect = (s: JsonObject): string => String(field(s, "effect")).toLowerCase();
  if (stmts.some((s) => effect(s) === "deny" && applies(s))) return false;
  return stmts.some((s) => effect(s) === "allow" && !conditional(s) && applies(s));
}
