/**
 * PUT Object - Copy, Upload Part - Copy and APPEND Object through the official SDK over real HTTP: metadata
 * directive, copy conditions (412), ranges, versions, cross-account reads, position mismatches, and the
 * appendable object type surviving a restart.
 */
import type COS from "cos-nodejs-sdk-v5";
import { promises as fsp } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type CosServer, startCosServer } from "./index";
import { REGION, raw, sdkClient, sdkError } from "./testkit";

let server: CosServer;
let cos: COS;
let n = 0;
async function bucket(): Promise<{ Bucket: string; Region: string }> {
  const b = { Bucket: `copy${++n}-1250000000`, Region: REGION };
  await cos.putBucket(b);
  return b;
}
const source = (b: { Bucket: string }, key: string) => `${b.Bucket}.cos.${REGION}.myqcloud.com/${encodeURIComponent(key)}`;

beforeAll(async () => {
  server = await startCosServer({ accounts: [{}, {}] });
  cos = sdkClient(server);
});
afterAll(() => server.close());

describe("PUT Object - Copy", () => {
  it("copies content and metadata (Copy) or takes the request's (Replaced)", async () => {
    const b = await bucket();
    const put = await cos.putObject({ ...b, Key: "src 1.txt", Body: "hello", ContentType: "text/x-src", Headers: { "x-cos-meta-Color": "blue" } });
    const copied = await cos.putObjectCopy({ ...b, Key: "dst.bin", CopySource: source(b, "src 1.txt") });
    expect(copied.ETag).toBe(put.ETag);
    const head = await cos.headObject({ ...b, Key: "dst.bin" });
    expect(head.headers!).toMatchObject({ etag: put.ETag, "content-type": "text/x-src", "x-cos-meta-color": "blue", "content-length": "5" });
    await cos.putObjectCopy({ ...b, Key: "dst2.txt", CopySource: source(b, "src 1.txt"), MetadataDirective: "Replaced", Headers: { "x-cos-meta-shape": "round" } });
    const h2 = await cos.headObject({ ...b, Key: "dst2.txt" });
    expect(h2.headers!["x-cos-meta-shape"]).toBe("round");
    expect(h2.headers!["x-cos-meta-color"]).toBeUndefined();
    expect(h2.headers!["content-type"]).toBe("text/plain");
    expect((await cos.getObject({ ...b, Key: "dst2.txt" })).Body.toString()).toBe("hello");
  });

  it("copying onto itself needs Replaced; a missing source is 404, a malformed one 400", async () => {
    const b = await bucket();
    await cos.putObject({ ...b, Key: "self.txt", Body: "x" });
    expect(await sdkError(cos.putObjectCopy({ ...b, Key: "self.txt", CopySource: source(b, "self.txt") }))).toMatchObject({ statusCode: 400, code: "InvalidRequest" });
    await cos.putObjectCopy({ ...b, Key: "self.txt", CopySource: source(b, "self.txt"), MetadataDirective: "Replaced", Headers: { "x-cos-meta-v": "2" } });
    expect((await cos.headObject({ ...b, Key: "self.txt" })).headers!["x-cos-meta-v"]).toBe("2");
    expect(await sdkError(cos.putObjectCopy({ ...b, Key: "d", CopySource: source(b, "nope") }))).toMatchObject({ statusCode: 404, code: "NoSuchKey" });
    const bad = await raw(server, { method: "PUT", bucket: b.Bucket, key: "d", headers: { "x-cos-copy-source": "www.qq.com/x" } });
    expect(bad).toMatchObject({ status: 400, code: "InvalidArgument" });
    expect(server.state.getBucket(b.Bucket)!.objects.has("d")).toBe(false);
  });

  it("x-cos-copy-source-If-* conditions give 412 and copy nothing", async () => {
    const b = await bucket();
    const put = await cos.putObject({ ...b, Key: "c.txt", Body: "cond" });
    const past = new Date(Date.now() - 3600_000).toUTCString();
    const future = new Date(Date.now() + 3600_000).toUTCString();
    const cases: [Record<string, string>, boolean][] = [
      [{ CopySourceIfMatch: put.ETag }, true],
      [{ CopySourceIfMatch: '"0000"' }, false],
      [{ CopySourceIfNoneMatch: put.ETag }, false],
      [{ CopySourceIfNoneMatch: '"0000"' }, true],
      [{ CopySourceIfModifiedSince: past }, true],
      [{ CopySourceIfModifiedSince: future }, false],
      [{ CopySourceIfUnmodifiedSince: future }, true],
      [{ CopySourceIfUnmodifiedSince: past }, false],
    ];
    for (const [cond, ok] of cases) {
      const p = cos.putObjectCopy({ ...b, Key: "out.txt", CopySource: source(b, "c.txt"), ...cond });
      if (ok) await p;
      else expect(await sdkError(p)).toMatchObject({ statusCode: 412, code: "PreconditionFailed" });
    }
    await cos.deleteObject({ ...b, Key: "out.txt" });
    expect(await sdkError(cos.putObjectCopy({ ...b, Key: "out.txt", CopySource: source(b, "c.txt"), CopySourceIfMatch: '"0000"' }))).toMatchObject({ statusCode: 412 });
    expect(server.state.getBucket(b.Bucket)!.objects.has("out.txt")).toBe(false);
  });

  it("copies an older version by ?versionId= and reports the source version", async () => {
    const b = await bucket();
    await cos.putBucketVersioning({ ...b, VersioningConfiguration: { Status: "Enabled" } });
    const v1 = await cos.putObject({ ...b, Key: "v.txt", Body: "one" });
    await cos.putObject({ ...b, Key: "v.txt", Body: "two" });
    const r = await cos.putObjectCopy({ ...b, Key: "old.txt", CopySource: `${source(b, "v.txt")}?versionId=${v1.VersionId}` });
    expect(r.headers?.["x-cos-copy-source-version-id"]).toBe(v1.VersionId);
    expect((await cos.getObject({ ...b, Key: "old.txt" })).Body.toString()).toBe("one");
  });

  it("another account copies a private source only when it is readable", async () => {
    const b = await bucket();
    await cos.putObject({ ...b, Key: "secret.txt", Body: "s" });
    await cos.putObject({ ...b, Key: "open.txt", Body: "o", ACL: "public-read" });
    const other = sdkClient(server, server.accounts[1]);
    const ob = { Bucket: `copy${++n}-1250000001`, Region: REGION };
    await other.putBucket(ob);
    expect(await sdkError(other.putObjectCopy({ ...ob, Key: "x", CopySource: source(b, "secret.txt") }))).toMatchObject({ statusCode: 403, code: "AccessDenied" });
    await other.putObjectCopy({ ...ob, Key: "x", CopySource: source(b, "open.txt") });
    expect((await other.getObject({ ...ob, Key: "x" })).Body.toString()).toBe("o");
  });
});

