import { backOff } from "exponential-backoff";
import type { CosClient } from "../cos/client";
import type { BucketLocation } from "../cos/endpoint";
import { validateBucketName, validateRegion } from "../cos/endpoint";
import type { ReplicationConfiguration } from "../cos/operations/replication";
import { isUnknown } from "../common/unknowns";
import { type Checker, compact, type Obj } from "../common/validate";
import { configurationResource } from "./configurationResource";

const ROLE_RE = /^qcs::cam::uin\/\d+:(uin\/\d+|roleName\/[\w+=,.@-]+)$/;
type Rule = { id?: string; status: "Enabled" | "Disabled"; prefix: string; destination: { bucket: string; region: string; storageClass?: string } };

/** Parses every destination form COS has used (digest §5.16.1, §7 C21) into bucket and region. @internal */
export function parseDestination(s: string): { bucket: string; region: string } | undefined {
  const m = /^qcs::cos:([a-z0-9-]+)::([a-z0-9-]+)$/.exec(s) ?? /^qcs::cos:([a-z0-9-]+):uid\/\d+:([a-z0-9-]+)$/.exec(s) ?? /^qcs:id\/0:cos:([a-z0-9-]+):appid\/\d+:([a-z0-9-]+)$/.exec(s);
  return m ? { region: m[1], bucket: m[2] } : undefined;
}

function normalize(c: Checker, raw: Obj): Obj {
  const role = c.string("role", raw.role, { required: true, pattern: ROLE_RE, rule: "must be a CAM role principal like qcs::cam::uin/100000000001:uin/100000000001" });
  const rules = c.array("rules", raw.rules, { required: true, min: 1, max: 1000 });
  if (!rules || isUnknown(rules)) return { role, rules };
  const out = rules.map((r, i) => {
    const p = `rules[${i}]`;
    const o = c.object(p, r, { required: true, allowed: ["id", "status", "prefix", "destination"] });
    if (!o || isUnknown(o)) return o;
    const d = c.object(`${p}.destination`, o.destination, { required: true, allowed: ["bucket", "region", "storageClass"] });
    let destination: Obj | undefined = d;
    if (d && !isUnknown(d)) {
      const bucket = c.string(`${p}.destination.bucket`, d.bucket, { required: true, check: validateBucketName });
      const region = c.string(`${p}.destination.region`, d.region, { required: true, check: validateRegion });
      destination = compact({ bucket, region, storageClass: c.string(`${p}.destination.storageClass`, d.storageClass, { ignoreCase: true, oneOf: ["STANDARD", "STANDARD_IA", "MAZ_STANDARD", "MAZ_STANDARD_IA", "INTELLIGENT_TIERING", "ARCHIVE", "DEEP_ARCHIVE"] }) });
    }
    return compact({ id: c.string(`${p}.id`, o.id, { minLength: 1, maxLength: 255 }), status: c.string(`${p}.status`, o.status ?? "Enabled", { oneOf: ["Enabled", "Disabled"], ignoreCase: true }), prefix: c.string(`${p}.prefix`, o.prefix ?? ""), destination });
  });
  // COS rules: one destination bucket for all rules (MultiBucketNotSupport) and prefixes that do not overlap.
  const known = out.filter((r): r is Rule => !!r && !isUnknown(r) && !isUnknown((r as Obj).destination) && typeof (r as Obj).prefix === "string");
  known.forEach((r, i) => {
    const first = known[0].destination;
    if (r.destination.bucket !== first.bucket || r.destination.region !== first.region) c.fail(`rules[${out.indexOf(r)}].destination`, `all rules must replicate to the same bucket (rules[0] uses ${first.bucket} in ${first.region}); COS supports one destination`);
    known.slice(i + 1).forEach((o) => { if (o.prefix.startsWith(r.prefix) || r.prefix.startsWith(o.prefix)) c.fail(`rules[${out.indexOf(o)}].prefix`, `overlaps the prefix ${JSON.stringify(r.prefix)} of rules[${out.indexOf(r)}]; replication prefixes must not overlap`); });
  });
  return { role, rules: out.sort((a, b) => String((a as Obj)?.prefix ?? "").localeCompare(String((b as Obj)?.prefix ?? ""))) };
}

/**
 * COS replicates only between versioned buckets (digest §5.16.1, LESSONS.md §1 K). A bucket whose versioning was
 * just enabled may briefly still read as not enabled, so the check is retried for a few seconds before it fails
 * with a message that names the bucket to fix.
 */
async function requireVersioning(client: CosClient, loc: BucketLocation, role: string): Promise<void> {
  const status = await backOff(
    async () => {
      const s = await client.getBucketVersioning(loc);
      if (s !== "Enabled") throw Object.assign(new Error("not yet"), { status: s });
      return s;
    },
    { numOfAttempts: 6, startingDelay: 250, maxDelay: 2000, jitter: "full", retry: (e: unknown) => (e as Error).message === "not yet" },
  ).catch((e: unknown) => ((e as Error).message === "not yet" ? ((e as { status?: string }).status ?? "never enabled") : Promise.reject(e)));
  if (status !== "Enabled") {
    throw new Error(`replication needs versioning "Enabled" on the ${role} bucket ${loc.bucket} (${loc.region}), but it is ${status}: set \`versioning: "Enabled"\` on that Bucket (COS cannot replicate unversioned objects)`);
  }
}

/** @internal */
export const replication = configurationResource<ReplicationConfiguration>({
  label: "replication configuration",
  properties: ["role", "rules"],
  normalize,
  toConfig: (p) => ({
    role: p.role as string,
    rules: (p.rules as Rule[]).map((r) => compact({ id: r.id, status: r.status, prefix: r.prefix, destination: compact({ bucket: `qcs::cos:${r.destination.region}::${r.destination.bucket}`, storageClass: r.destination.storageClass }) })) as ReplicationConfiguration["rules"],
  }),
  fromConfig: (cfg) => ({
    role: cfg.role,
    rules: cfg.rules.map((r) => {
      const d = parseDestination(r.destination.bucket);
      return compact({ id: r.id, status: r.status, prefix: r.prefix ?? "", destination: compact({ bucket: d?.bucket ?? r.destination.bucket, region: d?.region ?? "", storageClass: r.destination.storageClass?.toUpperCase() }) });
    }),
  }),
  async beforeWrite(client, loc, props) {
    await requireVersioning(client, loc, "source");
    const dest = (props.rules as Rule[])[0].destination;
    await requireVersioning(client, { bucket: dest.bucket, region: dest.region }, "destination");
  },
  get: (client, loc) => client.getBucketReplication(loc),
  put: (client, loc, cfg) => client.putBucketReplication(loc, cfg),
  remove: (client, loc) => client.deleteBucketReplication(loc),
});
