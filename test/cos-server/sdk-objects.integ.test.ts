/**
 * Objects, versioning semantics, listings with paging, DELETE Multiple Objects, multipart uploads and
 * anonymous public reads, through the official SDK (digest §5.5–5.11).
 */
import type COS from "cos-nodejs-sdk-v5";
import { type CosServer, startCosServer } from "./index";
import { REGION, raw, sdkClient, sdkError } from "./testkit";

let server: CosServer;
let cos: COS;
let n = 0;
async function bucket(versioning?: "Enabled" | "Suspended"): Promise<{ Bucket: string; Region: string }> {
  const b = { Bucket: `obj${++n}-1250000000`, Region: REGION };
  await cos.putBucket(b);
  if (versioning) await cos.putBucketVersioning({ ...b, VersioningConfiguration: { Status: versioning } });
  return b;
}

beforeAll(async () => {
  server = await startCosServer();
  cos = sdkClient(server);
});
afterAll(() => server.close());

describe("objects", () => {
  it("PUT/GET/HEAD/DELETE with metadata, ETag, CRC64, ranges and special keys", async () => {
    const b = await bucket();
    const Key = "dir/my file 文件 (v2)!*'.txt";
    const put = await cos.putObject({ ...b, Key, Body: Buffer.from("hello world"), ContentType: "text/plain", Headers: { "x-cos-meta-test": "yes" } });
    expect(put.ETag).toBe('"5eb63bbbe01eeed093cb22bb8f5acdc3"');
    expect(put.headers?.["x-cos-hash-crc64ecma"]).toMatch(/^\d+$/);
    const head = await cos.headObject({ ...b, Key });
    expect(head.headers).toMatchObject({ "content-length": "11", "content-type": "text/plain", "x-cos-meta-test": "yes", etag: put.ETag });
    expect((await cos.getObject({ ...b, Key, Range: "bytes=6-" })).Body.toString()).toBe("world");
    expect((await cos.getObject({ ...b, Key })).Body.toString()).toBe("hello world");
    expect(await sdkError(cos.getObject({ ...b, Key, Range: "bytes=50-60" }))).toMatchObject({ statusCode: 416 });
    expect((await cos.deleteObject({ ...b, Key })).statusCode).toBe(204);
    expect((await cos.deleteObject({ ...b, Key })).statusCode).toBe(204);
    expect(await sdkError(cos.getObject({ ...b, Key }))).toMatchObject({ statusCode: 404, code: "NoSuchKey" });
    const wrongMd5 = await raw(server, { method: "PUT", bucket: b.Bucket, key: "x", body: "abc", contentMd5: false, headers: { "Content-MD5": "1B2M2Y8AsgTpgAmY7PhCfg==" } });
    expect(wrongMd5).toMatchObject({ status: 400, code: "InvalidDigest" });
  });

  it("serves anonymous reads only for public-read buckets, public objects or a policy allowing anyone", async () => {
    const b = await bucket();
    await cos.putObject({ ...b, Key: "k", Body: "v" });
    await cos.putObject({ ...b, Key: "pub", Body: "p", ACL: "public-read" });
    const anon = (key: string, method = "GET") => raw(server, { method, bucket: b.Bucket, key, account: null });
    expect(await anon("k")).toMatchObject({ status: 403, code: "AccessDenied", message: "Check auth failure because signature empty." });
    expect(await anon("pub")).toMatchObject({ status: 200, body: "p" });
    expect(await raw(server, { method: "GET", bucket: b.Bucket, account: null })).toMatchObject({ status: 403, code: "AccessDenied" });
    await cos.putBucketAcl({ ...b, ACL: "public-read" });
    expect(await anon("k")).toMatchObject({ status: 200, body: "v" });
    expect((await anon("k", "HEAD")).status).toBe(200);
    expect(await raw(server, { method: "PUT", bucket: b.Bucket, key: "w", body: "x", account: null })).toMatchObject({ status: 403, code: "AccessDenied" });
    const b2 = await bucket();
    await cos.putObject({ ...b2, Key: "docs/a", Body: "a" });
    const Policy = { version: "2.0", Statement: [{ Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Effect: "allow", Action: ["name/cos:GetObject"], Resource: [`qcs::cos:${REGION}:uid/1250000000:${b2.Bucket}/docs/*`] }] };
    await cos.putBucketPolicy({ ...b2, Policy });
    expect(await raw(server, { method: "GET", bucket: b2.Bucket, key: "docs/a", account: null })).toMatchObject({ status: 200, body: "a" });
  });

  it("object acl and tagging", async () => {
    const b = await bucket();
    await cos.putObject({ ...b, Key: "t", Body: "x" });
    await cos.putObjectTagging({ ...b, Key: "t", Tags: [{ Key: "a", Value: "1" }] });
    expect((await cos.getObjectTagging({ ...b, Key: "t" })).Tags).toEqual([{ Key: "a", Value: "1" }]);
    await cos.putObjectAcl({ ...b, Key: "t", ACL: "public-read" });
    expect((await cos.getObjectAcl({ ...b, Key: "t" })).ACL).toBe("public-read");
  });
});

