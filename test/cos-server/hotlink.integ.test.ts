/**
 * Hotlink protection (PUT Bucket referer, digest §5.22) enforced over real HTTP: anonymous GET/HEAD Object on
 * the API endpoint and every GET/HEAD on the website endpoint are checked against the bucket's White-List or
 * Black-List and its EmptyReferConfiguration; signed requests are exempt; Disabled serves all. The rules and
 * where the seeds are silent: hotlink.ts and the server README.
 */
import type COS from "cos-nodejs-sdk-v5";
import { HOTLINK_DENIED } from "./hotlink";
import { type CosServer, startCosServer } from "./index";
import { REGION, raw, sdkClient, websiteVisit } from "./testkit";

let server: CosServer;
let cos: COS;
let n = 0;

type Rule = Omit<COS.RefererConfiguration, "EmptyReferConfiguration"> & { EmptyReferConfiguration?: "Allow" | "Deny" };

/** A public-read bucket with `pic.png` (public), `secret.txt` (private) and the given referer rule. */
async function bucket(rule?: Rule): Promise<string> {
  const Bucket = `hot${++n}-1250000000`;
  const b = { Bucket, Region: REGION };
  await cos.putBucket({ ...b, ACL: "public-read" });
  await cos.putObject({ ...b, Key: "pic.png", Body: "PNG" });
  await cos.putObject({ ...b, Key: "secret.txt", Body: "s", ACL: "private" });
  if (rule) await cos.putBucketReferer({ ...b, RefererConfiguration: rule as COS.RefererConfiguration });
  return Bucket;
}

const white = (Domains: string[], EmptyReferConfiguration?: "Allow" | "Deny"): Rule => ({
  Status: "Enabled",
  RefererType: "White-List",
  DomainList: { Domains },
  ...(EmptyReferConfiguration ? { EmptyReferConfiguration } : {}),
});

/** An unsigned request as a browser sends it; `referer: undefined` sends no Referer header. */
function anon(bucketName: string, key: string, referer: string | undefined, method = "GET") {
  return raw(server, { method, bucket: bucketName, key, account: null, headers: referer === undefined ? {} : { Referer: referer } });
}

/** An anonymous request to the bucket's website host. */
async function visit(bucketName: string, path: string, referer?: string, method = "GET"): Promise<{ status: number; body: string }> {
  const { status, body } = await websiteVisit(server, bucketName, path, { method, headers: referer === undefined ? {} : { Referer: referer } });
  return { status, body };
}

beforeAll(async () => {
  server = await startCosServer({ accounts: [{}, { appId: "1250000001" }] });
  cos = sdkClient(server);
});
afterAll(() => server.close());

describe("White-List on the API endpoint", () => {
  it("serves a listed referer (exact host, prefix, port, wildcard, any case) and refuses others with 403 AccessDenied", async () => {
    const b = await bucket(white(["example.com", "*.cdn.test", "10.0.0.1:8080"], "Deny"));
    for (const ok of [
      "https://example.com/index.html",
      "http://example.com",
      "https://example.com:8443/page", // `example.com` also covers the host with a port
      "https://example.com.cn/", // a listed domain is a prefix
      "https://a.cdn.test/x.html",
      "https://a.b.cdn.test/", // `*` spans several labels
      "HTTPS://A.CDN.TEST/Page",
      "http://10.0.0.1:8080/p",
    ]) {
      expect([ok, (await anon(b, "pic.png", ok)).status]).toEqual([ok, 200]);
    }
    expect((await anon(b, "pic.png", "https://example.com/")).body).toBe("PNG");
    for (const bad of [
      "https://evil.com/",
      "https://evil.com/?from=example.com", // the host is compared, not the query
      "https://evil.com/a.cdn.test/", // `*` never crosses the path
      "https://cdn.test/", // `*.` needs a label in front
      "http://10.0.0.1/p", // a listed port must be there
      "http://10.0.0.1:9090/p",
    ]) {
      const res = await anon(b, "pic.png", bad);
      expect([bad, res.status, res.code, res.message]).toEqual([bad, 403, "AccessDenied", HOTLINK_DENIED]);
    }
    const head = await anon(b, "pic.png", "https://evil.com/", "HEAD");
    expect([head.status, head.body]).toEqual([403, ""]);
  });

  it("decides an empty referer (no header, or an empty one) by EmptyReferConfiguration, Deny by default", async () => {
    const deny = await bucket(white(["example.com"], "Deny"));
    const byDefault = await bucket(white(["example.com"]));
    const allow = await bucket(white(["example.com"], "Allow"));
    for (const b of [deny, byDefault]) {
      expect(await anon(b, "pic.png", undefined)).toMatchObject({ status: 403, code: "AccessDenied", message: HOTLINK_DENIED });
      expect(await anon(b, "pic.png", "")).toMatchObject({ status: 403, code: "AccessDenied" });
    }
    expect(await anon(allow, "pic.png", undefined)).toMatchObject({ status: 200, body: "PNG" });
    expect(await anon(allow, "pic.png", "  ")).toMatchObject({ status: 200, body: "PNG" });
    // Allowing empty referers does not let a non-listed one through.
    expect((await anon(allow, "pic.png", "https://evil.com/")).status).toBe(403);
  });

  it("does not check signed requests (header or pre-signed URL), of the owner or of another account", async () => {
    const b = await bucket(white(["example.com"], "Deny"));
    const signed = await raw(server, { method: "GET", bucket: b, key: "pic.png", headers: { Referer: "https://evil.com/" } });
    expect([signed.status, signed.body]).toEqual([200, "PNG"]);
    expect((await raw(server, { method: "GET", bucket: b, key: "pic.png", transport: "query" })).status).toBe(200);
    const other = await raw(server, { method: "GET", bucket: b, key: "pic.png", account: server.accounts[1], headers: { Referer: "https://evil.com/" } });
    expect(other.status).toBe(200);
  });

  it("grants nothing: a listed referer still cannot read a private object; a refused one learns nothing of absent keys", async () => {
    const b = await bucket(white(["example.com"], "Allow"));
    expect((await anon(b, "secret.txt", "https://example.com/")).status).toBe(403);
    expect((await anon(b, "missing.png", "https://example.com/")).status).toBe(404);
    expect(await anon(b, "missing.png", "https://evil.com/")).toMatchObject({ status: 403, message: HOTLINK_DENIED });
  });
});

