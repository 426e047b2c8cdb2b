/**
 * Fidelity defects of issue 12 (found by the official Node SDK's own suite), each proven here over real HTTP,
 * with the official SDK as the client where it is the SDK's behaviour at stake.
 */
import type COS from "cos-nodejs-sdk-v5";
import { type CosServer, startCosServer } from "./index";
import { REGION, raw, sdkClient, sdkError } from "./testkit";

let server: CosServer;
let cos: COS;
let n = 0;
async function bucket(): Promise<{ Bucket: string; Region: string }> {
  const b = { Bucket: `fid${++n}-1250000000`, Region: REGION };
  await cos.putBucket(b);
  return b;
}
const OWNER = "qcs::cam::uin/100000000001:uin/100000000001";
const OTHER = "qcs::cam::uin/100000000002:uin/100000000002";

beforeAll(async () => {
  server = await startCosServer({ accounts: [{}, {}] });
  cos = sdkClient(server);
});
afterAll(() => server.close());

describe("signature fields", () => {
  it("a q-ak with a trailing space is an unknown key: 403 InvalidAccessKeyId", async () => {
    const b = await bucket();
    const id = server.accounts[0].secretId;
    const tampered = await raw(server, {
      method: "GET",
      bucket: b.Bucket,
      tamper: (t) => {
        t.authorization = t.authorization.replace(`q-ak=${id}`, `q-ak=${id} `);
      },
    });
    expect(tampered).toMatchObject({ status: 403, code: "InvalidAccessKeyId" });
    expect((await raw(server, { method: "GET", bucket: b.Bucket })).status).toBe(200);
  });
});

describe("ACLs", () => {
  it("PUT Object ?acl takes grant headers and an AccessControlPolicy body (002 PUT Object acl)", async () => {
    const b = await bucket();
    await cos.putObject({ ...b, Key: "a.txt", Body: "a" });
    await cos.putObjectAcl({ ...b, Key: "a.txt", GrantRead: `id="${OTHER}"` });
    const byHeader = await cos.getObjectAcl({ ...b, Key: "a.txt" });
    expect(byHeader.GrantRead).toBe(`id="${OTHER}"`);
    await cos.putObjectAcl({
      ...b,
      Key: "a.txt",
      AccessControlPolicy: {
        Owner: { ID: OWNER },
        Grants: [{ Grantee: { URI: "http://cam.qcloud.com/groups/global/AllUsers" }, Permission: "READ" }],
      },
    } as unknown as COS.PutObjectAclParams);
    const byBody = await cos.getObjectAcl({ ...b, Key: "a.txt" });
    expect(byBody.ACL).toBe("public-read");
    expect(byBody.GrantRead).toBe("");
    // The body grant is real: anyone may now read the object.
    expect(await raw(server, { method: "GET", bucket: b.Bucket, key: "a.txt", account: null })).toMatchObject({ status: 200, body: "a" });
    await cos.putObjectAcl({ ...b, Key: "a.txt", ACL: "private" });
    expect((await raw(server, { method: "GET", bucket: b.Bucket, key: "a.txt", account: null })).status).toBe(403);
  });

  it("PUT Bucket ?acl accepts the SDK's read-modify-write with empty grant headers", async () => {
    const b = await bucket();
    await cos.putBucketAcl({ ...b, ACL: "public-read" });
    const acl = await cos.getBucketAcl(b);
    expect(acl.GrantFullControl).toBe("");
    // Everything read goes back, empty grant lists included, plus one new grant.
    const put = await cos.putBucketAcl({
      ...b,
      ACL: acl.ACL,
      GrantRead: acl.GrantRead,
      GrantWrite: acl.GrantWrite,
      GrantFullControl: `id="${OTHER}"`,
      GrantReadAcp: acl.GrantReadAcp,
      GrantWriteAcp: acl.GrantWriteAcp,
    } as COS.PutBucketAclParams);
    expect(put.statusCode).toBe(200);
    const after = await cos.getBucketAcl(b);
    expect(after).toMatchObject({ ACL: "public-read", GrantFullControl: `id="${OTHER}"`, GrantRead: "" });
    // Grant headers give exactly their grants plus the canned ACL's public part, no owner FULL_CONTROL.
    expect(after.Grants.map((g) => [(g.Grantee as { ID?: string; URI?: string }).ID ?? (g.Grantee as { URI?: string }).URI, g.Permission])).toEqual([
      ["http://cam.qcloud.com/groups/global/AllUsers", "READ"],
      [OTHER, "FULL_CONTROL"],
    ]);
  });
});