describe("versioning semantics", () => {
  it("keeps versions, creates delete markers and reads specific versions", async () => {
    const b = await bucket("Enabled");
    const v1 = await cos.putObject({ ...b, Key: "k", Body: "one" });
    const v2 = await cos.putObject({ ...b, Key: "k", Body: "two" });
    expect(v1.VersionId).toBeTruthy();
    expect(v2.VersionId).not.toBe(v1.VersionId);
    const del = await cos.deleteObject({ ...b, Key: "k" });
    expect(del.headers).toMatchObject({ "x-cos-delete-marker": "true" });
    const markerId = del.headers?.["x-cos-version-id"];
    expect(markerId).toBeTruthy();
    const gone = await raw(server, { method: "GET", bucket: b.Bucket, key: "k" });
    expect(gone).toMatchObject({ status: 404, code: "NoSuchKey" });
    expect(gone.headers["x-cos-delete-marker"]).toBe("true");
    expect((await cos.getObject({ ...b, Key: "k", VersionId: v1.VersionId })).Body.toString()).toBe("one");
    const list = await cos.listObjectVersions(b);
    expect(list.Versions.map((v) => [v.VersionId, v.IsLatest])).toEqual([[v2.VersionId, "false"], [v1.VersionId, "false"]]);
    expect(list.DeleteMarkers.map((d) => [d.VersionId, d.IsLatest])).toEqual([[markerId, "true"]]);
    expect((await cos.getBucket(b)).Contents).toEqual([]);
    await cos.deleteObject({ ...b, Key: "k", VersionId: markerId } as COS.DeleteObjectParams);
    expect((await cos.getObject({ ...b, Key: "k" })).Body.toString()).toBe("two");
  });

  it("uses the null version before enabling and while suspended; listings show '' when never enabled", async () => {
    const b = await bucket();
    await cos.putObject({ ...b, Key: "k", Body: "pre" });
    expect((await cos.listObjectVersions(b)).Versions[0].VersionId).toBe("");
    await cos.putBucketVersioning({ ...b, VersioningConfiguration: { Status: "Enabled" } });
    expect((await cos.listObjectVersions(b)).Versions[0].VersionId).toBe("null");
    await cos.putObject({ ...b, Key: "k", Body: "v" });
    await cos.putBucketVersioning({ ...b, VersioningConfiguration: { Status: "Suspended" } });
    await cos.putObject({ ...b, Key: "k", Body: "s1" });
    await cos.putObject({ ...b, Key: "k", Body: "s2" });
    const ids = (await cos.listObjectVersions(b)).Versions.map((v) => v.VersionId);
    expect(ids.filter((i) => i === "null")).toHaveLength(1);
    expect(ids).toHaveLength(2);
    const del = await cos.deleteObject({ ...b, Key: "k" });
    expect(del.headers).toMatchObject({ "x-cos-version-id": "null", "x-cos-delete-marker": "true" });
  });

  it("pages GET ?versions with key-marker/version-id-marker and max-keys", async () => {
    const b = await bucket("Enabled");
    for (const k of ["a", "b", "c"]) for (let i = 0; i < 3; i++) await cos.putObject({ ...b, Key: k, Body: `${k}${i}` });
    const seen: string[] = [];
    let KeyMarker = "";
    let VersionIdMarker = "";
    for (let page = 0; page < 10; page++) {
      // The SDK sends KeyMarker as key-marker (sdk/base.js listObjectVersions); its typings call it Marker.
      const r: COS.ListObjectVersionsResult & { NextKeyMarker?: string } = await cos.listObjectVersions({ ...b, MaxKeys: "4", KeyMarker, VersionIdMarker } as COS.ListObjectVersionsParams);
      seen.push(...r.Versions.map((v) => `${v.Key}:${v.VersionId}`));
      if (r.IsTruncated !== "true") break;
      expect(r.Versions).toHaveLength(4);
      KeyMarker = r.NextKeyMarker ?? "";
      VersionIdMarker = r.NextVersionIdMarker ?? "";
    }
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
  });
});

