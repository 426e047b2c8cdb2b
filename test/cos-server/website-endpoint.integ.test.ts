/**
 * The static website endpoint over real HTTP, on the API's own socket: index and error documents, the
 * directory redirect, RedirectAllRequestsTo, routing rules, public-read checks, CORS, the three ways to
 * address a site (website Host, `*.localhost`, `/-/website/` alias) and custom domains of type WEBSITE.
 * Sites are set up through the official SDK, as a user would; website requests carry no signature.
 */
import type COS from "cos-nodejs-sdk-v5";
import { type CosServer, localWebsiteUrl, startCosServer, websiteUrl } from "./index";
import { REGION, sdkClient, type WebsitePage, websiteVisit } from "./testkit";

/** A routing rule's Redirect; the SDK typings lack HostName and HttpRedirectCode, which COS takes. */
type Redirect = NonNullable<COS.WebsiteConfiguration["RoutingRules"]>[number]["Redirect"];

let server: CosServer;
let cos: COS;
let n = 0;

type Page = WebsitePage;

/** One anonymous request to the server's socket with the given Host (default: the bucket's website host). */
const visit = (bucket: string, path: string, o: { method?: string; host?: string; headers?: Record<string, string> } = {}): Promise<Page> =>
  websiteVisit(server, bucket, path, o);

/** A bucket with a website, some pages and an ACL; returns its name. */
async function site(o: { acl?: COS.BucketACL; website?: COS.WebsiteConfiguration; files?: Record<string, string>; privateKeys?: string[] } = {}): Promise<string> {
  const Bucket = `site${++n}-1250000000`;
  const b = { Bucket, Region: REGION };
  await cos.putBucket({ ...b, ACL: o.acl ?? "public-read" });
  if (o.website !== null) await cos.putBucketWebsite({ ...b, WebsiteConfiguration: o.website ?? { IndexDocument: { Suffix: "index.html" }, ErrorDocument: { Key: "404.html" } } });
  const files = o.files ?? { "index.html": "<h1>home</h1>", "docs/index.html": "<h1>docs</h1>", "404.html": "<h1>not here</h1>", "style.css": "body{}" };
  for (const [Key, Body] of Object.entries(files)) {
    await cos.putObject({ ...b, Key, Body, ...(o.privateKeys?.includes(Key) ? { ACL: "private" as const } : {}) });
  }
  return Bucket;
}

beforeAll(async () => {
  server = await startCosServer();
  cos = sdkClient(server);
});
afterAll(() => server.close());

describe("documents", () => {
  it("serves the index document for / and dir/, files with their content type, and redirects dir to dir/", async () => {
    const s = await site();
    expect(await visit(s, "/")).toMatchObject({ status: 200, body: "<h1>home</h1>", headers: { "content-type": "text/html" } });
    expect(await visit(s, "/docs/")).toMatchObject({ status: 200, body: "<h1>docs</h1>" });
    expect(await visit(s, "/docs")).toMatchObject({ status: 302, headers: { location: "/docs/" } });
    expect(await visit(s, "/style.css")).toMatchObject({ status: 200, body: "body{}", headers: { "content-type": "text/css" } });
    const head = await visit(s, "/style.css", { method: "HEAD" });
    expect(head).toMatchObject({ status: 200, body: "", headers: { "content-length": "6" } });
    expect(await visit(s, "/style.css", { headers: { "If-None-Match": head.headers.etag as string } })).toMatchObject({ status: 304, body: "" });
  });

  it("answers a missing key with the error document and status 404, or the default page without one", async () => {
    const withDoc = await site();
    expect(await visit(withDoc, "/nope.html")).toMatchObject({ status: 404, body: "<h1>not here</h1>", headers: { "content-type": "text/html" } });
    const bare = await site({ website: { IndexDocument: { Suffix: "index.html" } } });
    const page = await visit(bare, "/nope.html");
    expect(page.status).toBe(404);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(page.body).toContain("<h1>404 Not Found</h1>");
    expect(page.body).toContain("Code: NoSuchKey");
    expect(page.body).toContain("Key: nope.html");
    expect(page.body).not.toContain("<Error>");
  });

  it("falls back to the default page when the error document is missing or private", async () => {
    const s = await site({ privateKeys: ["404.html"] });
    const page = await visit(s, "/nope");
    expect(page.status).toBe(404);
    expect(page.body).toContain("NoSuchKey");
  });

  it("404 NoSuchWebsiteConfiguration / NoSuchBucket pages, 405 for writes", async () => {
    const s = await site({ website: null as unknown as COS.WebsiteConfiguration });
    expect((await visit(s, "/")).body).toContain("NoSuchWebsiteConfiguration");
    const missing = await visit("ghost-1250000000", "/");
    expect(missing.status).toBe(404);
    expect(missing.body).toContain("NoSuchBucket");
    expect((await visit(await site(), "/index.html", { method: "PUT" })).status).toBe(405);
  });
});