describe("uploads", () => {
  it("x-cos-tagging on PUT Object tags the object and HEAD reports x-cos-tagging-count", async () => {
    const b = await bucket();
    await cos.putObject({ ...b, Key: "t.txt", Body: "t", Headers: { "x-cos-tagging": `k1=v1&k2=${encodeURIComponent("v 2/=")}` } });
    const head = await cos.headObject({ ...b, Key: "t.txt" });
    expect(head.headers?.["x-cos-tagging-count"]).toBe("2");
    expect((await cos.getObjectTagging({ ...b, Key: "t.txt" })).Tags).toEqual([
      { Key: "k1", Value: "v1" },
      { Key: "k2", Value: "v 2/=" },
    ]);
    await cos.putObject({ ...b, Key: "untagged", Body: "u" });
    expect((await cos.headObject({ ...b, Key: "untagged" })).headers?.["x-cos-tagging-count"]).toBeUndefined();
  });

  it("Content-Type comes from the key's extension when none is sent; an empty one on initiate is not stored", async () => {
    const b = await bucket();
    await cos.putObject({ ...b, Key: "site/index.html", Body: "<p>" });
    await cos.putObject({ ...b, Key: "noext", Body: "x" });
    await cos.putObject({ ...b, Key: "data.json", Body: "{}", ContentType: "text/x-mine" });
    expect((await cos.headObject({ ...b, Key: "site/index.html" })).headers?.["content-type"]).toBe("text/html");
    expect((await cos.headObject({ ...b, Key: "noext" })).headers?.["content-type"]).toBe("application/octet-stream");
    expect((await cos.headObject({ ...b, Key: "data.json" })).headers?.["content-type"]).toBe("text/x-mine");
    const init = await raw(server, { method: "POST", bucket: b.Bucket, key: "big.css", query: { uploads: "" }, headers: { "Content-Type": "" } });
    expect(init.status).toBe(200);
    const UploadId = /<UploadId>([^<]+)</.exec(init.body)![1];
    const part = await cos.multipartUpload({ ...b, Key: "big.css", UploadId, PartNumber: 1, Body: "body{}" });
    await cos.multipartComplete({ ...b, Key: "big.css", UploadId, Parts: [{ PartNumber: 1, ETag: part.ETag }] });
    const head = await raw(server, { method: "HEAD", bucket: b.Bucket, key: "big.css" });
    expect(head.headers["content-type"]).toBe("text/css");
  });

  it("x-cos-server-side-encryption is echoed on upload and read, and follows the bucket default", async () => {
    const b = await bucket();
    const put = await cos.putObject({ ...b, Key: "s", Body: "s", ServerSideEncryption: "AES256" });
    expect(put.headers?.["x-cos-server-side-encryption"]).toBe("AES256");
    expect((await cos.headObject({ ...b, Key: "s" })).headers?.["x-cos-server-side-encryption"]).toBe("AES256");
    expect(await sdkError(cos.putObject({ ...b, Key: "bad", Body: "b", ServerSideEncryption: "DES" }))).toMatchObject({ statusCode: 400, code: "InvalidArgument" });
    await cos.putObject({ ...b, Key: "plain", Body: "p" });
    expect((await cos.headObject({ ...b, Key: "plain" })).headers?.["x-cos-server-side-encryption"]).toBeUndefined();
    await cos.putBucketEncryption({ ...b, ServerSideEncryptionConfiguration: { Rule: [{ ApplySideEncryptionConfiguration: { SSEAlgorithm: "AES256" } }] } });
    await cos.putObject({ ...b, Key: "default", Body: "d" });
    expect((await cos.headObject({ ...b, Key: "default" })).headers?.["x-cos-server-side-encryption"]).toBe("AES256");
  });

  it("x-cos-meta-* names come back with the case they were sent with", async () => {
    const b = await bucket();
    const put = await raw(server, { method: "PUT", bucket: b.Bucket, key: "m", body: "m", headers: { "x-cos-meta-MyKey": "Value" } });
    expect(put.status).toBe(200);
    const head = await raw(server, { method: "HEAD", bucket: b.Bucket, key: "m" });
    const i = head.rawHeaders.findIndex((h) => h.toLowerCase() === "x-cos-meta-mykey");
    expect(head.rawHeaders[i]).toBe("x-cos-meta-MyKey");
    expect(head.rawHeaders[i + 1]).toBe("Value");
  });
});

describe("GET Object response-* overrides", () => {
  it("replace the stored headers in the GET answer only", async () => {
    const b = await bucket();
    await cos.putObject({ ...b, Key: "r.txt", Body: "r", CacheControl: "max-age=60" });
    const got = await cos.getObject({
      ...b,
      Key: "r.txt",
      ResponseContentType: "text/csv",
      ResponseContentDisposition: 'attachment; filename="r.csv"',
      ResponseCacheControl: "no-cache",
      ResponseContentLanguage: "fr",
    });
    expect(got.headers).toMatchObject({ "content-type": "text/csv", "content-disposition": 'attachment; filename="r.csv"', "cache-control": "no-cache", "content-language": "fr" });
    // Nothing stored changed.
    expect((await cos.headObject({ ...b, Key: "r.txt" })).headers).toMatchObject({ "content-type": "text/plain", "cache-control": "max-age=60" });
  });
});
