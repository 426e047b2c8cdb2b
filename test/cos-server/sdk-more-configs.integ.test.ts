/**
 * Website, tagging, encryption, logging and referer through the official SDK, plus stale-free
 * read-after-write and PUT-replaces-everything semantics (digest §5 conventions).
 */
import type COS from "cos-nodejs-sdk-v5";
import { type CosServer, startCosServer } from "./index";
import { REGION, raw, sdkClient, sdkError } from "./testkit";

let server: CosServer;
let cos: COS;
let n = 0;
async function bucket(region = REGION): Promise<{ Bucket: string; Region: string }> {
  const b = { Bucket: `more${++n}-1250000000`, Region: region };
  await cos.putBucket(b);
  return b;
}
const put = (b: { Bucket: string }, sub: string, body: string) => raw(server, { method: "PUT", bucket: b.Bucket, query: { [sub]: "" }, body });

beforeAll(async () => {
  server = await startCosServer();
  cos = sdkClient(server);
});
afterAll(() => server.close());

describe("website", () => {
  it("round-trips index, error document, redirect-all and routing rules", async () => {
    const b = await bucket();
    // The SDK typings declare KeyPrefixEquals as 'Enabled' | 'Disabled' (a typo); the API takes a prefix.
    await cos.putBucketWebsite({
      ...b,
      WebsiteConfiguration: {
        IndexDocument: { Suffix: "index.html" },
        RedirectAllRequestsTo: { Protocol: "https" },
        ErrorDocument: { Key: "404.html" },
        RoutingRules: [
          { Condition: { HttpErrorCodeReturnedEquals: "404" }, Redirect: { Protocol: "https", ReplaceKeyWith: "404.html" } },
          { Condition: { KeyPrefixEquals: "docs/" as "Enabled" }, Redirect: { Protocol: "https", ReplaceKeyPrefixWith: "documents/" } },
        ],
      },
    });
    const body = (await raw(server, { method: "GET", bucket: b.Bucket, query: { website: "" } })).body;
    expect(body).toContain("<IndexDocument><Suffix>index.html</Suffix></IndexDocument><RedirectAllRequestsTo><Protocol>https</Protocol></RedirectAllRequestsTo><ErrorDocument><Key>404.html</Key></ErrorDocument>");
    expect(body.match(/<RoutingRule>/g)).toHaveLength(2);
    expect((await cos.getBucketWebsite(b)).WebsiteConfiguration.IndexDocument).toEqual({ Suffix: "index.html" });
    await cos.deleteBucketWebsite(b);
    expect(server.state.getConfig(b.Bucket, "website")).toBeUndefined();
  });

  it.each([
    ["no IndexDocument", "<WebsiteConfiguration><ErrorDocument><Key>e</Key></ErrorDocument></WebsiteConfiguration>", "MalformedXML"],
    ["a 5xx error code", rules('<Condition><HttpErrorCodeReturnedEquals>500</HttpErrorCodeReturnedEquals></Condition><Redirect><ReplaceKeyWith>x</ReplaceKeyWith></Redirect>'), "InvalidArgument"],
    ["ReplaceKeyPrefixWith without KeyPrefixEquals", rules("<Condition><HttpErrorCodeReturnedEquals>404</HttpErrorCodeReturnedEquals></Condition><Redirect><ReplaceKeyPrefixWith>x</ReplaceKeyPrefixWith></Redirect>"), "InvalidArgument"],
    ["101 routing rules", rules("<Condition><KeyPrefixEquals>a</KeyPrefixEquals></Condition><Redirect><ReplaceKeyWith>x</ReplaceKeyWith></Redirect>", 101), "InvalidArgument"],
    ["an unknown element", "<WebsiteConfiguration><IndexDocument><Suffix>i</Suffix><Other/></IndexDocument></WebsiteConfiguration>", "MalformedXML"],
  ])("rejects %s", async (_name, body, code) => {
    expect(await put(await bucket(), "website", body)).toMatchObject({ status: 400, code });
  });
});

function rules(rule: string, count = 1): string {
  return `<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix></IndexDocument><RoutingRules>${`<RoutingRule>${rule}</RoutingRule>`.repeat(count)}</RoutingRules></WebsiteConfiguration>`;
}