describe("public-read checks", () => {
  it("a private bucket gives 403 AccessDenied pages, for existing and missing keys alike", async () => {
    const s = await site({ acl: "private" });
    for (const path of ["/", "/nope"]) {
      const page = await visit(s, path);
      expect(page.status).toBe(403);
      expect(page.body).toContain("Code: AccessDenied");
    }
  });

  it("a private object in a public bucket is 403 (served by the error document), a public object in a private bucket is 200", async () => {
    const s = await site({ privateKeys: ["style.css"] });
    expect(await visit(s, "/style.css")).toMatchObject({ status: 403, body: "<h1>not here</h1>" });
    const p = await site({ acl: "private", files: {} });
    await cos.putObject({ Bucket: p, Region: REGION, Key: "index.html", Body: "open", ACL: "public-read" });
    expect(await visit(p, "/")).toMatchObject({ status: 200, body: "open" });
  });
});

describe("redirects", () => {
  it("RedirectAllRequestsTo https redirects every request to the same host over https", async () => {
    const s = await site({ website: { IndexDocument: { Suffix: "index.html" }, RedirectAllRequestsTo: { Protocol: "https" } } });
    expect(await visit(s, "/docs/a%20b.html")).toMatchObject({ status: 301, headers: { location: `https://${s}.cos-website.${REGION}.myqcloud.com/docs/a%20b.html` } });
  });

  it("routing rules: prefix replacement, whole-key replacement with a code, protocol and host name, error-code rules", async () => {
    const s = await site({
      website: {
        IndexDocument: { Suffix: "index.html" },
        ErrorDocument: { Key: "404.html" },
        RoutingRules: [
          { Condition: { KeyPrefixEquals: "old/" as "Enabled" }, Redirect: { Protocol: "http", ReplaceKeyPrefixWith: "docs/" } },
          { Condition: { KeyPrefixEquals: "moved.html" as "Enabled" }, Redirect: { ReplaceKeyWith: "index.html", HttpRedirectCode: "302" } as Redirect },
          { Condition: { KeyPrefixEquals: "ext/" as "Enabled" }, Redirect: { Protocol: "https", HostName: "example.com", ReplaceKeyPrefixWith: "" } as Redirect },
          { Condition: { HttpErrorCodeReturnedEquals: "404" }, Redirect: { ReplaceKeyWith: "index.html", HttpRedirectCode: "307" } as Redirect },
        ],
      },
    });
    const host = `${s}.cos-website.${REGION}.myqcloud.com`;
    expect(await visit(s, "/old/page.html")).toMatchObject({ status: 301, headers: { location: `http://${host}/docs/page.html` } });
    expect(await visit(s, "/moved.html")).toMatchObject({ status: 302, headers: { location: "/index.html" } });
    expect(await visit(s, "/ext/a/b")).toMatchObject({ status: 301, headers: { location: "https://example.com/a/b" } });
    // The error-code rule wins over the error document; an existing key never reaches it.
    expect(await visit(s, "/missing")).toMatchObject({ status: 307, headers: { location: "/index.html" } });
    expect(await visit(s, "/style.css")).toMatchObject({ status: 200 });
  });
});