describe("Upload Part - Copy", () => {
  it("copies ranges into parts that complete into the whole object", async () => {
    const b = await bucket();
    const data = Buffer.alloc(3 * 1024 * 1024 + 5, 7);
    data.write("start", 0);
    await cos.putObject({ ...b, Key: "big.bin", Body: data });
    const { UploadId } = await cos.multipartInit({ ...b, Key: "joined.bin" });
    const half = 2 * 1024 * 1024;
    const p1 = await cos.uploadPartCopy({ ...b, Key: "joined.bin", UploadId, PartNumber: 1, CopySource: source(b, "big.bin"), CopySourceRange: `bytes=0-${half - 1}` });
    const p2 = await cos.uploadPartCopy({ ...b, Key: "joined.bin", UploadId, PartNumber: 2, CopySource: source(b, "big.bin"), CopySourceRange: `bytes=${half}-${data.length - 1}` });
    expect(p1.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    await cos.multipartComplete({ ...b, Key: "joined.bin", UploadId, Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] });
    expect(Buffer.compare((await cos.getObject({ ...b, Key: "joined.bin" })).Body, data)).toBe(0);
    expect((await cos.headObject({ ...b, Key: "joined.bin" })).headers!["x-cos-object-type"]).toBe("normal");
  });

  it("rejects a range outside the source and an unknown upload, storing no part", async () => {
    const b = await bucket();
    await cos.putObject({ ...b, Key: "s.bin", Body: "0123456789" });
    const { UploadId } = await cos.multipartInit({ ...b, Key: "t.bin" });
    expect(await sdkError(cos.uploadPartCopy({ ...b, Key: "t.bin", UploadId, PartNumber: 1, CopySource: source(b, "s.bin"), CopySourceRange: "bytes=5-10" }))).toMatchObject({ statusCode: 400, code: "InvalidArgument" });
    expect(await sdkError(cos.uploadPartCopy({ ...b, Key: "t.bin", UploadId: "nope", PartNumber: 1, CopySource: source(b, "s.bin") }))).toMatchObject({ statusCode: 404, code: "NoSuchUpload" });
    expect(server.state.getBucket(b.Bucket)!.uploads.get(UploadId)!.parts.size).toBe(0);
    const part = await cos.uploadPartCopy({ ...b, Key: "t.bin", UploadId, PartNumber: 1, CopySource: source(b, "s.bin"), CopySourceRange: "bytes=2-4" });
    expect(server.state.getBucket(b.Bucket)!.uploads.get(UploadId)!.parts.get(1)!.body.toString()).toBe("234");
    expect(part.ETag).toBeTruthy();
  });

  it("sliceCopyFile (the SDK's multipart copy) produces an identical object", async () => {
    const b = await bucket();
    const data = Buffer.alloc(11 * 1024 * 1024, 1);
    await cos.putObject({ ...b, Key: "eleven.zip", Body: data });
    const r = await cos.sliceCopyFile({ ...b, Key: "eleven.copy.zip", CopySource: source(b, "eleven.zip"), CopySliceSize: 5 * 1024 * 1024, CopyChunkSize: 5 * 1024 * 1024 });
    expect((r as unknown as { ETag: string }).ETag).toBeTruthy();
    const [h1, h2] = await Promise.all([cos.headObject({ ...b, Key: "eleven.zip" }), cos.headObject({ ...b, Key: "eleven.copy.zip" })]);
    for (const k of ["content-length", "content-type", "x-cos-hash-crc64ecma", "x-cos-object-type"]) expect(h2.headers![k]).toBe(h1.headers![k]);
  });
});