describe("GET Bucket listing", () => {
  it("pages with marker/max-keys, rolls up delimiters, emits NextMarker only when truncated", async () => {
    const b = await bucket();
    const keys = ["a/1", "a/2", "b", "c/x/y", "d", "e", "\u00e9", "\u{1F600}", "\uFF21"];
    for (const Key of keys) await cos.putObject({ ...b, Key, Body: Key });
    const all = await cos.getBucket(b);
    // UTF-8 byte order: U+FF21 (EF BC A1) sorts before U+1F600 (F0 9F 98 80).
    expect(all.Contents.map((c) => c.Key)).toEqual(["a/1", "a/2", "b", "c/x/y", "d", "e", "\u00e9", "\uFF21", "\u{1F600}"]);
    expect(all.NextMarker).toBeUndefined();
    const page1 = await cos.getBucket({ ...b, Delimiter: "/", MaxKeys: 3 });
    expect(page1.CommonPrefixes.map((p) => p.Prefix)).toEqual(["a/", "c/"]);
    expect(page1.Contents.map((c) => c.Key)).toEqual(["b"]);
    expect(page1).toMatchObject({ IsTruncated: "true", NextMarker: "c/" });
    const page2 = await cos.getBucket({ ...b, Delimiter: "/", MaxKeys: 3, Marker: page1.NextMarker });
    expect(page2.Contents.map((c) => c.Key)).toEqual(["d", "e", "\u00e9"]);
    const prefixed = await cos.getBucket({ ...b, Prefix: "c/", Delimiter: "/" });
    expect(prefixed.CommonPrefixes.map((p) => p.Prefix)).toEqual(["c/x/"]);
    const encoded = await raw(server, { method: "GET", bucket: b.Bucket, query: { prefix: "\u00e9", "encoding-type": "url" } });
    expect(encoded.body).toContain("<Key>%C3%A9</Key>");
    expect((await raw(server, { method: "GET", bucket: b.Bucket, query: { "max-keys": "5000" } })).body).toContain("<MaxKeys>1000</MaxKeys>");
    expect(await raw(server, { method: "GET", bucket: b.Bucket, query: { "max-keys": "x" } })).toMatchObject({ status: 400, code: "InvalidArgument" });
  });
});

