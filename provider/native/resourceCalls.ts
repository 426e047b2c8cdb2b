/**
 * Check, Diff, Create, Read, Update and Delete of the native provider: wire values in, the SAME implementations the
 * dynamic shim calls (`provider/index.ts` `resources[kind]`), wire values out. What the engine gives a native provider
 * and the dynamic host drops is used here: the URN (the owner key), `pulumi:autonaming`, detailed diffs, and the
 * import Read that carries no properties. @internal
 * @packageDocumentation
 */
import { dequal as deepEqual } from "dequal";
import type { CheckFailure, DiffResult } from "@pulumi/pulumi/dynamic";
import { HIDDEN_INPUTS } from "../common/inputCheck";
import { isUnknown } from "../common/unknowns";
import { defaultAppId, defaultRegion, providerClient } from "../config";
import { resources } from "../index";
import { type Kind, kindOf, ownerKeyOf, tokenOf } from "./kinds";
import { type Obj, parseUrn } from "./values";

/** Bookkeeping keys that are neither user inputs nor shown in a detailed diff. */
const NOT_SHOWN = new Set<string>([...HIDDEN_INPUTS, "writtenAt", "createdAt"]);

export function kindFromUrn(urn: string): Kind {
  const { type } = parseUrn(urn);
  const kind = kindOf(type);
  if (kind === undefined) throw new Error(`unknown resource type ${type}: this provider serves ${Object.keys(resources).map(tokenOf).join(", ")}`);
  return kind;
}

/** The hidden inputs the sdk classes compute in their constructors, computed here from the URN. */
export function hiddenInputs(urn: string): { ownerKey: string; autoNameBase: string } {
  const { project, stack, type, parents, name } = parseUrn(urn);
  return { ownerKey: ownerKeyOf(project, stack, type.slice(type.lastIndexOf(":") + 1), name, parents), autoNameBase: name };
}

/** `pulumi:autonaming` as the engine passes it (CheckRequest.AutonamingOptions; mode 0 propose, 1 enforce, 2 disable). */
export interface Autonaming {
  proposedName: string;
  mode: "propose" | "enforce" | "disable";
}

export interface CheckArgs {
  urn: string;
  olds: Obj;
  news: Obj;
  autonaming?: Autonaming;
}

/**
 * Check. A Bucket with neither `bucket` nor `name` is auto-named: by the engine's `pulumi:autonaming` proposal when
 * the stack configures one (the engine expands its pattern with the request's random seed, so preview and up agree
 * under a plan), else by the deterministic `<name>-<7 hex of the owner key>-<appid>` of the dynamic resources. A name
 * once created is kept (olds), so a later run's fresh proposal never replaces the bucket.
 */
export async function check(a: CheckArgs): Promise<{ inputs: Obj; failures: CheckFailure[] }> {
  const kind = kindFromUrn(a.urn);
  const news: Obj = { ...a.news, ...hiddenInputs(a.urn) };
  if (kind === "bucket" && news.bucket === undefined && news.name === undefined && typeof a.olds.bucket !== "string" && a.autonaming) {
    if (a.autonaming.mode === "disable") {
      return { inputs: a.news, failures: [{ property: "", reason: "bucket: auto-naming is disabled by the `pulumi:autonaming` config: set `bucket` (the full name) or `name`" }] };
    }
    const appId = typeof news.appId === "string" ? news.appId : defaultAppId();
    // Propose mode lets the provider adapt the name (enforce mode does not): lower-case it and turn every run of
    // characters COS refuses into one hyphen, as the provider's own auto-name does with a logical name.
    const proposed = a.autonaming.mode === "propose" ? adaptProposal(a.autonaming.proposedName) : a.autonaming.proposedName;
    // A proposal that already ends with the APPID is the full name; otherwise it is the short name.
    if (appId !== undefined && proposed.endsWith(`-${appId}`)) news.bucket = proposed;
    else news.name = proposed;
    delete news.autoNameBase;
  }
  const r = await resources[kind].check(a.olds, news);
  return { inputs: (r.inputs ?? news) as Obj, failures: r.failures ?? [] };
}

/** `webApp.Prod_siteBucket-A1b2` → `webapp-prod-sitebucket-a1b2`: the characters of a COS bucket name only. */
function adaptProposal(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "") || name;
}

/** How one top-level property changes (PropertyDiff.Kind without the replace variants). */
export type ChangeKind = "add" | "delete" | "update";

export interface DiffOut extends DiffResult {
  /** Top-level property → how it changes and whether that replaces; empty when no property can be named. */
  detailed: Map<string, { kind: ChangeKind; replaces: boolean }>;
}

