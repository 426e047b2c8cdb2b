/**
 * Bucket custom domains (digest §5.24; seed 003 Node 131176-131490, Python 175158-175572, Go 65100-65494):
 * `PUT /?domain` replaces the bucket's DomainConfiguration, `GET` returns it with
 * `x-cos-domain-txt-verification`, `DELETE` removes every domain of the bucket.
 *
 * A domain name is bound to at most one bucket across all accounts. Without `ForcedReplacement` a name bound
 * to another bucket is `409`; with it, a name bound nowhere is `409` and a name bound elsewhere moves here
 * (the ownership check COS then makes cannot be made locally: the name is taken as verified). A domain the
 * server counts as not ICP-filed ({@link State.unfiledDomains}) is `451` for a bucket in the Chinese mainland.
 */
import { createHash } from "node:crypto";
import { type Ctx, type CosResponse, empty, ownedBucket, xml } from "../context";
import { CosError, invalidArgument } from "../errors";
import type { State } from "../state";
import type { BucketRecord } from "../types";
import { type Field, type PlainObject, objs, readXml, text } from "../xml";

const SCHEMA: Field = {
  name: "DomainConfiguration",
  children: [
    {
      name: "DomainRule",
      required: true,
      many: true,
      children: [{ name: "Status", required: true }, { name: "Name", required: true }, { name: "Type", required: true }, { name: "ForcedReplacement" }],
    },
  ],
};

/** REST, WEBSITE (Node/Go) and ACCELERATE (Python 003 put_bucket_domain sample). */
const TYPES = ["REST", "WEBSITE", "ACCELERATE"];
const FORCED = ["CNAME", "TXT"];
/** "Letters, digits, and dots" (Go 003 BucketDomainRule); hyphens too, as in every real host name (RFC 1123). */
const NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
/** Regions in the Chinese mainland, where a domain needs an ICP filing (003 Python: HTTP 451). */
const MAINLAND = /^ap-(beijing|shanghai|guangzhou|chengdu|chongqing|nanjing|shenzhen)/;

/** The bucket (other than `except`) whose domain configuration binds `name`, if any. */
export function domainOwner(state: State, name: string, except?: BucketRecord): BucketRecord | undefined {
  const n = name.toLowerCase();
  for (const b of state.buckets.values()) {
    if (b === except) continue;
    if (objs(b.configs.domain?.value?.DomainRule).some((r) => text(r.Name)?.toLowerCase() === n)) return b;
  }
  return undefined;
}

/** The enabled rule of any bucket that binds this host with one of `types` (used by the website endpoint). */
export function boundDomain(state: State, host: string, types: readonly string[]): { bucket: BucketRecord; rule: PlainObject } | undefined {
  const b = domainOwner(state, host);
  const rule = objs(b?.configs.domain?.value?.DomainRule).find((r) => text(r.Name)?.toLowerCase() === host.toLowerCase());
  if (!b || !rule || text(rule.Status) !== "ENABLED" || !types.includes(text(rule.Type) ?? "")) return undefined;
  return { bucket: b, rule };
}

