// A public static website: a public-read bucket with website hosting, the site itself (the files of ./www), a
// policy that lets anyone read objects, and a CORS rule so pages on other origins can fetch assets. Each knob
// below feeds exactly one resource, so changing it updates only that resource.
import * as pulumi from "@pulumi/pulumi";
import * as cos from "pulumi-tencent-cos";

const config = new pulumi.Config();
const indexDocument = config.get("indexDocument") ?? "index.html"; // → Website only
const errorDocument = config.get("errorDocument") ?? "404.html"; // → Website only
const corsMaxAgeSeconds = config.getNumber("corsMaxAgeSeconds") ?? 600; // → BucketCors only
const allowedOrigins = config.getObject<string[]>("allowedOrigins") ?? ["*"]; // → BucketCors only

// No `bucket`/`name`: the bucket is auto-named "site-<random>-<appid>", because COS bucket names are global
// per account and a fixed name collides between stacks.
const site = new cos.Bucket("site", {
  acl: "public-read",
  tags: { app: "static-website", stack: pulumi.getStack() },
  // A website bucket holds generated files only; let `pulumi destroy` empty it.
  forceDestroy: true,
});

const website = new cos.Website("site-website", {
  bucket: site.bucket,
  region: site.region,
  indexDocument,
  errorDocument,
  routingRules: [
    // Old links under docs/ keep working after the move to guide/.
    { condition: { keyPrefixEquals: "docs/" }, redirect: { replaceKeyPrefixWith: "guide/" } },
  ],
});

// The site: every file under ./www (relative to this project), uploaded with a content type from its extension.
// The resource keeps a manifest of hashes, so the next `pulumi up` uploads only what changed and deletes what was
// removed from ./www; objects it did not upload are left alone.
const siteFiles = new cos.SyncedFolder("site-files", {
  bucket: site.bucket,
  region: site.region,
  path: "./www",
});

// An explicit, reviewable grant: anyone may read objects (GET/HEAD), nothing else — no listing, no writes.
new cos.BucketPolicy("site-public-read", {
  bucket: site.bucket,
  region: site.region,
  policy: site.resourceName.apply((resourceName) => ({
    version: "2.0" as const,
    Statement: [
      {
        Principal: { qcs: ["qcs::cam::anyone:anyone"] },
        Effect: "allow" as const,
        Action: ["name/cos:GetObject", "name/cos:HeadObject"],
        Resource: [`${resourceName}/*`],
      },
    ],
  })),
});

new cos.BucketCors("site-cors", {
  bucket: site.bucket,
  region: site.region,
  rules: [
    {
      id: "read-assets",
      allowedOrigins,
      allowedMethods: ["GET", "HEAD"],
      allowedHeaders: ["*"],
      exposeHeaders: ["ETag", "Content-Length"],
      maxAgeSeconds: corsMaxAgeSeconds,
    },
  ],
});

export const bucketName = site.bucket;
export const endpoint = site.endpoint;
export const websiteEndpoint = website.websiteEndpoint;
export const fileCount = siteFiles.fileCount;