describe("DELETE Multiple Objects", () => {
  it("deletes in Verbose and Quiet mode, with VersionId, and requires a correct Content-MD5", async () => {
    const b = await bucket("Enabled");
    const v = await cos.putObject({ ...b, Key: "v", Body: "1" });
    await cos.putObject({ ...b, Key: "m", Body: "1" });
    const verbose = await cos.deleteMultipleObject({ ...b, Objects: [{ Key: "v", VersionId: v.VersionId }, { Key: "m" }] });
    expect(verbose.Deleted).toEqual(expect.arrayContaining([{ Key: "v", VersionId: v.VersionId }, expect.objectContaining({ Key: "m", DeleteMarker: "true" })]));
    const quiet = await cos.deleteMultipleObject({ ...b, Quiet: true, Objects: [{ Key: "zzz" }] });
    expect(quiet.Deleted).toEqual([]);
    const body = "<Delete><Object><Key>a</Key></Object></Delete>";
    expect(await raw(server, { method: "POST", bucket: b.Bucket, query: { delete: "" }, body, contentMd5: false })).toMatchObject({ status: 400, code: "MissingContentMD5" });
    expect(await raw(server, { method: "POST", bucket: b.Bucket, query: { delete: "" }, body, contentMd5: false, headers: { "Content-MD5": "AAAAAAAAAAAAAAAAAAAAAA==" } })).toMatchObject({ status: 400, code: "InvalidDigest" });
    const tooMany = `<Delete>${"<Object><Key>a</Key></Object>".repeat(1001)}</Delete>`;
    expect(await raw(server, { method: "POST", bucket: b.Bucket, query: { delete: "" }, body: tooMany })).toMatchObject({ status: 400, code: "MalformedXML" });
  });
});

describe("multipart uploads", () => {
  it("initiates, uploads, lists parts, completes, and rejects small parts / unknown uploads", async () => {
    const b = await bucket();
    const init = await cos.multipartInit({ ...b, Key: "big" });
    const part1 = Buffer.alloc(1024 * 1024, 1);
    const p1 = await cos.multipartUpload({ ...b, Key: "big", UploadId: init.UploadId, PartNumber: 1, Body: part1 });
    const p2 = await cos.multipartUpload({ ...b, Key: "big", UploadId: init.UploadId, PartNumber: 2, Body: Buffer.from("tail") });
    expect((await cos.multipartListPart({ ...b, Key: "big", UploadId: init.UploadId })).Part.map((p) => p.PartNumber)).toEqual(["1", "2"]);
    const done = await cos.multipartComplete({ ...b, Key: "big", UploadId: init.UploadId, Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] });
    expect(done.ETag).toMatch(/-2"$/);
    expect((await cos.headObject({ ...b, Key: "big" })).headers?.["content-length"]).toBe(String(part1.length + 4));
    const small = await cos.multipartInit({ ...b, Key: "small" });
    const s1 = await cos.multipartUpload({ ...b, Key: "small", UploadId: small.UploadId, PartNumber: 1, Body: Buffer.from("x") });
    const s2 = await cos.multipartUpload({ ...b, Key: "small", UploadId: small.UploadId, PartNumber: 2, Body: Buffer.from("y") });
    expect(await sdkError(cos.multipartComplete({ ...b, Key: "small", UploadId: small.UploadId, Parts: [{ PartNumber: 1, ETag: s1.ETag }, { PartNumber: 2, ETag: s2.ETag }] }))).toMatchObject({ statusCode: 400, code: "EntityTooSmall" });
    expect((await cos.multipartAbort({ ...b, Key: "small", UploadId: small.UploadId })).statusCode).toBe(204);
    expect(await sdkError(cos.multipartAbort({ ...b, Key: "small", UploadId: small.UploadId }))).toMatchObject({ statusCode: 404, code: "NoSuchUpload" });
  });

  it("lists uploads with key-marker/upload-id-marker paging", async () => {
    const b = await bucket();
    const ids: string[] = [];
    for (const Key of ["a", "a", "b", "c"]) ids.push((await cos.multipartInit({ ...b, Key })).UploadId);
    const seen: string[] = [];
    let KeyMarker = "";
    let UploadIdMarker = "";
    for (let page = 0; page < 10; page++) {
      const r = await cos.multipartList({ ...b, Prefix: "", Delimiter: "", MaxUploads: 3, KeyMarker, UploadIdMarker });
      seen.push(...r.Upload.map((u) => u.UploadId));
      if (r.IsTruncated !== "true") break;
      KeyMarker = r.NextKeyMarker ?? "";
      UploadIdMarker = r.NextUploadIdMarker ?? "";
    }
    expect(seen.sort()).toEqual([...ids].sort());
  });
});
