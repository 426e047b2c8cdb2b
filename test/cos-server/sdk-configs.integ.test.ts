/**
 * Every bucket configuration sub-resource through the official SDK, with the documented validation
 * errors (digest §5.13–5.22) and "not configured" answers (§4.3).
 */
import type COS from "cos-nodejs-sdk-v5";
import { type CosServer, startCosServer } from "./index";
import { REGION, raw, sdkClient, sdkError } from "./testkit";

let server: CosServer;
let cos: COS;
let n = 0;
/** A fresh bucket per test. */
async function bucket(versioned = false): Promise<{ Bucket: string; Region: string }> {
  const b = { Bucket: `cfg${++n}-1250000000`, Region: REGION };
  await cos.putBucket(b);
  if (versioned) await cos.putBucketVersioning({ ...b, VersioningConfiguration: { Status: "Enabled" } });
  return b;
}
const put = (b: { Bucket: string }, sub: string, body: string, headers: Record<string, string> = {}) =>
  raw(server, { method: "PUT", bucket: b.Bucket, query: { [sub]: "" }, body, headers });
const get = (b: { Bucket: string }, sub: string) => raw(server, { method: "GET", bucket: b.Bucket, query: { [sub]: "" } });

beforeAll(async () => {
  server = await startCosServer();
  cos = sdkClient(server);
});
afterAll(() => server.close());

describe("not configured", () => {
  it.each([
    ["cors", 404, "NoSuchCORSConfiguration"],
    ["lifecycle", 404, "NoSuchLifecycleConfiguration"],
    ["policy", 404, "NoSuchBucketPolicy"],
    ["replication", 404, "ReplicationConfigurationNotFoundError"],
    ["website", 404, "NoSuchWebsiteConfiguration"],
    ["tagging", 404, "NoSuchTagSet"],
    ["encryption", 404, "NoSuchEncryptionConfiguration"],
    ["referer", 404, "NoSuchRefererConfiguration"],
    ["versioning", 200, undefined],
    ["logging", 200, undefined],
    ["acl", 200, undefined],
  ])("GET ?%s with nothing configured answers %d (%s); DELETE of a 404 one is 204", async (sub, status, code) => {
    const b = await bucket();
    expect(await get(b, sub)).toMatchObject({ status, code });
    if (status === 404) expect((await raw(server, { method: "DELETE", bucket: b.Bucket, query: { [sub]: "" } })).status).toBe(204);
  });

  it("GET ?versioning of a never-enabled bucket has no Status; GET ?logging is an empty BucketLoggingStatus", async () => {
    const b = await bucket();
    expect((await get(b, "versioning")).body).toMatch(/<VersioningConfiguration\/>/);
    expect((await get(b, "logging")).body).toMatch(/<BucketLoggingStatus\/>/);
    expect(await sdkError(cos.getBucketCors({ Bucket: "missing-1250000000", Region: REGION }))).toMatchObject({ statusCode: 404, code: "NoSuchBucket" });
  });
});