/** Diff, with the properties that changed (the dynamic host cannot report those: LESSONS.md §2). */
export async function diff(urn: string, id: string, olds: Obj, news: Obj, oldInputs: Obj | undefined): Promise<DiffOut> {
  const kind = kindFromUrn(urn);
  const r = await resources[kind].diff(id, olds, news);
  const detailed: DiffOut["detailed"] = new Map();
  if (r.changes) {
    // Old inputs when the engine sends them (it does since 3.x); old outputs hold computed keys, so with those only
    // the keys of the new inputs are compared.
    const haveInputs = oldInputs !== undefined && Object.keys(oldInputs).length > 0;
    const before = haveInputs ? oldInputs : olds;
    const replaces = new Set(r.replaces ?? []);
    const has = (o: Obj, k: string) => Object.prototype.hasOwnProperty.call(o, k) && o[k] !== undefined && o[k] !== null;
    for (const k of [...new Set([...Object.keys(before), ...Object.keys(news)])].sort()) {
      if (NOT_SHOWN.has(k)) continue;
      const inNew = has(news, k);
      const inOld = has(before, k);
      if (!inNew && !(haveInputs && inOld) && !replaces.has(k)) continue;
      if (inNew && inOld && !isUnknown(news[k]) && deepEqual(before[k], news[k])) continue;
      if (!inNew && !inOld) continue;
      detailed.set(k, { kind: !inOld ? "add" : !inNew ? "delete" : "update", replaces: replaces.has(k) });
    }
    for (const k of replaces) if (!detailed.has(k)) detailed.set(k, { kind: "update", replaces: true });
  }
  return { ...r, detailed };
}

export async function create(urn: string, props: Obj): Promise<{ id: string; outs: Obj }> {
  const r = await resources[kindFromUrn(urn)].create(props);
  return { id: r.id, outs: (r.outs ?? {}) as Obj };
}

/**
 * Where a bucket lives, for an import Read that knows only its name: GET Service lists every bucket of the account
 * with its region; when that fails (no permission) or does not list it, the default region (config/env).
 */
export async function regionOf(bucket: string): Promise<string | undefined> {
  try {
    const listed = (await providerClient().getService()).find((b) => b.name === bucket);
    if (listed?.location) return listed.location;
  } catch {
    // fall through to the configured default
  }
  return defaultRegion();
}

/**
 * The Bucket read reports tags, versioning and encryption only where the stored state manages them; an import
 * declares all three (any value: the read replaces it with the live one, or drops it when COS has none), so the
 * generated code holds the bucket's whole live configuration.
 */
const BUCKET_IMPORT_PROBES: Obj = { tags: {}, versioning: "Suspended", encryption: { algorithm: "AES256" } };

/**
 * Read. An import (`pulumi import`, the `import` option) sends an id and no properties: the bucket is the id, the
 * region is found as {@link regionOf} says, and the owner key is this resource's own, so that the imported inputs
 * and the program's agree (no diff after the import).
 */
export async function read(urn: string, id: string, props: Obj): Promise<{ id?: string; props?: Obj; inputs?: Obj }> {
  const kind = kindFromUrn(urn);
  let stored = props;
  const importing = Object.keys(props).length === 0;
  if (importing) {
    // A BucketObject's id is <bucket>/<key>, a BucketInventory's <bucket>/<inventoryId>: a bucket name holds no "/".
    const bucket = id.trim().split("/")[0];
    const region = await regionOf(bucket);
    stored = { bucket, ...(region ? { region } : {}), ownerKey: hiddenInputs(urn).ownerKey, ...(kind === "bucket" ? BUCKET_IMPORT_PROBES : {}) };
  }
  const r = await resources[kind].read(id, stored);
  const out = { id: r.id, props: r.props as Obj | undefined, inputs: r.inputs as Obj | undefined };
  if (importing && kind === "bucket") {
    // No tags live: leave tags unmanaged rather than generate `tags: {}`.
    for (const o of [out.props, out.inputs]) if (o && typeof o.tags === "object" && o.tags !== null && Object.keys(o.tags).length === 0) delete o.tags;
  }
  return out;
}

export async function update(urn: string, id: string, olds: Obj, news: Obj): Promise<Obj> {
  const r = await resources[kindFromUrn(urn)].update(id, olds, news);
  return (r.outs ?? {}) as Obj;
}

export async function remove(urn: string, id: string, props: Obj): Promise<void> {
  await resources[kindFromUrn(urn)].delete(id, props);
}
