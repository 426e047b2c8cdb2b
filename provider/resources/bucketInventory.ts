import type { CheckResult, CreateResult, DiffResult, ReadResult, ResourceProvider, UpdateResult } from "@pulumi/pulumi/dynamic";
import type { InventoryConfiguration } from "../cos/operations/inventory";
import { validateBucketName } from "../cos/endpoint";
import { isUnknown } from "../common/unknowns";
import type { Checker, Obj } from "../common/validate";
import { configurationResource } from "./configurationResource";

/** Id characters `a-z, A-Z, 0-9, -, _, .` (003 Node PUT Bucket inventory, Id). */
const ID = /^[A-Za-z0-9._-]{1,64}$/;
const FIELDS = ["Size", "LastModifiedDate", "ETag", "StorageClass", "IsMultipartUploaded", "ReplicationStatus"];
const PROPERTIES = ["inventoryId", "enabled", "destination", "frequency", "includedObjectVersions", "prefix", "optionalFields"];

/**
 * One inventory job. Optional fields are a set (sorted, case-insensitive names in COS's spelling); `enabled` defaults
 * to true and `includedObjectVersions` to All, so omitted and read-back agree.
 */
function normalize(c: Checker, raw: Obj): Obj {
  const inventoryId = c.string("inventoryId", raw.inventoryId, { required: true, pattern: ID, rule: "must be 1 to 64 of a-z, A-Z, 0-9, '-', '_', '.' (003 PUT Bucket inventory)" });
  const enabled = c.bool("enabled", raw.enabled) ?? true;
  const d = c.object("destination", raw.destination, { required: true, allowed: ["bucket", "region", "accountId", "prefix", "encrypted"] });
  let destination: Obj | undefined = d;
  if (d !== undefined && !isUnknown(d)) {
    const encrypted = c.bool("destination.encrypted", d.encrypted) ?? false;
    const accountId = c.string("destination.accountId", d.accountId, { pattern: /^\d+$/, rule: "must be the account's uin (digits)" });
    const prefix = c.string("destination.prefix", d.prefix, { maxLength: 1024 });
    destination = {
      bucket: c.string("destination.bucket", d.bucket, { required: true, check: validateBucketName }),
      region: c.string("destination.region", d.region, { required: true, pattern: /^[a-z]+(-[a-z]+)+(-\d+)?$/, rule: "must be a COS region such as ap-guangzhou" }),
      ...(accountId !== undefined ? { accountId } : {}),
      ...(prefix !== undefined ? { prefix } : {}),
      encrypted,
    };
  }
  const frequency = c.string("frequency", raw.frequency, { required: true, oneOf: ["Daily", "Weekly"], ignoreCase: true });
  const includedObjectVersions = c.string("includedObjectVersions", raw.includedObjectVersions, { oneOf: ["All", "Current"], ignoreCase: true }) ?? "All";
  const prefix = c.string("prefix", raw.prefix, { maxLength: 1024 });
  const fields = c.strings("optionalFields", raw.optionalFields, { item: { oneOf: FIELDS, ignoreCase: true } }) ?? [];
  const optionalFields = isUnknown(fields) ? fields : [...new Set(fields)].sort();
  return { inventoryId, enabled, destination, frequency, includedObjectVersions, ...(prefix !== undefined ? { prefix } : {}), optionalFields };
}

function toConfig(p: Obj): InventoryConfiguration {
  const d = p.destination as Obj;
  return {
    id: p.inventoryId as string,
    enabled: p.enabled as boolean,
    destination: {
      bucket: d.bucket as string, region: d.region as string, encrypted: d.encrypted as boolean,
      ...(d.accountId !== undefined ? { accountId: d.accountId as string } : {}),
      ...(d.prefix !== undefined ? { prefix: d.prefix as string } : {}),
    },
    frequency: p.frequency as InventoryConfiguration["frequency"],
    includedObjectVersions: p.includedObjectVersions as InventoryConfiguration["includedObjectVersions"],
    ...(p.prefix !== undefined ? { prefix: p.prefix as string } : {}),
    optionalFields: p.optionalFields as string[],
  };
}

