// A public-read media bucket that serves images to the company's own sites: hotlink protection so other sites cannot
// embed the images on our bill, a custom domain, global acceleration for visitors far from the region, access logs
// and a weekly inventory in a separate private bucket, and a first few objects. Each knob below feeds exactly one
// resource, so changing it updates only that resource.
import * as pulumi from "@pulumi/pulumi";
import * as cos from "pulumi-tencent-cos";

const config = new pulumi.Config();
// → media-referer only: the sites whose pages may embed our media (`*.example.com` also covers `www.example.com`).
const allowedReferers = config.getObject<string[]>("allowedReferers") ?? ["example.com", "*.example.com"];
// → media-referer only: requests without a Referer (typed URLs, apps, crawlers fetching robots.txt) are let through.
const allowEmptyReferer = config.getBoolean("allowEmptyReferer") ?? true;
// → media-domain only: the host name the sites use for media; DNS must CNAME it to the bucket's endpoint.
const customDomain = config.get("customDomain") ?? "media.example.com";
// → media-logging only.
const logPrefix = config.get("logPrefix") ?? "access/media/";
// → media-inventory only.
const inventoryFrequency = config.get<"Daily" | "Weekly">("inventoryFrequency") ?? "Weekly";
// → hero-image only: browsers and CDNs cache the image this long.
const imageCacheSeconds = config.getNumber("imageCacheSeconds") ?? 86400;

// The media itself: anyone may read objects (the canned ACL), the referer rule below decides from which pages.
const media = new cos.Bucket("media", {
  acl: "public-read",
  tags: { app: "media-assets", stack: pulumi.getStack() },
  // Holds only what this program uploads (and objects deleted with their resources); let `pulumi destroy` empty it.
  forceDestroy: true,
});

// Access logs and inventory reports: private, in the same region (COS delivers logs only within a region). Not
// force-destroyed on purpose: logs are records, so `pulumi destroy` fails while any remain; empty it deliberately.
const logs = new cos.Bucket("media-logs", {
  acl: "private",
  region: media.region,
  tags: { app: "media-assets", stack: pulumi.getStack(), purpose: "logs" },
});

// Hotlink protection: only pages of the company's sites may embed the media.
new cos.BucketReferer("media-referer", {
  bucket: media.bucket,
  region: media.region,
  refererType: "White-List",
  domains: allowedReferers,
  emptyReferer: allowEmptyReferer ? "Allow" : "Deny",
});

// The sites link to https://media.example.com/…; COS answers that host for this bucket's XML (REST) endpoint.
new cos.BucketDomain("media-domain", {
  bucket: media.bucket,
  region: media.region,
  rules: [{ name: customDomain, type: "REST" }],
});

// While this resource exists the bucket is also served at <bucket>.cos.accelerate.myqcloud.com.
new cos.BucketAcceleration("media-acceleration", { bucket: media.bucket, region: media.region });

new cos.BucketLogging("media-logging", {
  bucket: media.bucket,
  region: media.region,
  targetBucket: logs.bucket,
  targetPrefix: logPrefix,
});

// What is stored and how big, as CSV reports under inventory/ of the log bucket.
new cos.BucketInventory("media-inventory", {
  bucket: media.bucket,
  region: media.region,
  inventoryId: "media-weekly",
  destination: { bucket: logs.bucket, region: logs.region, prefix: "inventory/" },
  frequency: inventoryFrequency,
  includedObjectVersions: "Current",
  optionalFields: ["Size", "LastModifiedDate", "ETag", "StorageClass"],
});

// From a string; the content type (text/plain) comes from the key.
const robots = new cos.BucketObject("robots-txt", {
  bucket: media.bucket,
  region: media.region,
  key: "robots.txt",
  content: "User-agent: *\nAllow: /img/\nDisallow: /\n",
});

// From a file of this project (the path is relative to it); image/png from the extension. Uploaded again only when
// the file's bytes change.
const hero = new cos.BucketObject("hero-image", {
  bucket: media.bucket,
  region: media.region,
  key: "img/hero.png",
  source: "img/hero.png",
  cacheControl: `public, max-age=${imageCacheSeconds}`,
});

export const bucketName = media.bucket;
export const logBucketName = logs.bucket;
export const endpoint = media.endpoint;
export const accelerateEndpoint = pulumi.interpolate`https://${media.bucket}.cos.accelerate.myqcloud.com`;
export const customDomainUrl = `https://${customDomain}`;
// What the sites embed: the image under the custom domain (the bucket's own URL, hero.url, works too).
export const heroImageUrl = pulumi.interpolate`https://${customDomain}/${hero.key}`;
export const heroImageSha256 = hero.sourceHash;
export const robotsUrl = robots.url;
