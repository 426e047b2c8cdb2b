import { createHash } from "node:crypto";
import { CosValidationError, isCosServiceError } from "../../../provider/cos";
import { authPairs, COS_HOST, CREDS, LOC, mockCos, closeMockAgents } from "./mockCos";

afterAll(closeMockAgents);

// The SDK's static signer is an independent oracle for the Authorization we put on the wire.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const COS = require("cos-nodejs-sdk-v5") as { getAuthorization(o: Record<string, unknown>): string };

const md5b64 = (b: Buffer): string => createHash("md5").update(b).digest("base64");

/** Recomputes the wire Authorization with the SDK, using the header and param lists we declared. */
function sdkReSign(method: string, pathname: string, query: Record<string, string>, headers: Record<string, string>, auth: string): string {
  const pairs = authPairs(auth);
  const signed: Record<string, string> = {};
  for (const name of pairs["q-header-list"]!.split(";").filter(Boolean)) signed[name] = headers[name]!;
  return COS.getAuthorization({ SecretId: CREDS.secretId, SecretKey: CREDS.secretKey, Method: method, Pathname: pathname, Query: query, Headers: signed, KeyTime: pairs["q-key-time"] });
}

describe("request shape (MockAgent, no network)", () => {
  it("PUT ?cors: method, path, Host, Content-Type, correct Content-MD5, signed headers", async () => {
    const { client, requests } = mockCos();
    await client.putBucketCors(LOC, { rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"] }] });
    const r = requests[0]!;
    expect(r.method).toBe("PUT");
    expect(r.path).toBe("/?cors=");
    expect(r.headers["host"]).toBe(COS_HOST);
    expect(r.headers["content-type"]).toBe("application/xml");
    expect(r.headers["content-md5"]).toBe(md5b64(r.body));
    expect(r.headers["content-length"]).toBe(String(r.body.length));
    expect(r.body.toString()).toContain("<AllowedOrigin>*</AllowedOrigin>");
    const pairs = authPairs(r.headers["authorization"]);
    expect(pairs["q-header-list"]).toBe("content-length;content-md5;content-type;host");
    expect(pairs["q-url-param-list"]).toBe("cors");
    expect(pairs["q-ak"]).toBe(CREDS.secretId);
    expect(r.headers["authorization"]).toBe(sdkReSign("PUT", "/", { cors: "" }, r.headers, r.headers["authorization"]!));
  });

  it("every body-carrying PUT/POST has a Content-MD5 matching its bytes", async () => {
    const { client, requests } = mockCos((r) => (r.method === "POST" ? { status: 200, body: "<DeleteResult/>" } : { status: 200 }));
    await client.putBucketLifecycle(LOC, { rules: [{ id: "a", status: "Enabled", expiration: { days: 3 } }] });
    await client.putBucketPolicy(LOC, '{"version":"2.0","Statement":[]}');
    await client.putBucketTagging(LOC, [{ key: "k", value: "v" }]);
    await client.putBucketVersioning(LOC, "Enabled");
    await client.deleteObjects(LOC, [{ key: "a" }, { key: "b", versionId: "v1" }], { quiet: true });
    await client.putObject(LOC, "x.txt", "hello", { contentType: "text/plain" });
    expect(requests).toHaveLength(6);
    for (const r of requests) {
      expect(r.body.length).toBeGreaterThan(0);
      expect(r.headers["content-md5"]).toBe(md5b64(r.body));
    }
    expect(requests[1]!.headers["content-type"]).toBe("application/json");
    expect(requests[4]!.path).toBe("/?delete=");
    expect(requests[4]!.body.toString()).toBe("<Delete><Quiet>true</Quiet><Object><Key>a</Key></Object><Object><Key>b</Key><VersionId>v1</VersionId></Object></Delete>");
  });

  it("sends and signs x-cos-security-token for temporary credentials", async () => {
    const { client, requests } = mockCos(() => ({ status: 200 }), {
      credentials: async () => ({ ...CREDS, securityToken: "sts-token+/=" }),
    });
    await client.headBucket(LOC);
    const r = requests[0]!;
    expect(r.method).toBe("HEAD");
    expect(r.headers["x-cos-security-token"]).toBe("sts-token+/=");
    expect(authPairs(r.headers["authorization"])["q-header-list"]).toBe("host;x-cos-security-token");
    expect(r.headers["authorization"]).toBe(sdkReSign("HEAD", "/", {}, r.headers, r.headers["authorization"]!));
  });

  it("endpoint override changes only the socket target; Host stays the COS host", async () => {
    const { client, requests } = mockCos(() => ({ status: 200 }), { endpoint: "http://127.0.0.1:9000" }, "http://127.0.0.1:9000");
    await client.getBucketVersioning(LOC);
    expect(requests[0]!.headers["host"]).toBe(COS_HOST);
    expect(requests[0]!.path).toBe("/?versioning=");
  });

  it("path style puts the bucket in the path and in the signed HttpURI", async () => {
    const origin = "https://cos.ap-guangzhou.myqcloud.com";
    const { client, requests } = mockCos(() => ({ status: 200 }), { forcePathStyle: true }, origin);
    await client.deleteBucketCors(LOC);
    const r = requests[0]!;
    expect(r.headers["host"]).toBe("cos.ap-guangzhou.myqcloud.com");
    expect(r.path).toBe(`/${LOC.bucket}/?cors=`);
    expect(r.headers["authorization"]).toBe(sdkReSign("DELETE", `/${LOC.bucket}/`, { cors: "" }, r.headers, r.headers["authorization"]!));
  });

  it("object keys are percent-encoded on the wire and signed decoded", async () => {
    const { client, requests } = mockCos(() => ({ status: 200, headers: { etag: '"abc"', "x-cos-version-id": "v9" } }));
    const key = "special/!*'();:@&=+$,/?#[] end 文件.bin";
    const out = await client.putObject(LOC, key, Buffer.from("hi"), { headers: { "x-cos-meta-a": "b" } });
    expect(out).toEqual({ etag: '"abc"', versionId: "v9" });
    const r = requests[0]!;
    expect(r.path).toBe("/special/%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C/%3F%23%5B%5D%20end%20%E6%96%87%E4%BB%B6.bin");
    expect(authPairs(r.headers["authorization"])["q-header-list"]).toBe("content-length;content-md5;content-type;host;x-cos-meta-a");
    expect(r.headers["authorization"]).toBe(sdkReSign("PUT", `/${key}`, {}, r.headers, r.headers["authorization"]!));
  });

  it("list queries carry only the given params and encoding-type=url (keys come back percent-encoded), all signed", async () => {
    const { client, requests } = mockCos(() => ({ status: 200, body: "<ListVersionsResult><IsTruncated>false</IsTruncated></ListVersionsResult>" }));
    await client.listObjectVersions(LOC, { prefix: "a b/", keyMarker: "k", maxKeys: 10 });
    const r = requests[0]!;
    expect(r.path).toBe("/?versions=&prefix=a%20b%2F&key-marker=k&max-keys=10&encoding-type=url");
    expect(authPairs(r.headers["authorization"])["q-url-param-list"]).toBe("encoding-type;key-marker;max-keys;prefix;versions");
    expect(r.headers["authorization"]).toBe(
      sdkReSign("GET", "/", { versions: "", prefix: "a b/", "key-marker": "k", "max-keys": "10", "encoding-type": "url" }, r.headers, r.headers["authorization"]!),
    );
    const objects = mockCos(() => ({ status: 200, body: "<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>" }));
    await objects.client.listObjects(LOC, { prefix: "p" });
    expect(objects.requests[0]!.path).toBe("/?prefix=p&encoding-type=url");
    const uploads = mockCos(() => ({ status: 200, body: "<ListMultipartUploadsResult><IsTruncated>false</IsTruncated></ListMultipartUploadsResult>" }));
    await uploads.client.listMultipartUploads(LOC);
    expect(uploads.requests[0]!.path).toMatch(/^\/\?uploads=&.*encoding-type=url$/);
  });

  it("GET Service goes to service.cos.myqcloud.com or cos.<region>.myqcloud.com", async () => {
    const xml = "<ListAllMyBucketsResult><Buckets><Bucket><Name>a-1</Name><Location>ap-beijing</Location><CreationDate>2019-05-24T10:56:40Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>";
    const all = mockCos(() => ({ status: 200, body: xml }), {}, "https://service.cos.myqcloud.com");
    expect(await all.client.getService()).toEqual([{ name: "a-1", location: "ap-beijing", creationDate: "2019-05-24T10:56:40Z" }]);
    expect(all.requests[0]!.headers["host"]).toBe("service.cos.myqcloud.com");
    const one = mockCos(() => ({ status: 200, body: xml }), {}, "https://cos.ap-beijing.myqcloud.com");
    await one.client.getService({ region: "ap-beijing" });
    expect(one.requests[0]!.headers["host"]).toBe("cos.ap-beijing.myqcloud.com");
  });

  it("putBucket sends ACL/grant headers and the MAZ body", async () => {
    const { client, requests } = mockCos();
    await client.putBucket(LOC, { acl: "public-read", grants: { read: ["qcs::cam::uin/1:uin/1", "qcs::cam::uin/1:uin/2"] }, multiAz: true });
    const r = requests[0]!;
    expect(r.headers["x-cos-acl"]).toBe("public-read");
    expect(r.headers["x-cos-grant-read"]).toBe('id="qcs::cam::uin/1:uin/1",id="qcs::cam::uin/1:uin/2"');
    expect(r.body.toString()).toBe("<CreateBucketConfiguration><BucketAZConfig>MAZ</BucketAZConfig></CreateBucketConfiguration>");
    expect(authPairs(r.headers["authorization"])["q-header-list"]).toBe("content-length;content-md5;content-type;host;x-cos-acl;x-cos-grant-read");
  });

  it("validates bucket and region before any request", async () => {
    const { client, requests } = mockCos();
    await expect(client.getBucketCors({ bucket: "Bad_Bucket-1", region: "ap-guangzhou" })).rejects.toBeInstanceOf(CosValidationError);
    await expect(client.getBucketCors({ bucket: "ok-1250000000", region: "guangzhou" })).rejects.toThrow(/region "guangzhou"/);
    await expect(client.deleteObjects(LOC, Array.from({ length: 1001 }, (_, i) => ({ key: `k${i}` })))).rejects.toThrow(/at most 1000/);
    expect(requests).toHaveLength(0);
  });

  it("uses the default env credential chain at call time", async () => {
    const saved = { ...process.env };
    try {
      process.env["TENCENTCLOUD_SECRET_ID"] = "AKIDFROMENV";
      process.env["TENCENTCLOUD_SECRET_KEY"] = "envkey";
      process.env["TENCENTCLOUD_SECURITY_TOKEN"] = "envtoken";
      const { client, requests } = mockCos(() => ({ status: 200 }), { credentials: undefined });
      await client.headBucket(LOC);
      expect(authPairs(requests[0]!.headers["authorization"])["q-ak"]).toBe("AKIDFROMENV");
      expect(requests[0]!.headers["x-cos-security-token"]).toBe("envtoken");
    } finally {
      process.env = saved;
    }
  });

  it("onRequest sees method, op, host, path and attempt", async () => {
    const seen: unknown[] = [];
    const { client } = mockCos(() => ({ status: 200 }), { onRequest: (i) => seen.push(i) });
    await client.deleteBucketWebsite(LOC);
    expect(seen).toEqual([{ method: "DELETE", op: "DeleteBucketWebsite", host: COS_HOST, path: "/", attempt: 1 }]);
  });

  it("a 2xx with an <Error> body is an error", async () => {
    const { client } = mockCos(() => ({ status: 200, body: "<?xml version='1.0'?><Error><Code>InternalError</Code><Message>boom</Message><RequestId>r2</RequestId></Error>" }));
    const err = await client.getBucketAcl(LOC).catch((e: unknown) => e);
    expect(isCosServiceError(err, "InternalError")).toBe(true);
  });
});
