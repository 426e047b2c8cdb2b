/**
 * Bucket inventory (digest §5.24; seed 003 Node 129860-130446, Go 63550-64265, Python 173670-174236): several
 * configurations per bucket, each addressed by `?inventory&id=<Id>`; `GET /?inventory` without an id lists
 * them in pages (`continuation-token`). ≤ 1,000 per bucket (400 TooManyConfigurations).
 */
import { type Ctx, type CosResponse, empty, ownedBucket, param, xml } from "../context";
import { CosError, invalidArgument } from "../errors";
import type { BucketRecord } from "../types";
import { type Field, type PlainObject, obj, readXml, text, texts } from "../xml";
import { enumValue } from "./config";

/** Up to 1,000 inventory jobs per bucket (003 Node "Creating an Inventory Job"; Go error TooManyConfigurations). */
const MAX_CONFIGURATIONS = 1000;
/** Configurations per list page: not in the seeds; S3's ListBucketInventoryConfigurations returns up to 100. */
export const INVENTORY_PAGE_SIZE = 100;
/** Id characters `a-z, A-Z, 0-9, -, _, .` (003 Node PUT Bucket inventory, Id). */
const ID = /^[A-Za-z0-9._-]+$/;
const FIELDS = ["Size", "LastModifiedDate", "ETag", "StorageClass", "IsMultipartUploaded", "ReplicationStatus"];
const DESTINATION_BUCKET = /^qcs::cos:[a-z0-9-]+::[a-z0-9-]+-\d+$/;

const SCHEMA: Field = {
  name: "InventoryConfiguration",
  children: [
    { name: "Id", required: true },
    { name: "IsEnabled", required: true },
    {
      name: "Destination",
      required: true,
      children: [
        {
          name: "COSBucketDestination",
          required: true,
          children: [
            { name: "Format", required: true },
            { name: "AccountId" },
            { name: "Bucket", required: true },
            { name: "Prefix" },
            // The seeds spell it SSECOS; the wire element is SSE-COS (the official SDK renames it): accept both (digest §7 C17).
            { name: "Encryption", children: [{ name: "SSE-COS" }, { name: "SSECOS" }] },
          ],
        },
      ],
    },
    { name: "Schedule", required: true, children: [{ name: "Frequency", required: true }] },
    { name: "Filter", children: [{ name: "Prefix" }] },
    { name: "IncludedObjectVersions", required: true },
    { name: "OptionalFields", children: [{ name: "Field", many: true }] },
  ],
};

function configs(b: BucketRecord, ctx: Ctx): PlainObject {
  return ctx.state.readConfig(b, "inventory", ctx.faults.staleReadsMs, Date.now()) ?? {};
}

function requiredId(ctx: Ctx): string {
  const id = param(ctx, "id");
  if (id === undefined || id === "") throw invalidArgument("The inventory id (?id=) is required.");
  return id;
}

function parse(ctx: Ctx, id: string): PlainObject {
  const doc = readXml(ctx.body, SCHEMA);
  const bodyId = text(doc.Id) ?? "";
  if (!ID.test(bodyId)) throw invalidArgument(`Inventory Id ${JSON.stringify(bodyId)} may contain only a-z, A-Z, 0-9, '-', '_' and '.'.`);
  if (bodyId !== id) throw invalidArgument(`The Id in the body (${bodyId}) differs from the id parameter (${id}).`);
  const enabled = (text(doc.IsEnabled) ?? "").toLowerCase();
  if (enabled !== "true" && enabled !== "false") throw invalidArgument("IsEnabled must be true or false.");
  const dest = obj(obj(doc.Destination)?.COSBucketDestination) ?? {};
  enumValue(text(dest.Format), ["CSV"], "COSBucketDestination/Format", "InvalidArgument");
  const bucket = text(dest.Bucket) ?? "";
  if (!DESTINATION_BUCKET.test(bucket)) throw invalidArgument(`COSBucketDestination/Bucket must look like qcs::cos:<Region>::<BucketName-APPID>, not ${bucket}.`);
  const account = text(dest.AccountId);
  if (account !== undefined && !/^\d+$/.test(account)) throw invalidArgument(`COSBucketDestination/AccountId must be an account uin, not ${account}.`);
  const encryption = obj(dest.Encryption);
  enumValue(text(obj(doc.Schedule)?.Frequency), ["Daily", "Weekly"], "Schedule/Frequency", "InvalidArgument");
  enumValue(text(doc.IncludedObjectVersions), ["All", "Current"], "IncludedObjectVersions", "InvalidArgument");
  const fields = texts(obj(doc.OptionalFields)?.Field);
  for (const f of fields) if (!FIELDS.includes(f)) throw invalidArgument(`Unknown OptionalFields/Field ${f}; allowed: ${FIELDS.join(", ")}.`);
  const destination: PlainObject = { Format: "CSV" };
  if (account !== undefined) destination.AccountId = account;
  destination.Bucket = bucket;
  if (dest.Prefix !== undefined) destination.Prefix = dest.Prefix;
  if (encryption !== undefined) destination.Encryption = encryption["SSE-COS"] !== undefined || encryption.SSECOS !== undefined ? { "SSE-COS": "" } : "";
  const out: PlainObject = { Id: id, IsEnabled: enabled, Destination: { COSBucketDestination: destination }, Schedule: doc.Schedule };
  if (doc.Filter !== undefined) out.Filter = doc.Filter;
  out.IncludedObjectVersions = doc.IncludedObjectVersions;
  if (doc.OptionalFields !== undefined) out.OptionalFields = fields.length ? { Field: fields } : "";
  return out;
}

