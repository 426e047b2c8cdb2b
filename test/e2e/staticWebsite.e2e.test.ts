/** examples/static-website: bucket + website + the site's files + public-read policy + CORS, through `pulumi up … destroy`. */
import * as fs from "node:fs";
import * as path from "node:path";
import { describeExampleLifecycle } from "./exampleLifecycle";
import { EXAMPLES_DIR } from "./harness";

const loc = (outputs: Record<string, unknown>) => ({ bucket: String(outputs.bucketName), region: "ap-guangzhou" });

/** What a browser needs for each file of examples/static-website/www: the key and the Content-Type it is served with. */
const SITE_FILES: Record<string, string> = {
  "index.html": "text/html",
  "404.html": "text/html",
  "guide/getting-started.html": "text/html",
  "css/site.css": "text/css",
  "img/logo.svg": "image/svg+xml",
};
const WWW = path.join(EXAMPLES_DIR, "static-website", "www");

describeExampleLifecycle({
  example: "static-website",
  stack: "e2e",
  resources: ["site", "site-website", "site-files", "site-public-read", "site-cors"],
  buckets: 1,
  // The website PUT fails for good (400 is not retried): the bucket, policy and CORS still deploy, and the next
  // `pulumi up` creates only what is missing.
  injectFailure: {
    fail: { status: 400, code: "InvalidArgument", message: "injected by the e2e test", method: "PUT", subresource: "website" },
    resource: "site-website",
    outputContains: "InvalidArgument",
  },
  async checkDeployed({ outputs, client }) {
    expect(outputs.bucketName).toMatch(/^site-[0-9a-z]+-1250000000$/);
    expect(outputs.endpoint).toBe(`https://${outputs.bucketName}.cos.ap-guangzhou.myqcloud.com`);
    expect(String(outputs.websiteEndpoint)).toContain(String(outputs.bucketName));
    const website = await client.getBucketWebsite(loc(outputs));
    expect(website?.indexDocument.suffix).toBe("index.html");
    expect(website?.errorDocument?.key).toBe("404.html");
    expect(website?.routingRules).toHaveLength(1);
    const cors = await client.getBucketCors(loc(outputs));
    expect(cors?.rules).toEqual([expect.objectContaining({ id: "read-assets", maxAgeSeconds: 600 })]);
    const policy = JSON.parse((await client.getBucketPolicy(loc(outputs))) ?? "{}") as { Statement?: { Principal: unknown }[] };
    expect(JSON.stringify(policy.Statement?.[0]?.Principal)).toContain("qcs::cam::anyone:anyone");
    // The SyncedFolder uploaded exactly the files of www/ (the table above lists them all), byte for byte, each with
    // the content type of its extension.
    const local = (fs.readdirSync(WWW, { recursive: true, withFileTypes: true }) as fs.Dirent[])
      .filter((e) => e.isFile())
      .map((e) => path.relative(WWW, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
      .sort();
    expect(local).toEqual(Object.keys(SITE_FILES).sort());
    expect(outputs.fileCount).toBe(local.length);
    const listed = await client.listObjects(loc(outputs), { prefix: "" });
    expect(listed.contents.map((o) => o.key).sort()).toEqual(local);
    for (const [key, contentType] of Object.entries(SITE_FILES)) {
      const { body, headers } = await client.getObject(loc(outputs), key);
      expect({ key, contentType: headers["content-type"] }).toEqual({ key, contentType });
      expect(body.equals(fs.readFileSync(path.join(WWW, key)))).toBe(true);
    }
  },
  configChange: {
    set: { "static-website:indexDocument": "home.html" },
    resource: "site-website",
    changedInputs: ["indexDocument"],
    async verify({ outputs, client }) {
      expect((await client.getBucketWebsite(loc(outputs)))?.indexDocument.suffix).toBe("home.html");
    },
  },
  drift: {
    // Someone shortens the CORS cache in the console.
    async make({ outputs, client }) {
      await client.putBucketCors(loc(outputs), {
        rules: [
          {
            id: "read-assets",
            allowedOrigins: ["*"],
            allowedMethods: ["GET", "HEAD"],
            allowedHeaders: ["*"],
            exposeHeaders: ["ETag", "Content-Length"],
            maxAgeSeconds: 5,
          },
        ],
      });
    },
    resource: "site-cors",
    changedInputs: ["rules"],
    diffContains: ["maxAgeSeconds", "5 => 600"],
  },
});