function parse(ctx: Ctx, b: BucketRecord): { value: PlainObject; moves: BucketRecord[] } {
  const doc = readXml(ctx.body, SCHEMA);
  const seen = new Set<string>();
  const rules: PlainObject[] = [];
  const moves: BucketRecord[] = [];
  for (const r of objs(doc.DomainRule)) {
    const name = text(r.Name) ?? "";
    // Status spelled ENABLED (Python/Go) or Enabled (Node): stored upper-case (digest §7 C25).
    const status = (text(r.Status) ?? "").toUpperCase();
    const type = text(r.Type) ?? "";
    const forced = text(r.ForcedReplacement);
    if (!NAME.test(name)) throw invalidArgument(`DomainRule/Name ${JSON.stringify(name)} is not a domain name.`);
    if (seen.has(name.toLowerCase())) throw invalidArgument(`Domain ${name} appears twice.`);
    seen.add(name.toLowerCase());
    if (status !== "ENABLED" && status !== "DISABLED") throw invalidArgument(`DomainRule/Status must be ENABLED or DISABLED, not ${text(r.Status)}.`);
    if (!TYPES.includes(type)) throw invalidArgument(`DomainRule/Type must be one of ${TYPES.join(", ")}, not ${type}.`);
    if (forced !== undefined && !FORCED.includes(forced)) throw invalidArgument(`DomainRule/ForcedReplacement must be CNAME or TXT, not ${forced}.`);
    if (MAINLAND.test(b.region) && isUnfiled(ctx.state, name)) {
      throw new CosError(451, "DomainNotFiled", `The domain ${name} has no ICP filing in the Chinese mainland.`);
    }
    const owner = domainOwner(ctx.state, name, b);
    const mine = domainOwner(ctx.state, name) === b;
    // 409 both ways (003 Python/Go/Android "Error codes" of PUT Bucket domain).
    if (owner && forced === undefined) throw new CosError(409, "DomainConflict", `The domain ${name} is already bound to another bucket; set ForcedReplacement to take it over.`);
    if (!owner && !mine && forced !== undefined) throw new CosError(409, "DomainConflict", `The domain ${name} is not bound to any bucket: ForcedReplacement is only for a domain bound elsewhere.`);
    if (owner) moves.push(owner);
    rules.push({ Status: status, Name: name, Type: type, ...(forced !== undefined ? { ForcedReplacement: forced } : {}) });
  }
  return { value: { DomainRule: rules }, moves };
}

function isUnfiled(state: State, name: string): boolean {
  const n = name.toLowerCase();
  for (const d of state.unfiledDomains) if (n === d || n.endsWith(`.${d}`)) return true;
  return false;
}

function putBucketDomain(ctx: Ctx): CosResponse {
  const b = ownedBucket(ctx);
  const { value, moves } = parse(ctx, b);
  const now = Date.now();
  const names = new Set(objs(value.DomainRule).map((r) => text(r.Name)?.toLowerCase()));
  for (const other of new Set(moves)) {
    const left = objs(other.configs.domain?.value?.DomainRule).filter((r) => !names.has(text(r.Name)?.toLowerCase()));
    ctx.state.writeConfig(other, "domain", left.length ? { DomainRule: left } : undefined, now);
  }
  ctx.state.writeConfig(b, "domain", value, now);
  return empty(200);
}

/** `x-cos-domain-txt-verification`: MD5 of `cos[Region][BucketName-APPID][BucketCreateTime]`, creation time in GMT (003 Python get_bucket_domain). */
function txtVerification(b: BucketRecord): string {
  return createHash("md5").update(`cos${b.region}${b.name}${new Date(b.creationDate).toUTCString()}`).digest("hex");
}

function getBucketDomain(ctx: Ctx): CosResponse {
  const b = ownedBucket(ctx);
  const value = ctx.state.readConfig(b, "domain", ctx.faults.staleReadsMs, Date.now());
  // Not in the seeds (digest §4.3): 404 with a NoSuch… code, as for the other configurations.
  if (value === undefined) throw new CosError(404, "NoSuchDomainConfiguration", "The domain configuration does not exist.");
  const res = xml("DomainConfiguration", value);
  return { ...res, headers: { "x-cos-domain-txt-verification": txtVerification(b) } };
}

function deleteBucketDomain(ctx: Ctx): CosResponse {
  const b = ownedBucket(ctx);
  if (b.configs.domain?.value !== undefined) ctx.state.writeConfig(b, "domain", undefined, Date.now());
  return empty(204);
}

/** PUT/GET/DELETE Bucket domain. */
export const domainHandlers = { PUT: putBucketDomain, GET: getBucketDomain, DELETE: deleteBucketDomain };