describe("cors", () => {
  it("round-trips rules in order with ResponseVary, and requires Content-MD5", async () => {
    const b = await bucket();
    const rules = [
      { ID: "r1", AllowedOrigin: ["https://a.example"], AllowedMethod: ["PUT", "GET"], AllowedHeader: ["*"], ExposeHeader: ["ETag"], MaxAgeSeconds: "600" },
      { AllowedOrigin: ["*"], AllowedMethod: ["GET"] },
    ];
    // The SDK typings lack CORSRule.ID and type MaxAgeSeconds as a number; the wire format is text.
    await cos.putBucketCors({ ...b, CORSRules: rules as unknown as COS.CORSRule[] });
    const got = await cos.getBucketCors(b);
    expect(got.CORSRules.map((r: { AllowedOrigins: string[] }) => r.AllowedOrigins)).toEqual([["https://a.example"], ["*"]]);
    expect(got.CORSRules[0]).toMatchObject({ ID: "r1", AllowedMethods: ["PUT", "GET"], MaxAgeSeconds: "600" });
    expect(got.ResponseVary).toBe("false");
    const body = "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>";
    expect(await raw(server, { method: "PUT", bucket: b.Bucket, query: { cors: "" }, body, contentMd5: false })).toMatchObject({ status: 400, code: "MissingContentMD5" });
    await cos.deleteBucketCors(b);
    expect(server.state.getConfig(b.Bucket, "cors")).toBeUndefined();
  });

  it("rejects bad methods, more than 100 rules, unknown elements and invalid XML", async () => {
    const b = await bucket();
    const rule = (m: string) => `<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>${m}</AllowedMethod></CORSRule>`;
    expect(await put(b, "cors", `<CORSConfiguration>${rule("PATCH")}</CORSConfiguration>`)).toMatchObject({ status: 400, code: "InvalidArgument" });
    expect(await put(b, "cors", `<CORSConfiguration>${rule("GET").repeat(101)}</CORSConfiguration>`)).toMatchObject({ status: 400, code: "InvalidArgument" });
    expect(await put(b, "cors", `<CORSConfiguration>${rule("GET")}<Bogus/></CORSConfiguration>`)).toMatchObject({ status: 400, code: "MalformedXML" });
    expect(await put(b, "cors", "<CORSConfiguration><CORSRule>")).toMatchObject({ status: 400, code: "MalformedXML" });
    expect(await put(b, "cors", "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>")).toMatchObject({ status: 400, code: "MalformedXML" });
  });

  it("answers an OPTIONS preflight from the rules (403 without a match)", async () => {
    const b = await bucket();
    await cos.putBucketCors({ ...b, CORSRules: [{ AllowedOrigin: ["https://*.example.com"], AllowedMethod: ["GET"], AllowedHeader: ["x-cos-*"], MaxAgeSeconds: 60 }] });
    const ok = await cos.optionsObject({ ...b, Key: "k", Origin: "https://www.example.com", AccessControlRequestMethod: "GET", AccessControlRequestHeaders: "x-cos-meta-a" });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers?.["access-control-allow-origin"]).toBe("https://www.example.com");
    expect(ok.headers?.["access-control-max-age"]).toBe("60");
    // The SDK turns the 403 into { OptionsForbidden: true } (sdk/base.js optionsObject).
    expect(await cos.optionsObject({ ...b, Key: "k", Origin: "https://evil.test", AccessControlRequestMethod: "GET", AccessControlRequestHeaders: "" })).toMatchObject({ OptionsForbidden: true, statusCode: 403 });
    const anonymous = await raw(server, { method: "OPTIONS", bucket: b.Bucket, key: "k", account: null, headers: { Origin: "https://www.example.com", "Access-Control-Request-Method": "PUT" } });
    expect(anonymous.status).toBe(403);
  });
});

