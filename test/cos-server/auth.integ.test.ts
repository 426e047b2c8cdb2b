/**
 * Signature verification (digest §1.6): acceptance of every transport and of the document's own test
 * vectors, and rejection with the documented codes.
 */
import COS from "cos-nodejs-sdk-v5";
import { type CosServer, startCosServer } from "./index";
import { REGION, raw, sdkClient, sdkError, signWithTimes, window } from "./testkit";

let server: CosServer;
const BUCKET = "auth-1250000000";

beforeAll(async () => {
  server = await startCosServer({
    accounts: [
      {},
      { appId: "1250000001", secretId: "AKID-TEMP", secretKey: "temp-key", securityToken: "good-token" },
      { appId: "1250000002", secretId: "AKID-EXPIRED", secretKey: "old-key", securityToken: "old-token", tokenExpiresAt: Date.now() - 1000 },
      // The 2018 API reference's key, with the OCR erratum fixed (digest §1.5).
      { appId: "1254000000", secretId: "AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q", secretKey: "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz" },
    ],
  });
  await sdkClient(server).putBucket({ Bucket: BUCKET, Region: REGION });
});
afterAll(() => server.close());
afterEach(() => server.faults.reset());

const get = (extra: Partial<Parameters<typeof raw>[1]> = {}) => raw(server, { method: "GET", bucket: BUCKET, query: { prefix: "a" }, headers: { "x-cos-meta-x": "1" }, ...extra });

describe("accepted signatures", () => {
  it("accepts the Authorization header, the sign= query parameter and bare q-* query parameters", async () => {
    expect((await get()).status).toBe(200);
    expect((await get({ transport: "sign" })).status).toBe(200);
    expect((await get({ transport: "query" })).status).toBe(200);
  });

  it("parses the pairs as an unordered map", async () => {
    const res = await get({ tamper: (t) => void (t.authorization = t.authorization.split("&").reverse().join("&")) });
    expect(res.status).toBe(200);
  });

  it("uses q-key-time for SignKey and q-sign-time for StringToSign", async () => {
    const a = server.accounts[0];
    const host = `${BUCKET}.cos.${REGION}.myqcloud.com`;
    const same = window(-60, 600);
    // The test signer agrees with the official SDK when both times are equal ...
    const sdkAuth = COS.getAuthorization({ SecretId: a.secretId, SecretKey: a.secretKey, Method: "get", Pathname: "/", Headers: { Host: host }, KeyTime: same });
    expect(signWithTimes(a, "GET", "/", { host }, same, same)).toBe(sdkAuth);
    // ... so it can be trusted to send different ones (as 002:L781 does).
    const keyTime = window(-120, 3600);
    const signTime = window(-30, 300);
    const ok = await raw(server, { method: "GET", bucket: BUCKET, account: null, headers: { Authorization: signWithTimes(a, "GET", "/", { host }, keyTime, signTime) } });
    expect(ok.status).toBe(200);
    const swapped = signWithTimes(a, "GET", "/", { host }, keyTime, signTime).replace(`q-sign-time=${signTime}&q-key-time=${keyTime}`, `q-sign-time=${keyTime}&q-key-time=${signTime}`);
    expect(await raw(server, { method: "GET", bucket: BUCKET, account: null, headers: { Authorization: swapped } })).toMatchObject({ status: 403, code: "SignatureDoesNotMatch" });
  });

  it("verifies the API reference's vectors TV1 and TV2 (002:L505-610) with the server clock set to 2014", async () => {
    server.faults.skewClock(1417773900_000 - Date.now());
    const host = "bucket1-1254000000.cos.ap-beijing.myqcloud.com";
    const auth = (headers: string, sig: string) =>
      `q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1417773892;1417853898&q-key-time=1417773892;1417853898&q-header-list=${headers}&q-url-param-list=&q-signature=${sig}`;
    const tv1 = await raw(server, {
      method: "PUT", host, key: "testfile2", account: null, body: "Hello world", contentMd5: false,
      headers: { "x-cos-content-sha1": "7b502c3a1f48c8609ae212cdfb639dee39673f5e", "x-cos-storage-class": "nearline", Authorization: auth("host;x-cos-content-sha1;x-cos-storage-class", "84f5be2187452d2fe276dbdca932143ef8161145") },
    });
    // The signature is accepted; the bucket simply does not exist here.
    expect(tv1).toMatchObject({ status: 404, code: "NoSuchBucket" });
    const tv2 = await raw(server, { method: "GET", host, key: "testfile", account: null, headers: { Range: "bytes=0-3", Authorization: auth("host;range", "4b6cbab14ce01381c29032423481ebffd514e8be") } });
    expect(tv2).toMatchObject({ status: 404, code: "NoSuchBucket" });
    const tampered = await raw(server, { method: "GET", host, key: "testfile", account: null, headers: { Range: "bytes=0-4", Authorization: auth("host;range", "4b6cbab14ce01381c29032423481ebffd514e8be") } });
    expect(tampered).toMatchObject({ status: 403, code: "SignatureDoesNotMatch" });
  });

  it("signs the path-style HttpURI including /<bucket> and the exact Host with its port", async () => {
    const res = await raw(server, { method: "GET", host: `127.0.0.1:${server.port}`, path: `/${BUCKET}/` });
    expect(res.status).toBe(200);
    const otherPort = await raw(server, {
      method: "GET", host: `127.0.0.1:${server.port}`, path: `/${BUCKET}/`,
      tamper: (t) => void (t.authorization = COS.getAuthorization({ SecretId: server.accounts[0].secretId, SecretKey: server.accounts[0].secretKey, Method: "get", Pathname: `/${BUCKET}/`, Headers: { Host: "127.0.0.1:1" } })),
    });
    expect(otherPort).toMatchObject({ status: 403, code: "SignatureDoesNotMatch" });
  });
});

