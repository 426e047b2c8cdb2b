/**
 * API selection: (target kind, sub-resource, method) → handler (digest §9 routing checklist).
 */
import type { Ctx, CosResponse, Handler } from "./context";
import { CosError } from "./errors";
import { accelerateHandlers } from "./handlers/accelerate";
import { appendObject } from "./handlers/append";
import { getBucketAcl, putBucketAcl } from "./handlers/acl";
import { deleteBucket, getBucketLocation, getService, headBucket, putBucket } from "./handlers/bucket";
import { putObjectCopy, uploadPartCopy } from "./handlers/copy";
import { corsHandlers, optionsObject } from "./handlers/cors";
import { domainHandlers } from "./handlers/domain";
import { encryptionHandlers } from "./handlers/encryption";
import { inventoryHandlers } from "./handlers/inventory";
import { lifecycleHandlers } from "./handlers/lifecycle";
import { listObjectVersions, listObjects } from "./handlers/listing";
import { getBucketLogging, putBucketLogging } from "./handlers/logging";
import {
  abortMultipartUpload,
  completeMultipartUpload,
  initiateMultipartUpload,
  listMultipartUploads,
  listParts,
  uploadPart,
} from "./handlers/multipart";
import { objectAclHandlers, objectTaggingHandlers } from "./handlers/objectSubresources";
import { deleteMultipleObjects, deleteObject, getObject, putObject } from "./handlers/objects";
import { deleteBucketPolicy, getBucketPolicy, putBucketPolicy } from "./handlers/policy";
import { refererHandlers } from "./handlers/referer";
import { replicationHandlers } from "./handlers/replication";
import { taggingHandlers } from "./handlers/tagging";
import { getBucketVersioning, putBucketVersioning } from "./handlers/versioning";
import { websiteHandlers } from "./handlers/website";

type Methods = Partial<Record<string, Handler>>;

const BUCKET_APIS: Record<string, Methods> = {
  "": { GET: listObjects, PUT: putBucket, HEAD: headBucket, DELETE: deleteBucket },
  acl: { GET: getBucketAcl, PUT: putBucketAcl },
  cors: corsHandlers,
  lifecycle: lifecycleHandlers,
  policy: { GET: getBucketPolicy, PUT: putBucketPolicy, DELETE: deleteBucketPolicy },
  replication: replicationHandlers,
  versioning: { GET: getBucketVersioning, PUT: putBucketVersioning },
  website: websiteHandlers,
  tagging: taggingHandlers,
  encryption: encryptionHandlers,
  logging: { GET: getBucketLogging, PUT: putBucketLogging },
  referer: refererHandlers,
  location: { GET: getBucketLocation },
  uploads: { GET: listMultipartUploads },
  versions: { GET: listObjectVersions },
  delete: { POST: deleteMultipleObjects },
  inventory: inventoryHandlers,
  domain: domainHandlers,
  accelerate: accelerateHandlers,
};

const OBJECT_APIS: Record<string, Methods> = {
  // PUT with x-cos-copy-source is PUT Object - Copy / Upload Part - Copy (002:L4914, L5194).
  "": { GET: getObject, HEAD: getObject, PUT: (ctx) => (ctx.headers["x-cos-copy-source"] !== undefined ? putObjectCopy(ctx) : putObject(ctx)), DELETE: deleteObject, OPTIONS: optionsObject },
  uploads: { POST: initiateMultipartUpload },
  uploadId: { PUT: (ctx) => (ctx.headers["x-cos-copy-source"] !== undefined ? uploadPartCopy(ctx) : uploadPart(ctx)), GET: listParts, POST: completeMultipartUpload, DELETE: abortMultipartUpload },
  acl: objectAclHandlers,
  tagging: objectTaggingHandlers,
  append: { POST: appendObject },
};

/**
 * COS APIs selected by a header or a method rather than a sub-resource that the server does not implement:
 * they must answer 501 before any handler runs, never fall through to the plain operation (a copy stored as
 * an empty part, an overwrite that should have been forbidden). Remove an entry when its API lands.
 */
const UNIMPLEMENTED: readonly { level: "bucket" | "object"; subresource: string; method: string; header?: string; api: string }[] = [
  { level: "object", subresource: "", method: "PUT", header: "x-cos-forbid-overwrite", api: "x-cos-forbid-overwrite" },
  // SSE-C: storing the object in the clear would let a GET without the customer key succeed.
  { level: "object", subresource: "", method: "PUT", header: "x-cos-server-side-encryption-customer-algorithm", api: "SSE-C (customer-provided keys)" },
  { level: "object", subresource: "uploads", method: "POST", header: "x-cos-server-side-encryption-customer-algorithm", api: "SSE-C (customer-provided keys)" },
  { level: "object", subresource: "", method: "PUT", header: "pic-operations", api: "Cloud Infinite Pic-Operations" },
  { level: "object", subresource: "uploads", method: "POST", header: "pic-operations", api: "Cloud Infinite Pic-Operations" },
  { level: "object", subresource: "uploadId", method: "POST", header: "pic-operations", api: "Cloud Infinite Pic-Operations" },
  { level: "bucket", subresource: "", method: "POST", api: "POST Object (form upload)" },
  // Conditional writes (If-None-Match: * = create only, If-Match = replace only that ETag): ignoring them would
  // overwrite an object the client asked to keep. Not in the seeds' PUT Object / Complete headers (002:L4681-4720).
  { level: "object", subresource: "", method: "PUT", header: "if-none-match", api: "Conditional writes (If-None-Match)" },
  { level: "object", subresource: "", method: "PUT", header: "if-match", api: "Conditional writes (If-Match)" },
  { level: "object", subresource: "uploadId", method: "POST", header: "if-none-match", api: "Conditional writes (If-None-Match)" },
  { level: "object", subresource: "uploadId", method: "POST", header: "if-match", api: "Conditional writes (If-Match)" },
];

function notImplemented(ctx: Ctx): string | undefined {
  const level = ctx.route.target.kind === "bucket" && ctx.route.target.key !== "" ? "object" : "bucket";
  const hit = UNIMPLEMENTED.find(
    (u) => u.level === level && u.subresource === ctx.route.subresource && u.method === ctx.method && (u.header === undefined || ctx.headers[u.header] !== undefined),
  );
  return hit?.api;
}

/** Runs the handler for a request; 405 for a method the API lacks, 501 for sub-resources not implemented. */
export async function dispatch(ctx: Ctx): Promise<CosResponse> {
  const target = ctx.route.target;
  const unimplemented = target.kind === "bucket" ? notImplemented(ctx) : undefined;
  if (unimplemented) throw new CosError(501, "NotImplemented", `${unimplemented} is not implemented by the local COS server.`);
  let methods: Methods | undefined;
  if (target.kind === "service") {
    // A sub-resource without a bucket (e.g. the SDK's `Domain: "127.0.0.1:PORT"` mode sends `GET /?cors` to a
    // bare host) cannot be answered: never mistake it for GET Service.
    if (ctx.route.subresource !== "") throw new CosError(400, "InvalidURI", "No bucket in the request: use a <bucket>-<appid>.cos.<region>.… Host or a path-style /<bucket>-<appid>/ path.");
    methods = { GET: getService };
  }
  else methods = (target.key === "" ? BUCKET_APIS : OBJECT_APIS)[ctx.route.subresource];
  if (!methods) throw new CosError(501, "NotImplemented", `The ?${ctx.route.subresource} API is not implemented by the local COS server.`);
  const handler = methods[ctx.method];
  if (!handler) throw new CosError(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
  return handler(ctx);
}