describe("CORS on the website endpoint", () => {
  it("preflight follows the bucket's CORS rules; actual requests carry Access-Control-Allow-Origin", async () => {
    const s = await site();
    const preflight = { method: "OPTIONS", headers: { Origin: "https://app.example.com", "Access-Control-Request-Method": "GET" } };
    expect((await visit(s, "/index.html", preflight)).status).toBe(403);
    await cos.putBucketCors({ Bucket: s, Region: REGION, CORSRules: [{ AllowedOrigin: ["https://*.example.com"], AllowedMethod: ["GET", "HEAD"], AllowedHeader: ["x-custom"], ExposeHeader: ["ETag"], MaxAgeSeconds: 600 }] });
    const ok = await visit(s, "/index.html", { ...preflight, headers: { ...preflight.headers, "Access-Control-Request-Headers": "X-Custom" } });
    expect(ok).toMatchObject({ status: 200, headers: { "access-control-allow-origin": "https://app.example.com", "access-control-allow-methods": "GET,HEAD", "access-control-allow-headers": "x-custom", "access-control-max-age": "600" } });
    expect((await visit(s, "/index.html", { method: "OPTIONS", headers: { Origin: "https://evil.test", "Access-Control-Request-Method": "GET" } })).status).toBe(403);
    const actual = await visit(s, "/index.html", { headers: { Origin: "https://app.example.com" } });
    expect(actual.headers).toMatchObject({ "access-control-allow-origin": "https://app.example.com", "access-control-expose-headers": "ETag" });
    expect((await visit(s, "/index.html", { headers: { Origin: "https://evil.test" } })).headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("addressing", () => {
  it("websiteUrl gives a *.localhost URL on the server's port; the alias and custom domains serve the same site", async () => {
    const s = await site();
    const url = new URL(websiteUrl(server, s));
    expect(url.href).toBe(`http://${s}.cos-website.${REGION}.localhost:${server.port}/`);
    expect(await visit(s, "/", { host: url.host })).toMatchObject({ status: 200, body: "<h1>home</h1>" });
    const alias = new URL(websiteUrl(server, s, { form: "alias" }));
    expect(alias.href).toBe(`${server.endpoint}/-/website/${s}/`);
    expect(await visit(s, alias.pathname, { host: alias.host })).toMatchObject({ status: 200, body: "<h1>home</h1>" });
    expect(await visit(s, `${alias.pathname}docs`, { host: alias.host })).toMatchObject({ status: 302, headers: { location: `/-/website/${s}/docs/` } });
    expect(localWebsiteUrl("http://127.0.0.1:9000", "b-1250000000", "ap-beijing")).toBe("http://b-1250000000.cos-website.ap-beijing.localhost:9000/");
    // A website host naming another region is not this bucket.
    expect((await visit(s, "/", { host: `${s}.cos-website.ap-beijing.myqcloud.com` })).status).toBe(404);
    await cos.putBucketDomain({ Bucket: s, Region: REGION, DomainRule: [{ Status: "ENABLED", Name: "www.my-site.example", Type: "WEBSITE" }] });
    expect(await visit(s, "/", { host: "www.my-site.example" })).toMatchObject({ status: 200, body: "<h1>home</h1>" });
  });

  it("leaves the XML API on the same socket untouched, and logs website requests", async () => {
    const s = await site();
    server.resetRequestLog();
    await visit(s, "/");
    expect(server.requests).toEqual([expect.objectContaining({ subresource: "website-endpoint", bucket: s, status: 200 })]);
    const obj = await cos.getObject({ Bucket: s, Region: REGION, Key: "index.html" });
    expect(obj.Body.toString()).toBe("<h1>home</h1>");
  });
});