function fromConfig(cfg: InventoryConfiguration): Obj {
  const { prefix, ...rest } = cfg.destination;
  return {
    inventoryId: cfg.id, enabled: cfg.enabled,
    destination: { ...rest, ...(prefix !== undefined ? { prefix } : {}), encrypted: !!cfg.destination.encrypted },
    frequency: cfg.frequency, includedObjectVersions: cfg.includedObjectVersions,
    ...(cfg.prefix !== undefined ? { prefix: cfg.prefix } : {}),
    optionalFields: [...cfg.optionalFields].sort(),
  };
}

/**
 * The shared configuration lifecycle (check, normalised diff, ownership marks, confirmed reads) bound to one
 * inventory id: `configurationResource` addresses a per-bucket singleton, so each id gets its own instance whose
 * get/put/remove carry `&id=` and whose ownership mark is `tencentcos:owner:inventory:<id>`.
 */
const byId = new Map<string, Required<Omit<ResourceProvider, "configure">>>();
function forId(id: string): Required<Omit<ResourceProvider, "configure">> {
  let p = byId.get(id);
  if (!p) {
    p = configurationResource<InventoryConfiguration>({
      label: `inventory configuration ${JSON.stringify(id)}`,
      kind: `inventory:${id}`,
      properties: PROPERTIES,
      normalize, toConfig, fromConfig,
      get: (client, loc) => client.getBucketInventory(loc, id),
      put: (client, loc, cfg) => client.putBucketInventory(loc, cfg),
      remove: (client, loc) => client.deleteBucketInventory(loc, id),
    });
    byId.set(id, p);
  }
  return p;
}

/** The resource id `<bucket>/<inventory id>` (an inventory id has no "/"; a bucket name neither). */
const idOf = (bucket: unknown, inventoryId: unknown): string => `${String(bucket)}/${String(inventoryId)}`;
function parseId(id: string): { bucket: string; inventoryId: string } {
  const i = id.indexOf("/");
  return i < 0 ? { bucket: id, inventoryId: "" } : { bucket: id.slice(0, i), inventoryId: id.slice(i + 1) };
}
const checker = forId("check"); // check/diff do not depend on the id (messages name the property path)

/** @internal */
export const bucketInventory: Required<Omit<ResourceProvider, "configure">> = {
  check: (olds: Obj, news: Obj): Promise<CheckResult> => checker.check(olds, news),

  async diff(id: string, olds: Obj, news: Obj): Promise<DiffResult> {
    const r = await checker.diff(id, olds, news);
    // A new id is another configuration: replace, creating the new job before the old one is deleted (no window
    // without an inventory; the two have their own marks). An id not known yet (preview) may be a new one: a possible
    // replacement, as an unknown bucket is, so the preview does not show an update where the apply replaces; it keeps
    // the singleton's delete-first, as the same id on the same bucket would be the same job.
    if (isUnknown(news.inventoryId) || olds.inventoryId !== news.inventoryId) {
      const deleteBeforeReplace = isUnknown(news.inventoryId) ? r.deleteBeforeReplace : false;
      return { ...r, changes: true, replaces: [...new Set([...(r.replaces ?? []), "inventoryId"])], deleteBeforeReplace };
    }
    return r;
  },

  async create(inputs: Obj): Promise<CreateResult> {
    const r = await forId(String(inputs.inventoryId)).create(inputs);
    return { ...r, id: idOf(inputs.bucket, inputs.inventoryId) };
  },

  async read(id: string, props?: Obj): Promise<ReadResult> {
    const parsed = parseId(id);
    const inventoryId = String(props?.inventoryId ?? parsed.inventoryId);
    const r = await forId(inventoryId).read(parsed.bucket, props ?? { bucket: parsed.bucket, inventoryId });
    return r.id ? { ...r, id: idOf(r.id, inventoryId) } : r;
  },

  update: (id: string, olds: Obj, news: Obj): Promise<UpdateResult> => forId(String(news.inventoryId)).update(id, olds, news),

  delete: (id: string, props: Obj): Promise<void> => forId(String(props.inventoryId ?? parseId(id).inventoryId)).delete(id, props),
};
