// The engine benchmark's program (test/bench/engine.ts). Plain JavaScript: no compile step in the measurement.
// Config: `buckets` (N), `mode` ("ours" | "floor" | "lean" | "wire"), `corsMaxAge` (changed to update N CORS configurations).
// Bucket i has CORS, lifecycle, policy and website; every even i also replicates to bucket i+1: 5.5 resources per
// bucket. "floor" and "lean" declare the same resources with the same inputs on a no-op dynamic provider, so the
// difference is what our provider costs above the engine's own work.
const pulumi = require("@pulumi/pulumi");

const config = new pulumi.Config();
const count = config.requireNumber("buckets");
const mode = config.require("mode");
const corsMaxAge = config.getNumber("corsMaxAge") ?? 600;
const appId = new pulumi.Config("cos").require("appId");

// The floors: one provider object per kind (so @pulumi/pulumi serialises each once, like ours), the no-op methods
// of noopProvider.js. "floor" copies them into the object (serialised by value); "lean" inherits them from the same
// file installed as the package `bench-noop-provider` (serialised as a require, like ours).
const floors = {};
function floor(kind) {
  if (mode === "lean") return (floors[kind] ??= Object.assign(Object.create(require("bench-noop-provider")), { kind }));
  // "wire": the lean floor, except that each delete sends its one DELETE (and a bucket's create its PUT Bucket).
  if (mode === "wire") return (floors[kind] ??= Object.assign(Object.create(require("bench-wire-provider")), { kind }));
  return (floors[kind] ??= { ...require("./noopProvider"), kind });
}

function declare(kind, cls, name, args) {
  if (mode === "ours") return new (require("pulumi-tencent-cos")[cls])(name, args);
  return new pulumi.dynamic.Resource(floor(kind), name, { ...args }, {}, "cos", cls);
}

const buckets = [];
for (let i = 0; i < count; i++) {
  const bucketName = `bench-${i}-${appId}`;
  buckets.push(declare("bucket", "Bucket", `b${i}`, { bucket: bucketName, region: "ap-guangzhou", acl: "private", versioning: "Enabled", tags: { bench: "engine" } }));
}
for (let i = 0; i < count; i++) {
  const b = buckets[i];
  const on = { bucket: b.bucket, region: b.region };
  declare("bucketCors", "BucketCors", `b${i}-cors`, {
    ...on,
    rules: [
      { id: "site", allowedOrigins: [`https://${i}.example.com`], allowedMethods: ["GET", "HEAD"], allowedHeaders: ["*"], exposeHeaders: ["ETag"], maxAgeSeconds: corsMaxAge },
      { allowedOrigins: ["*"], allowedMethods: ["GET"] },
    ],
  });
  declare("bucketLifecycle", "BucketLifecycle", `b${i}-lifecycle`, {
    ...on,
    rules: [
      { id: "logs", filter: { prefix: "logs/" }, transitions: [{ days: 30, storageClass: "STANDARD_IA" }], expiration: { days: 365 } },
      { id: "uploads", abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
    ],
  });
  declare("bucketPolicy", "BucketPolicy", `b${i}-policy`, {
    ...on,
    policy: {
      version: "2.0",
      Statement: [{ Effect: "allow", Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Action: ["name/cos:GetObject"], Resource: [`qcs::cos:ap-guangzhou:uid/${appId}:bench-${i}-${appId}/public/*`] }],
    },
  });
  declare("website", "Website", `b${i}-website`, { ...on, indexDocument: "index.html", errorDocument: "404.html" });
  if (i % 2 === 0 && i + 1 < count) {
    const dest = buckets[i + 1];
    declare("replication", "Replication", `b${i}-replication`, {
      ...on,
      role: `qcs::cam::uin/100000000001:uin/100000000001`,
      rules: [{ id: "all", prefix: "", destination: { bucket: dest.bucket, region: dest.region, storageClass: "STANDARD_IA" } }],
    });
  }
}
exports.buckets = count;