describe("APPEND Object", () => {
  it("creates an appendable object, appends at the length, refuses other positions and normal objects", async () => {
    const b = await bucket();
    const first = await cos.appendObject({ ...b, Key: "log.txt", Body: "12345", Position: 0, ContentType: "text/x-log" } as COS.AppendObjectParams);
    expect(first.headers?.["x-cos-next-append-position"]).toBe("5");
    const head = await cos.headObject({ ...b, Key: "log.txt" });
    expect(head.headers!).toMatchObject({ "x-cos-object-type": "appendable", "content-length": "5", "content-type": "text/x-log" });
    await cos.appendObject({ ...b, Key: "log.txt", Body: "66666", Position: Number(head.headers!["content-length"]), Headers: { "x-cos-test": "test" } });
    const wrong = await sdkError(cos.appendObject({ ...b, Key: "log.txt", Body: "x", Position: 3 }));
    expect(wrong).toMatchObject({ statusCode: 409, code: "AppendPositionErr" });
    expect((await cos.getObject({ ...b, Key: "log.txt" })).Body.toString()).toBe("1234566666");
    expect(await sdkError(cos.appendObject({ ...b, Key: "fresh.txt", Body: "x", Position: 4 }))).toMatchObject({ statusCode: 409, code: "AppendPositionErr" });
    expect(server.state.getBucket(b.Bucket)!.objects.has("fresh.txt")).toBe(false);
    await cos.putObject({ ...b, Key: "normal.txt", Body: "abc" });
    expect(await sdkError(cos.appendObject({ ...b, Key: "normal.txt", Body: "d", Position: 3 }))).toMatchObject({ statusCode: 409, code: "ObjectNotAppendable" });
    expect((await cos.headObject({ ...b, Key: "normal.txt" })).headers!["x-cos-object-type"]).toBe("normal");
    expect(await raw(server, { method: "POST", bucket: b.Bucket, key: "log.txt", query: { append: "", position: "-1" }, body: "x" })).toMatchObject({ status: 400, code: "InvalidArgument" });
  });

  it("keeps the appendable type and content across a restart (--data)", async () => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "cos-server-append-"));
    try {
      const first = await startCosServer({ dataDir: dir });
      const c1 = sdkClient(first);
      const b = { Bucket: "append-persist-1250000000", Region: REGION };
      await c1.putBucket(b);
      await c1.appendObject({ ...b, Key: "a", Body: "ab", Position: 0 });
      await first.close();
      const second = await startCosServer({ dataDir: dir });
      try {
        const c2 = sdkClient(second);
        await c2.appendObject({ ...b, Key: "a", Body: "cd", Position: 2 });
        expect((await c2.getObject({ ...b, Key: "a" })).Body.toString()).toBe("abcd");
        expect((await c2.headObject({ ...b, Key: "a" })).headers!["x-cos-object-type"]).toBe("appendable");
      } finally {
        await second.close();
      }
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });
});