describe("tagging", () => {
  it("round-trips tags with XML-special characters and replaces the whole set", async () => {
    const b = await bucket();
    await cos.putBucketTagging({ ...b, Tags: [{ Key: "env", Value: "prod" }, { Key: "team", Value: "a&b <c>" }] });
    expect((await cos.getBucketTagging(b)).Tags).toEqual([{ Key: "env", Value: "prod" }, { Key: "team", Value: "a&b <c>" }]);
    await cos.putBucketTagging({ ...b, Tags: [{ Key: "only", Value: "one" }] });
    expect((await cos.getBucketTagging(b)).Tags).toEqual([{ Key: "only", Value: "one" }]);
    await cos.deleteBucketTagging(b);
    expect((await raw(server, { method: "GET", bucket: b.Bucket, query: { tagging: "" } })).code).toBe("NoSuchTagSet");
  });

  it("rejects duplicate keys and over-long keys/values with InvalidArgument", async () => {
    const b = await bucket();
    expect(await sdkError(cos.putBucketTagging({ ...b, Tags: [{ Key: "a", Value: "1" }, { Key: "a", Value: "2" }] }))).toMatchObject({ statusCode: 400, code: "InvalidArgument" });
    expect(await sdkError(cos.putBucketTagging({ ...b, Tags: [{ Key: "k".repeat(129), Value: "1" }] }))).toMatchObject({ statusCode: 400, code: "InvalidArgument" });
    expect(await sdkError(cos.putBucketTagging({ ...b, Tags: [{ Key: "k", Value: "v".repeat(257) }] }))).toMatchObject({ statusCode: 400, code: "InvalidArgument" });
    await cos.putBucketTagging({ ...b, Tags: [{ Key: "k".repeat(128), Value: "v".repeat(256) }] });
  });
});

describe("encryption", () => {
  it("accepts both element spellings and answers ApplyServerSideEncryptionByDefault", async () => {
    const b = await bucket();
    const body = (inner: string, alg: string, extra = "") => `<ServerSideEncryptionConfiguration><Rule><${inner}><SSEAlgorithm>${alg}</SSEAlgorithm>${extra}</${inner}></Rule></ServerSideEncryptionConfiguration>`;
    expect((await put(b, "encryption", body("ApplySideEncryptionConfiguration", "AES256"))).status).toBe(200);
    expect((await cos.getBucketEncryption(b)).ServerSideEncryptionConfiguration).toEqual({ Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } } });
    expect((await put(b, "encryption", body("ApplyServerSideEncryptionByDefault", "KMS", "<KMSMasterKeyID>key-1</KMSMasterKeyID>"))).status).toBe(200);
    expect(server.state.getConfig(b.Bucket, "encryption")).toEqual({ Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "KMS", KMSMasterKeyID: "key-1" } } });
    expect(await put(b, "encryption", body("ApplyServerSideEncryptionByDefault", "DES"))).toMatchObject({ status: 400, code: "InvalidArgument" });
    expect(await put(b, "encryption", body("ApplyServerSideEncryptionByDefault", "AES256", "<KMSMasterKeyID>k</KMSMasterKeyID>"))).toMatchObject({ status: 400, code: "InvalidArgument" });
    await cos.deleteBucketEncryption(b);
    expect(server.state.getConfig(b.Bucket, "encryption")).toBeUndefined();
  });
});

describe("logging", () => {
  it("enables logging to a same-account same-region target and disables with an empty document", async () => {
    const b = await bucket();
    const target = await bucket();
    await cos.putBucketLogging({ ...b, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: target.Bucket, TargetPrefix: "logs/" } } });
    expect((await cos.getBucketLogging(b)).BucketLoggingStatus).toEqual({ LoggingEnabled: { TargetBucket: target.Bucket, TargetPrefix: "logs/" } });
    expect((await put(b, "logging", "<BucketLoggingStatus/>")).status).toBe(200);
    expect((await raw(server, { method: "GET", bucket: b.Bucket, query: { logging: "" } })).body).toMatch(/<BucketLoggingStatus\/>/);
  });

  it("rejects a missing target or one in another region", async () => {
    const b = await bucket();
    const far = await bucket("ap-beijing");
    const doc = (t: string) => `<BucketLoggingStatus><LoggingEnabled><TargetBucket>${t}</TargetBucket><TargetPrefix>l/</TargetPrefix></LoggingEnabled></BucketLoggingStatus>`;
    expect(await put(b, "logging", doc("nope-1250000000"))).toMatchObject({ status: 400, code: "InvalidArgument" });
    expect(await put(b, "logging", doc(far.Bucket))).toMatchObject({ status: 400, code: "InvalidArgument" });
  });
});

describe("referer", () => {
  it("round-trips and validates enums", async () => {
    const b = await bucket();
    const RefererConfiguration: COS.RefererConfiguration = { Status: "Enabled", RefererType: "White-List", DomainList: { Domains: ["*.qq.com", "example.com"] }, EmptyReferConfiguration: "Deny" };
    await cos.putBucketReferer({ ...b, RefererConfiguration });
    expect((await cos.getBucketReferer(b)).RefererConfiguration).toEqual(RefererConfiguration);
    const bad = "<RefererConfiguration><Status>Enabled</Status><RefererType>Grey-List</RefererType><DomainList><Domain>a</Domain></DomainList></RefererConfiguration>";
    expect(await put(b, "referer", bad)).toMatchObject({ status: 400, code: "InvalidArgument" });
    expect((await raw(server, { method: "DELETE", bucket: b.Bucket, query: { referer: "" } })).status).toBe(204);
  });
});