describe("Black-List, Disabled, removal", () => {
  it("Black-List refuses the listed referers and serves the others; the empty-referer rule applies too", async () => {
    const b = await bucket({ Status: "Enabled", RefererType: "Black-List", DomainList: { Domains: ["*.fake.com", "bad.example"] }, EmptyReferConfiguration: "Allow" });
    expect(await anon(b, "pic.png", "https://www.fake.com/page")).toMatchObject({ status: 403, code: "AccessDenied", message: HOTLINK_DENIED });
    expect((await anon(b, "pic.png", "http://bad.example:81/")).status).toBe(403);
    expect(await anon(b, "pic.png", "https://good.example/")).toMatchObject({ status: 200, body: "PNG" });
    expect((await anon(b, "pic.png", undefined)).status).toBe(200);
    const strict = await bucket({ Status: "Enabled", RefererType: "Black-List", DomainList: { Domains: ["*.fake.com"] }, EmptyReferConfiguration: "Deny" });
    expect((await anon(strict, "pic.png", undefined)).status).toBe(403);
    expect((await anon(strict, "pic.png", "https://good.example/")).status).toBe(200);
  });

  it("Status Disabled serves every referer; turning it on, then deleting the configuration, switches enforcement", async () => {
    const b = await bucket({ ...white(["example.com"], "Deny"), Status: "Disabled" });
    expect((await anon(b, "pic.png", "https://evil.com/")).status).toBe(200);
    expect((await anon(b, "pic.png", undefined)).status).toBe(200);
    await cos.putBucketReferer({ Bucket: b, Region: REGION, RefererConfiguration: white(["example.com"], "Deny") as COS.RefererConfiguration });
    expect((await anon(b, "pic.png", "https://evil.com/")).status).toBe(403);
    expect((await raw(server, { method: "DELETE", bucket: b, query: { referer: "" } })).status).toBe(204);
    expect((await anon(b, "pic.png", "https://evil.com/")).status).toBe(200);
  });
});

describe("website endpoint", () => {
  async function site(rule: Rule): Promise<string> {
    const b = await bucket(rule);
    await cos.putBucketWebsite({ Bucket: b, Region: REGION, WebsiteConfiguration: { IndexDocument: { Suffix: "index.html" }, ErrorDocument: { Key: "404.html" } } });
    await cos.putObject({ Bucket: b, Region: REGION, Key: "index.html", Body: "<h1>home</h1>" });
    await cos.putObject({ Bucket: b, Region: REGION, Key: "404.html", Body: "<h1>not here</h1>" });
    return b;
  }

  it("applies the White-List to pages: listed referer served, others and empty (Deny) get a 403 page, not the error document", async () => {
    const s = await site(white(["*.example.com"], "Deny"));
    expect(await visit(s, "/", "https://www.example.com/")).toEqual({ status: 200, body: "<h1>home</h1>" });
    expect(await visit(s, "/pic.png", "https://shop.example.com/item")).toEqual({ status: 200, body: "PNG" });
    for (const referer of ["https://evil.com/", undefined]) {
      const page = await visit(s, "/pic.png", referer);
      expect(page.status).toBe(403);
      expect(page.body).toContain("Code: AccessDenied");
      expect(page.body).toContain(`Message: ${HOTLINK_DENIED}`);
      expect(page.body).not.toContain("not here");
    }
    expect((await visit(s, "/", "https://evil.com/", "HEAD")).status).toBe(403);
  });

  it("applies Black-List and Disabled the same way as the API endpoint", async () => {
    const black = await site({ Status: "Enabled", RefererType: "Black-List", DomainList: { Domains: ["*.fake.com"] }, EmptyReferConfiguration: "Allow" });
    expect((await visit(black, "/", "https://www.fake.com/")).status).toBe(403);
    expect(await visit(black, "/", "https://good.example/")).toEqual({ status: 200, body: "<h1>home</h1>" });
    expect((await visit(black, "/")).status).toBe(200);
    const off = await site({ ...white(["example.com"], "Deny"), Status: "Disabled" });
    expect((await visit(off, "/", "https://evil.com/")).status).toBe(200);
    expect((await visit(off, "/")).status).toBe(200);
  });
});