describe("lifecycle", () => {
  it("round-trips rules; empty-prefix filters read back as <Filter/>; storage classes upper-case", async () => {
    const b = await bucket();
    await cos.putBucketLifecycle({
      ...b,
      Rules: [
        { ID: "a", Status: "Enabled", Filter: { Prefix: "logs/" }, Transition: { Days: "30", StorageClass: "Standard_IA" }, Expiration: { Days: "365" } },
        { ID: "b", Status: "Disabled", Filter: { Prefix: "" }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: "7" } },
        { ID: "c", Status: "Enabled", Filter: { And: { Prefix: "p/", Tag: [{ Key: "k", Value: "v" }] } }, NoncurrentVersionExpiration: { NoncurrentDays: "3" } },
      ],
    });
    const body = (await get(b, "lifecycle")).body;
    expect(body).toContain("<ID>b</ID><Filter/><Status>Disabled</Status>");
    expect(body).toContain("<StorageClass>STANDARD_IA</StorageClass>");
    expect(body).toContain("<And><Prefix>p/</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></And>");
    const got = await cos.getBucketLifecycle(b);
    expect(got.Rules.map((r) => r.ID)).toEqual(["a", "b", "c"]);
  });

  it.each([
    ["duplicate IDs", "<Rule><ID>x</ID><Filter/><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule><Rule><ID>x</ID><Filter/><Status>Enabled</Status><Expiration><Days>2</Days></Expiration></Rule>", "InvalidArgument", /Rule ID must be unique/],
    ["Days and Date together", "<Rule><Filter/><Status>Enabled</Status><Expiration><Days>1</Days><Date>2030-01-01T00:00:00.000Z</Date></Expiration></Rule>", "InvalidArgument", /exactly one/],
    ["bad Status", "<Rule><Filter/><Status>On</Status><Expiration><Days>1</Days></Expiration></Rule>", "MalformedXML", /Status/],
    ["missing Filter", "<Rule><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>", "MalformedXML", /Filter/],
    ["Prefix and Tag directly under Filter", "<Rule><Filter><Prefix>a</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>", "MalformedXML", /Filter/],
    ["unknown storage class", "<Rule><Filter/><Status>Enabled</Status><Transition><Days>1</Days><StorageClass>GLACIER</StorageClass></Transition></Rule>", "InvalidArgument", /StorageClass/],
    ["no action", "<Rule><Filter/><Status>Enabled</Status></Rule>", "InvalidArgument", /action/],
  ])("rejects %s", async (_name, rules, code, message) => {
    const b = await bucket();
    const res = await put(b, "lifecycle", `<LifecycleConfiguration>${rules}</LifecycleConfiguration>`);
    expect(res).toMatchObject({ status: 400, code });
    expect(res.message).toMatch(message);
  });

  it("requires Content-MD5", async () => {
    const b = await bucket();
    const body = "<LifecycleConfiguration><Rule><Filter/><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>";
    expect(await raw(server, { method: "PUT", bucket: b.Bucket, query: { lifecycle: "" }, body, contentMd5: false })).toMatchObject({ status: 400, code: "MissingContentMD5" });
  });
});

describe("policy", () => {
  const resource = (b: string) => `qcs::cos:${REGION}:uid/1250000000:${b}/*`;
  it("validates, stores and returns compact JSON with a server-generated Sid", async () => {
    const b = await bucket();
    const Policy = { version: "2.0", Statement: [{ Principal: { qcs: ["qcs::cam::uin/100000000001:uin/100000000001"] }, Effect: "allow", Action: ["name/cos:GetObject"], Resource: [resource(b.Bucket)] }] };
    await cos.putBucketPolicy({ ...b, Policy });
    const got = await get(b, "policy");
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.body).not.toMatch(/\s/);
    const doc = JSON.parse(got.body) as { Statement: { Sid: string }[] };
    expect(doc.Statement[0].Sid).toMatch(/^costs-\d+-\d+-1$/);
    expect((await cos.getBucketPolicy(b)).Policy).toMatchObject({ version: "2.0", Statement: [{ Effect: "allow", Action: ["name/cos:GetObject"] }] });
    expect((await get(b, "policy")).body).toBe(got.body);
  });

  it.each([
    ["non-JSON", "{not json"],
    ["no Statement", '{"version":"2.0"}'],
    ["bad Effect", (b: string) => JSON.stringify({ Statement: [{ Principal: { qcs: ["*"] }, Effect: "maybe", Action: ["*"], Resource: [resource(b)] }] })],
    ["foreign resource", () => JSON.stringify({ Statement: [{ Principal: { qcs: ["*"] }, Effect: "allow", Action: ["*"], Resource: [resource("other-1250000000")] }] })],
    ["empty Action", (b: string) => JSON.stringify({ Statement: [{ Principal: { qcs: ["*"] }, Effect: "allow", Action: [], Resource: [resource(b)] }] })],
  ])("rejects %s with InvalidPolicyDocument", async (_name, body) => {
    const b = await bucket();
    const text = typeof body === "function" ? body(b.Bucket) : body;
    expect(await put(b, "policy", text)).toMatchObject({ status: 400, code: "InvalidPolicyDocument" });
  });
});

