/**
 * examples/media-assets: a public-read media bucket with hotlink protection, a custom domain, global acceleration,
 * access logs and a weekly inventory into a private log bucket, and two objects (from a string and from a file of
 * the project), through `pulumi up … destroy`. The local COS server is the judge, read through our own client and,
 * for what a visitor sees, through anonymous HTTP requests.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { raw } from "../cos-server/testkit";
import { describeExampleLifecycle, type LifecycleContext } from "./exampleLifecycle";
import { EXAMPLES_DIR } from "./harness";

const REGION = "ap-guangzhou";
const loc = (outputs: Record<string, unknown>) => ({ bucket: String(outputs.bucketName), region: REGION });
const HERO = fs.readFileSync(path.join(EXAMPLES_DIR, "media-assets", "img", "hero.png"));
const ROBOTS = "User-agent: *\nAllow: /img/\nDisallow: /\n";

/** An unsigned GET, as a browser or crawler sends it; `host` picks the endpoint, `referer` the embedding page. */
const anonymousGet = ({ server }: LifecycleContext, host: string, key: string, referer?: string) =>
  raw(server, { method: "GET", host, key, account: null, headers: referer === undefined ? {} : { Referer: referer } });

describeExampleLifecycle({
  example: "media-assets",
  stack: "e2e",
  resources: ["media", "media-logs", "media-referer", "media-domain", "media-acceleration", "media-logging", "media-inventory", "robots-txt", "hero-image"],
  buckets: 2,
  // The custom domain is refused with COS's 451 (no ICP filing; not retried): both buckets and every other
  // configuration still deploy, and the next `pulumi up` creates only the domain.
  injectFailure: {
    fail: { status: 451, code: "DomainNotFiled", message: "injected by the e2e test", method: "PUT", subresource: "domain" },
    resource: "media-domain",
    outputContains: "DomainNotFiled",
  },
  async checkDeployed(ctx) {
    const { outputs, client } = ctx;
    const media = String(outputs.bucketName);
    const logs = String(outputs.logBucketName);
    expect(media).toMatch(/^media-[0-9a-z]+-1250000000$/);
    expect(logs).toMatch(/^media-logs-[0-9a-z]+-1250000000$/);
    expect(outputs).toMatchObject({
      endpoint: `https://${media}.cos.${REGION}.myqcloud.com`,
      accelerateEndpoint: `https://${media}.cos.accelerate.myqcloud.com`,
      customDomainUrl: "https://media.example.com",
      heroImageUrl: "https://media.example.com/img/hero.png",
      heroImageSha256: createHash("sha256").update(HERO).digest("hex"),
      robotsUrl: `https://${media}.cos.${REGION}.myqcloud.com/robots.txt`,
    });

    const referer = await client.getBucketReferer(loc(outputs));
    expect({ ...referer, domains: [...(referer?.domains ?? [])].sort() }).toEqual({
      status: "Enabled",
      refererType: "White-List",
      domains: ["*.example.com", "example.com"],
      emptyReferConfiguration: "Allow",
    });
    expect((await client.getBucketDomain(loc(outputs)))?.rules).toEqual([{ name: "media.example.com", type: "REST", status: "ENABLED" }]);
    expect(await client.getBucketAccelerate(loc(outputs))).toEqual({ status: "Enabled" });
    expect(await client.getBucketLogging(loc(outputs))).toEqual({ targetBucket: logs, targetPrefix: "access/media/" });
    const inventory = await client.getBucketInventory(loc(outputs), "media-weekly");
    expect(inventory).toMatchObject({
      id: "media-weekly",
      enabled: true,
      frequency: "Weekly",
      includedObjectVersions: "Current",
      destination: { bucket: logs, region: REGION, prefix: "inventory/" },
    });
    expect([...(inventory?.optionalFields ?? [])].sort()).toEqual(["ETag", "LastModifiedDate", "Size", "StorageClass"]);

    // The objects: exactly these two, byte for byte, with inferred types and the image's cache header.
    expect((await client.listObjects(loc(outputs), { prefix: "" })).contents.map((o) => o.key).sort()).toEqual(["img/hero.png", "robots.txt"]);
    const robots = await client.getObject(loc(outputs), "robots.txt");
    expect({ body: robots.body.toString("utf8"), type: robots.headers["content-type"] }).toEqual({ body: ROBOTS, type: "text/plain" });
    const hero = await client.getObject(loc(outputs), "img/hero.png");
    expect(hero.body.equals(HERO)).toBe(true);
    expect([hero.headers["content-type"], hero.headers["cache-control"]]).toEqual(["image/png", "public, max-age=86400"]);

    // What visitors see: the media bucket is readable anonymously, also through the accelerate endpoint that
    // acceleration opens; the log bucket is not.
    const direct = await anonymousGet(ctx, `${media}.cos.${REGION}.myqcloud.com`, "img/hero.png");
    expect([direct.status, direct.headers["content-length"]]).toEqual([200, String(HERO.length)]);
    const accelerated = await anonymousGet(ctx, `${media}.cos.accelerate.myqcloud.com`, "robots.txt");
    expect([accelerated.status, accelerated.body]).toEqual([200, ROBOTS]);
    expect((await anonymousGet(ctx, `${logs}.cos.${REGION}.myqcloud.com`, "")).status).toBe(403);

    // Hotlink protection: a page of a listed site may embed the image, another site's page may not (on either
    // endpoint); a request without a Referer passes while allowEmptyReferer is true.
    const embedded = await anonymousGet(ctx, `${media}.cos.${REGION}.myqcloud.com`, "img/hero.png", "https://www.example.com/gallery.html");
    expect([embedded.status, embedded.headers["content-length"]]).toEqual([200, String(HERO.length)]);
    expect((await anonymousGet(ctx, `${media}.cos.${REGION}.myqcloud.com`, "img/hero.png", "https://example.com/")).status).toBe(200);
    for (const host of [`${media}.cos.${REGION}.myqcloud.com`, `${media}.cos.accelerate.myqcloud.com`]) {
      const hotlinked = await anonymousGet(ctx, host, "img/hero.png", "https://hotlinker.test/page.html");
      expect([host, hotlinked.status, hotlinked.code]).toEqual([host, 403, "AccessDenied"]);
    }
  },
  configChange: {
    set: { "media-assets:allowEmptyReferer": "false" },
    resource: "media-referer",
    changedInputs: ["emptyReferer"],
    async verify(ctx) {
      const { outputs, client } = ctx;
      expect((await client.getBucketReferer(loc(outputs)))?.emptyReferConfiguration).toBe("Deny");
      // Now a read without a Referer (a typed URL) is refused too; a listed site's page still embeds the image.
      const host = `${String(outputs.bucketName)}.cos.${REGION}.myqcloud.com`;
      expect(await anonymousGet(ctx, host, "robots.txt")).toMatchObject({ status: 403, code: "AccessDenied" });
      expect((await anonymousGet(ctx, host, "robots.txt", "https://www.example.com/")).status).toBe(200);
    },
  },
  drift: {
    // Someone points the access logs at another prefix in the console.
    async make({ outputs, client }) {
      await client.putBucketLogging(loc(outputs), { targetBucket: String(outputs.logBucketName), targetPrefix: "access/other/" });
    },
    resource: "media-logging",
    changedInputs: ["targetPrefix"],
    diffContains: ["targetPrefix", '"access/other/" => "access/media/"'],
  },
});