function putBucketInventory(ctx: Ctx): CosResponse {
  const b = ownedBucket(ctx);
  const id = requiredId(ctx);
  const value = parse(ctx, id);
  const all = b.configs.inventory?.value ?? {};
  if (all[id] === undefined && Object.keys(all).length >= MAX_CONFIGURATIONS) {
    throw new CosError(400, "TooManyConfigurations", `A bucket may have at most ${MAX_CONFIGURATIONS} inventory configurations.`);
  }
  ctx.state.writeConfig(b, "inventory", { ...all, [id]: value }, Date.now());
  return empty(200);
}

function getBucketInventory(ctx: Ctx): CosResponse {
  const b = ownedBucket(ctx);
  const id = param(ctx, "id");
  if (id === undefined) return listBucketInventory(ctx, b);
  const value = configs(b, ctx)[requiredId(ctx)];
  // Not in the seeds (digest §4.3): 404 with a NoSuch… code.
  if (value === undefined) throw new CosError(404, "NoSuchInventoryConfiguration", "The specified inventory configuration does not exist.");
  return xml("InventoryConfiguration", value);
}

/** GET /?inventory[&continuation-token=]: ListInventoryConfigurationResult (Go 003:L64113-64168), ids in order. */
function listBucketInventory(ctx: Ctx, b: BucketRecord): CosResponse {
  const all = configs(b, ctx);
  const ids = Object.keys(all).sort();
  const token = param(ctx, "continuation-token");
  let start = 0;
  if (token !== undefined && token !== "") {
    const after = Buffer.from(token, "base64url").toString("utf8");
    if (!ID.test(after)) throw invalidArgument("The continuation-token is not valid.");
    start = ids.findIndex((i) => i > after);
    if (start < 0) start = ids.length;
  }
  const page = ids.slice(start, start + INVENTORY_PAGE_SIZE);
  const truncated = start + page.length < ids.length;
  const out: PlainObject = {};
  if (page.length) out.InventoryConfiguration = page.map((i) => all[i]!);
  out.IsTruncated = String(truncated);
  if (token !== undefined && token !== "") out.ContinuationToken = token;
  if (truncated) out.NextContinuationToken = Buffer.from(page[page.length - 1], "utf8").toString("base64url");
  return xml("ListInventoryConfigurationResult", out);
}

function deleteBucketInventory(ctx: Ctx): CosResponse {
  const b = ownedBucket(ctx);
  const id = requiredId(ctx);
  const all = b.configs.inventory?.value;
  if (all?.[id] !== undefined) {
    const { [id]: _gone, ...rest } = all;
    ctx.state.writeConfig(b, "inventory", Object.keys(rest).length ? rest : undefined, Date.now());
  }
  // Idempotent like every configuration DELETE (digest §4.3).
  return empty(204);
}

/** PUT/GET/DELETE Bucket inventory, and the list without an id. */
export const inventoryHandlers = { PUT: putBucketInventory, GET: getBucketInventory, DELETE: deleteBucketInventory };
