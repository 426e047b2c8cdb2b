/**
 * Buckets, GET Service, location and ACL driven through the official cos-nodejs-sdk-v5 (plus raw requests
 * signed by `COS.getAuthorization` where the SDK hides the wire).
 */
import type COS from "cos-nodejs-sdk-v5";
import { type CosServer, startCosServer } from "./index";
import { REGION, raw, sdkClient, sdkError } from "./testkit";

let server: CosServer;
let cos: COS;
let other: COS;
const APP = "1250000000";

beforeAll(async () => {
  server = await startCosServer({ accounts: [{}, { appId: "1250000001" }] });
  cos = sdkClient(server);
  other = sdkClient(server, server.accounts[1]);
});
afterAll(() => server.close());

describe("PUT/HEAD/DELETE Bucket and GET Service", () => {
  it("creates a bucket owned by the caller in the Host's region and lists it with CreationDate", async () => {
    const name = `svc-${APP}`;
    const put = await cos.putBucket({ Bucket: name, Region: "ap-beijing" });
    expect(put.statusCode).toBe(200);
    expect(server.state.getBucket(name)).toMatchObject({ appId: APP, region: "ap-beijing", ownerUin: "100000000001" });
    const svc = await cos.getService({});
    const listed = svc.Buckets.find((b) => b.Name === name);
    expect(listed).toMatchObject({ Name: name, Location: "ap-beijing" });
    expect(listed?.CreationDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(svc.Owner).toEqual({ ID: "qcs::cam::uin/100000000001:uin/100000000001", DisplayName: "100000000001" });
    expect((await cos.headBucket({ Bucket: name, Region: "ap-beijing" })).statusCode).toBe(200);
    expect((await cos.getBucketLocation({ Bucket: name, Region: "ap-beijing" })).LocationConstraint).toBe("ap-beijing");
  });

  it("GET Service lists only the caller's buckets and filters by the cos.<region> host", async () => {
    await cos.putBucket({ Bucket: `mine-${APP}`, Region: REGION });
    await other.putBucket({ Bucket: "theirs-1250000001", Region: REGION });
    const mine = (await cos.getService({})).Buckets.map((b) => b.Name);
    expect(mine).toContain(`mine-${APP}`);
    expect(mine).not.toContain("theirs-1250000001");
    const regional = await raw(server, { method: "GET", host: "cos.ap-beijing.myqcloud.com" });
    expect(regional.status).toBe(200);
    expect(regional.body).toContain(`<Name>svc-${APP}</Name>`);
    expect(regional.body).not.toContain(`<Name>mine-${APP}</Name>`);
  });

  it("answers BucketAlreadyExists to the owner, AccessDenied for a foreign APPID, InvalidBucketName for bad names", async () => {
    await cos.putBucket({ Bucket: `dup-${APP}`, Region: REGION });
    expect(await sdkError(cos.putBucket({ Bucket: `dup-${APP}`, Region: REGION }))).toMatchObject({ statusCode: 409, code: "BucketAlreadyExists" });
    const foreign = await raw(server, { method: "PUT", bucket: `dup-${APP}`, account: server.accounts[1] });
    expect(foreign).toMatchObject({ status: 403, code: "AccessDenied" });
    const bad = await raw(server, { method: "PUT", host: `127.0.0.1:${server.port}`, path: `/-bad-${APP}` });
    expect(bad).toMatchObject({ status: 400, code: "InvalidBucketName" });
    const upper = await raw(server, { method: "PUT", host: `127.0.0.1:${server.port}`, path: `/Upper-${APP}` });
    expect(upper).toMatchObject({ status: 400, code: "InvalidBucketName" });
    expect(await sdkError(cos.putBucket({ Bucket: "x-1250000001", Region: REGION }))).toMatchObject({ statusCode: 403, code: "AccessDenied" });
  });

  it("creates a multi-AZ bucket from a CreateBucketConfiguration body and rejects unknown elements", async () => {
    await cos.putBucket({ Bucket: `maz-${APP}`, Region: REGION, BucketAZConfig: "MAZ" });
    expect(server.state.getBucket(`maz-${APP}`)?.azConfig).toBe("MAZ");
    const bad = await raw(server, { method: "PUT", bucket: `maz2-${APP}`, body: "<CreateBucketConfiguration><Foo>1</Foo></CreateBucketConfiguration>" });
    expect(bad).toMatchObject({ status: 400, code: "MalformedXML" });
  });

  it("refuses more than 200 buckets per account with TooManyBucket", async () => {
    const s = await startCosServer();
    try {
      const c = sdkClient(s);
      const start = s.state.listBuckets().length;
      for (let i = start; i < 200; i++) await c.putBucket({ Bucket: `b${i}-${APP}`, Region: REGION });
      expect(await sdkError(c.putBucket({ Bucket: `overflow-${APP}`, Region: REGION }))).toMatchObject({ statusCode: 400, code: "TooManyBucket" });
    } finally {
      await s.close();
    }
  });

  it("keeps a bucket in its region: the same name via another region is NoSuchBucket, HEAD has no body", async () => {
    await cos.putBucket({ Bucket: `regional-${APP}`, Region: "ap-shanghai" });
    const err = await sdkError(cos.getBucketLocation({ Bucket: `regional-${APP}`, Region: "ap-beijing" }));
    expect(err).toMatchObject({ statusCode: 404, code: "NoSuchBucket" });
    const head = await raw(server, { method: "HEAD", bucket: `regional-${APP}`, region: "ap-beijing" });
    expect(head.status).toBe(404);
    expect(head.body).toBe("");
  });

  it("forbids another account's bucket with AccessDenied", async () => {
    await cos.putBucket({ Bucket: `private-${APP}`, Region: REGION });
    expect(await sdkError(other.getBucketAcl({ Bucket: `private-${APP}`, Region: REGION }))).toMatchObject({ statusCode: 403, code: "AccessDenied" });
    expect(await sdkError(other.deleteBucket({ Bucket: `private-${APP}`, Region: REGION }))).toMatchObject({ statusCode: 403 });
    expect(server.state.getBucket(`private-${APP}`)).toBeDefined();
  });

  it("deletes only empty buckets: objects, delete markers and multipart uploads block it", async () => {
    const Bucket = `full-${APP}`;
    await cos.putBucket({ Bucket, Region: REGION });
    await cos.putObject({ Bucket, Region: REGION, Key: "k", Body: "x" });
    expect(await sdkError(cos.deleteBucket({ Bucket, Region: REGION }))).toMatchObject({ statusCode: 409, code: "BucketNotEmpty" });
    await cos.deleteObject({ Bucket, Region: REGION, Key: "k" });
    const init = await cos.multipartInit({ Bucket, Region: REGION, Key: "mp" });
    expect(await sdkError(cos.deleteBucket({ Bucket, Region: REGION }))).toMatchObject({ statusCode: 409, code: "BucketNotEmpty" });
    await cos.multipartAbort({ Bucket, Region: REGION, Key: "mp", UploadId: init.UploadId });
    const del = await cos.deleteBucket({ Bucket, Region: REGION });
    expect(del.statusCode).toBe(204);
    expect(await sdkError(cos.headBucket({ Bucket, Region: REGION }))).toMatchObject({ statusCode: 404 });
  });

  it("addresses buckets path-style on an IP host and on cos.<region> hosts", async () => {
    const put = await raw(server, { method: "PUT", host: `127.0.0.1:${server.port}`, path: `/pathstyle-${APP}` });
    expect(put.status).toBe(200);
    expect(server.state.getBucket(`pathstyle-${APP}`)?.region).toBe(REGION);
    const obj = await raw(server, { method: "PUT", host: `cos.${REGION}.myqcloud.com`, path: `/pathstyle-${APP}/dir/a b.txt`, body: "hi" });
    expect(obj.status).toBe(200);
    const get = await raw(server, { method: "GET", host: `127.0.0.1:${server.port}`, path: `/pathstyle-${APP}/dir/a b.txt` });
    expect(get).toMatchObject({ status: 200, body: "hi" });
    const noBucket = await raw(server, { method: "GET", host: `127.0.0.1:${server.port}`, path: "/", query: { cors: "" } });
    expect(noBucket).toMatchObject({ status: 400, code: "InvalidURI" });
  });
});

describe("Bucket ACL", () => {
  const Bucket = `acl-${APP}`;
  beforeAll(() => cos.putBucket({ Bucket, Region: REGION, ACL: "public-read" }));

  it("materialises a canned ACL as grants with DisplayName, so GET round-trips", async () => {
    const acl = await cos.getBucketAcl({ Bucket, Region: REGION });
    expect(acl.ACL).toBe("public-read");
    expect(acl.Owner).toEqual({ ID: "qcs::cam::uin/100000000001:uin/100000000001", DisplayName: "100000000001" });
    const rawAcl = await raw(server, { method: "GET", bucket: Bucket, query: { acl: "" } });
    expect(rawAcl.body).toContain('xsi:type="Group"');
    expect(rawAcl.body).toContain("<URI>http://cam.qcloud.com/groups/global/AllUsers</URI>");
  });

  it("accepts header mode with grant headers", async () => {
    await cos.putBucketAcl({ Bucket, Region: REGION, ACL: "private", GrantRead: 'id="qcs::cam::uin/100000000002:uin/100000000002"' });
    const acl = await cos.getBucketAcl({ Bucket, Region: REGION });
    expect(acl.ACL).toBe("private");
    expect(acl.Grants).toContainEqual({ Grantee: { ID: "qcs::cam::uin/100000000002:uin/100000000002", DisplayName: "100000000002" }, Permission: "READ" });
  });

  it("accepts body mode with RootAccount/SubAccount/Group types and returns CanonicalUser/Group", async () => {
    const body =
      '<AccessControlPolicy><Owner><ID>qcs::cam::uin/100000000001:uin/100000000001</ID></Owner><AccessControlList>' +
      '<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="RootAccount"><ID>qcs::cam::uin/100000000001:uin/100000000001</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant>' +
      '<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="SubAccount"><ID>qcs::cam::uin/100000000001:uin/100000000011</ID></Grantee><Permission>WRITE</Permission></Grant>' +
      '<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://cam.qcloud.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant>' +
      "</AccessControlList></AccessControlPolicy>";
    expect((await raw(server, { method: "PUT", bucket: Bucket, query: { acl: "" }, body })).status).toBe(200);
    const got = await raw(server, { method: "GET", bucket: Bucket, query: { acl: "" } });
    expect(got.body).not.toMatch(/RootAccount|SubAccount/);
    expect(got.body).toContain('xsi:type="CanonicalUser"><ID>qcs::cam::uin/100000000001:uin/100000000011</ID><DisplayName>100000000011</DisplayName>');
    expect((await cos.getBucketAcl({ Bucket, Region: REGION })).ACL).toBe("public-read");
  });

  it("rejects header+body conflicts, a wrong Owner, bad permissions and a wrong Content-MD5", async () => {
    const body = "<AccessControlPolicy><Owner><ID>qcs::cam::uin/100000000001:uin/100000000001</ID></Owner><AccessControlList/></AccessControlPolicy>";
    const both = await raw(server, { method: "PUT", bucket: Bucket, query: { acl: "" }, body, headers: { "x-cos-acl": "private" } });
    expect(both).toMatchObject({ status: 400, code: "InvalidRequest" });
    const wrongOwner = await raw(server, { method: "PUT", bucket: Bucket, query: { acl: "" }, body: body.replace(/100000000001/g, "100000000009") });
    expect(wrongOwner).toMatchObject({ status: 400, code: "InvalidArgument" });
    const perm = body.replace("<AccessControlList/>", "<AccessControlList><Grant><Grantee><ID>1</ID></Grantee><Permission>ALL</Permission></Grant></AccessControlList>");
    expect(await raw(server, { method: "PUT", bucket: Bucket, query: { acl: "" }, body: perm })).toMatchObject({ status: 400, code: "MalformedACLError" });
    const md5 = await raw(server, { method: "PUT", bucket: Bucket, query: { acl: "" }, body, contentMd5: false, headers: { "Content-MD5": "AAAAAAAAAAAAAAAAAAAAAA==" } });
    expect(md5).toMatchObject({ status: 400, code: "InvalidDigest" });
  });
});