describe("rejected signatures", () => {
  it("tampered header → 403 SignatureDoesNotMatch", async () => {
    expect(await get({ tamper: (t) => void (t.headers["x-cos-meta-x"] = "2") })).toMatchObject({ status: 403, code: "SignatureDoesNotMatch" });
  });

  it("tampered query → 403 SignatureDoesNotMatch", async () => {
    expect(await get({ tamper: (t) => void (t.query.prefix = "b") })).toMatchObject({ status: 403, code: "SignatureDoesNotMatch" });
  });

  it("a header or parameter named in the lists but missing → 403 SignatureDoesNotMatch", async () => {
    expect(await get({ tamper: (t) => void delete t.headers["x-cos-meta-x"] })).toMatchObject({ status: 403, code: "SignatureDoesNotMatch" });
    expect(await get({ tamper: (t) => void delete t.query.prefix })).toMatchObject({ status: 403, code: "SignatureDoesNotMatch" });
  });

  it("wrong SecretKey → 403 SignatureDoesNotMatch; unknown SecretId → 403 InvalidAccessKeyId", async () => {
    const a = server.accounts[0];
    expect(await get({ account: { ...a, secretKey: "wrong" } })).toMatchObject({ status: 403, code: "SignatureDoesNotMatch" });
    expect(await get({ account: { ...a, secretId: "AKID-NOBODY" } })).toMatchObject({ status: 403, code: "InvalidAccessKeyId" });
    const sdk = new COS({ SecretId: "AKID-NOBODY", SecretKey: "x", Protocol: "http:", Ip: `127.0.0.1:${server.port}` });
    expect(await sdkError(sdk.getService({}))).toMatchObject({ statusCode: 403, code: "InvalidAccessKeyId" });
  });

  it("outside the q-sign-time window (past, future, or by server clock skew) → 403 AccessDenied 'Request has expired'", async () => {
    expect(await get({ keyTime: window(-3600, -1800) })).toMatchObject({ status: 403, code: "AccessDenied", message: "Request has expired" });
    expect(await get({ keyTime: window(600, 1200) })).toMatchObject({ status: 403, code: "AccessDenied", message: "Request has expired" });
    server.faults.skewClock(20 * 60_000);
    expect(await raw(server, { method: "GET" })).toMatchObject({ status: 403, code: "AccessDenied", message: "Request has expired" });
  });

  it("q-sign-algorithm other than sha1 and a missing pair → 403 AccessDenied", async () => {
    expect(await get({ tamper: (t) => void (t.authorization = t.authorization.replace("q-sign-algorithm=sha1", "q-sign-algorithm=md5")) })).toMatchObject({ status: 403, code: "AccessDenied" });
    expect(await get({ tamper: (t) => void (t.authorization = t.authorization.replace(/&q-key-time=[^&]*/, "")) })).toMatchObject({ status: 403, code: "AccessDenied" });
  });

  it("anonymous requests → 403 AccessDenied 'Check auth failure because signature empty.'", async () => {
    for (const method of ["GET", "PUT"]) {
      const res = await raw(server, { method, bucket: method === "PUT" ? "anon-1250000000" : undefined, account: null });
      expect(res).toMatchObject({ status: 403, code: "AccessDenied", message: "Check auth failure because signature empty." });
    }
    expect(await raw(server, { method: "GET", bucket: BUCKET, query: { cors: "" }, account: null })).toMatchObject({ status: 403, code: "AccessDenied" });
  });
});

describe("temporary keys", () => {
  const temp = () => server.accounts[1];
  it("accept the right x-cos-security-token as header (SDK) or query parameter", async () => {
    const sdk = new COS({ SecretId: temp().secretId, SecretKey: temp().secretKey, SecurityToken: "good-token", Protocol: "http:", Ip: `127.0.0.1:${server.port}` });
    expect((await sdk.getService({})).statusCode).toBe(200);
    const res = await raw(server, { method: "GET", account: temp(), transport: "query", tamper: (t) => void (t.query["x-cos-security-token"] = "good-token") });
    expect(res.status).toBe(200);
  });

  it("reject a missing or wrong token with InvalidAccessKeyId and an expired one with ExpiredToken", async () => {
    expect(await raw(server, { method: "GET", account: temp() })).toMatchObject({ status: 403, code: "InvalidAccessKeyId" });
    expect(await raw(server, { method: "GET", account: temp(), headers: { "x-cos-security-token": "bad" } })).toMatchObject({ status: 403, code: "InvalidAccessKeyId" });
    expect(await raw(server, { method: "GET", account: server.accounts[2], headers: { "x-cos-security-token": "old-token" } })).toMatchObject({ status: 403, code: "ExpiredToken" });
  });
});