describe("versioning and replication", () => {
  it("accepts Enabled/Suspended only and never returns to off", async () => {
    const b = await bucket();
    expect(await put(b, "versioning", "<VersioningConfiguration><Status>Off</Status></VersioningConfiguration>")).toMatchObject({ status: 400, code: "MalformedXML" });
    await cos.putBucketVersioning({ ...b, VersioningConfiguration: { Status: "Enabled" } });
    await cos.putBucketVersioning({ ...b, VersioningConfiguration: { Status: "Suspended" } });
    expect((await cos.getBucketVersioning(b)).VersioningConfiguration.Status).toBe("Suspended");
    expect(await raw(server, { method: "DELETE", bucket: b.Bucket, query: { versioning: "" } })).toMatchObject({ status: 405, code: "MethodNotAllowed" });
  });

  it("requires versioning on source (409) and an existing versioned destination (400), one destination, no overlaps", async () => {
    const src = await bucket();
    const dst = { Bucket: "dest-1250000000", Region: "ap-beijing" };
    await cos.putBucket(dst);
    const rule = (id: string, prefix: string, dest = `qcs::cos:ap-beijing::${dst.Bucket}`) => ({ ID: id, Status: "Enabled", Prefix: prefix, Destination: { Bucket: dest, StorageClass: "Standard" } });
    // "Standard" is what the raw capture sends; the SDK typings only list upper-case classes.
    const cfg = (rules: ReturnType<typeof rule>[]) =>
      ({ ...src, ReplicationConfiguration: { Role: "qcs::cam::uin/100000000001:uin/100000000001", Rules: rules } }) as unknown as COS.PutBucketReplicationParams;
    expect(await sdkError(cos.putBucketReplication(cfg([rule("a", "img/")])))).toMatchObject({ statusCode: 409, code: "InvalidBucketState" });
    await cos.putBucketVersioning({ ...src, VersioningConfiguration: { Status: "Enabled" } });
    expect(await sdkError(cos.putBucketReplication(cfg([rule("a", "img/")])))).toMatchObject({ statusCode: 400, code: "InvalidArgument" });
    await cos.putBucketVersioning({ ...dst, VersioningConfiguration: { Status: "Enabled" } });
    const other = `qcs::cos:ap-beijing::dest2-1250000000`;
    expect(await sdkError(cos.putBucketReplication(cfg([rule("a", "img/"), rule("b", "doc/", other)])))).toMatchObject({ statusCode: 400, code: "MultiBucketNotSupport" });
    expect(await sdkError(cos.putBucketReplication(cfg([rule("a", "img/"), rule("b", "img/x")])))).toMatchObject({ statusCode: 400, code: "InvalidArgument" });
    expect(await sdkError(cos.putBucketReplication(cfg([rule("a", "img/", "qcs::cos:ap-shanghai::dest-1250000000")])))).toMatchObject({ statusCode: 400, code: "InvalidArgument" });
    await cos.putBucketReplication(cfg([rule("a", "img/"), rule("b", "doc/")]));
    const got = await cos.getBucketReplication(src);
    expect(got.ReplicationConfiguration.Rules.map((r) => r.Prefix)).toEqual(["img/", "doc/"]);
    expect(got.ReplicationConfiguration.Rules[0].Destination).toEqual({ Bucket: `qcs::cos:ap-beijing::${dst.Bucket}`, StorageClass: "Standard" });
    expect(await sdkError(cos.putBucketVersioning({ ...src, VersioningConfiguration: { Status: "Suspended" } }))).toMatchObject({ statusCode: 409, code: "InvalidBucketState" });
    await cos.deleteBucketReplication(src);
    await cos.putBucketVersioning({ ...src, VersioningConfiguration: { Status: "Suspended" } });
  });
});
