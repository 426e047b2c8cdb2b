/**
 * BucketObject against the local COS server: full cycle by content hash, drift, adoption, multipart from disk with
 * an interrupted upload aborted, partial failure kept in state, bad input before any request.
 */
import { mkdtempSync, writeFileSync, openSync, writeSync, closeSync } from "node:fs";
import { randomBytes, createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resources, ResourceInitError } from "../../../provider";
import { uploadObject } from "../../../provider/resources/objectUpload";
import { type Props, type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
let b: string;
const dir = mkdtempSync(join(tmpdir(), "bo-integ-"));
const p = resources.bucketObject;
const MiB = 1024 * 1024;
beforeAll(async () => {
  env = await startProviderEnv();
  b = env.bucketName("obj");
  await env.client.putBucket(loc());
});
afterEach(() => env.server.faults.reset());
afterAll(async () => { await env.close(); });

function loc() { return { bucket: b, region: "ap-guangzhou" }; }
const stored = (key: string) => env.server.state.getBucket(b)!.objects.get(key)?.[0];
const puts = () => env.server.state.requests.filter((r) => r.method === "PUT" || r.method === "POST");

/** A file of `n` MiB of random bytes, written in 1 MiB chunks. */
function bigFile(name: string, n: number): { path: string; sha: string } {
  const path = join(dir, name);
  const fd = openSync(path, "w");
  const h = createHash("sha256");
  for (let i = 0; i < n; i++) { const chunk = randomBytes(MiB); h.update(chunk); writeSync(fd, chunk); }
  closeSync(fd);
  return { path, sha: h.digest("hex") };
}

test("create → read → no-change diff sends nothing → header update re-uploads → drift → delete", async () => {
  const created = await env.create("bucketObject", { bucket: b, key: "index.html", content: "<h1>hi</h1>", cacheControl: "max-age=60", metadata: { team: "web" }, tags: { env: "dev" } });
  expect(created.id).toBe(`${b}/index.html`);
  const v = stored("index.html")!;
  expect(v.body.toString()).toBe("<h1>hi</h1>");
  expect(v.contentType).toMatch(/^text\/html/);
  expect(v.headers).toMatchObject({ "cache-control": "max-age=60", "x-cos-meta-team": "web" });
  expect(v.tagging).toBeDefined();
  expect(created.outs).toMatchObject({ etag: v.etag, url: `https://${b}.cos.ap-guangzhou.myqcloud.com/index.html` });

  const r1 = await p.read(created.id, created.outs);
  // Undrifted: no inputs answered, the engine keeps the stored ones (so an undrifted refresh shows no diff).
  expect(r1.inputs).toBeUndefined();
  expect(r1.props).toEqual(created.outs);
  env.server.state.resetRequestLog();
  const again = await env.check("bucketObject", created.inputs, { bucket: b, key: "index.html", content: "<h1>hi</h1>", cacheControl: "max-age=60", metadata: { team: "web" }, tags: { env: "dev" } });
  expect(await p.diff(created.id, r1.props as Props, again)).toMatchObject({ changes: false });
  expect(puts()).toHaveLength(0); // an unchanged object is never uploaded again

  const news = await env.check("bucketObject", again, { bucket: b, key: "index.html", content: "<h1>hi</h1>", cacheControl: "no-cache", tags: { env: "dev" } });
  expect(await p.diff(created.id, r1.props as Props, news)).toMatchObject({ changes: true, replaces: [] });
  const u = await p.update(created.id, r1.props as Props, news);
  expect(stored("index.html")!.headers["cache-control"]).toBe("no-cache");
  expect(stored("index.html")!.headers["x-cos-meta-team"]).toBeUndefined();
  expect(stored("index.html")!.tagging).toBeDefined(); // tags rewritten after the new upload

  // Tags changed out of band (the ETag stays): read answers inputs, of check's shape, that differ only there.
  await env.client.putObjectTagging(loc(), "index.html", [{ key: "env", value: "prod" }]);
  const t = await p.read(created.id, u.outs as Props);
  expect(t.inputs).toEqual({ ...news, tags: { env: "prod" } });
  await env.client.putObjectTagging(loc(), "index.html", [{ key: "env", value: "dev" }]);

  // rewritten out of band (another client, no hash header): refresh shows it, the program's content diffs
  await env.client.putObject(loc(), "index.html", "<h1>defaced</h1>", { contentType: "text/html" });
  const r2 = await p.read(created.id, u.outs as Props);
  expect((r2.inputs as Props).sourceHash).not.toBe(news.sourceHash);
  expect(await p.diff(created.id, r2.props as Props, news)).toMatchObject({ changes: true });
  const u2 = await p.update(created.id, r2.props as Props, news);
  expect(stored("index.html")!.body.toString()).toBe("<h1>hi</h1>");

  // The engine deletes with the stored outputs (they hold the upload's mark).
  await p.delete(created.id, u2.outs as Props);
  expect(stored("index.html")?.deleteMarker ?? true).toBe(true);
  expect((await p.read(created.id, news)).id).toBeFalsy();
  await p.delete(created.id, u2.outs as Props); // idempotent
});

test("tags-only change writes tags, no upload", async () => {
  const c = await env.create("bucketObject", { bucket: b, key: "t.txt", content: "t" });
  env.server.state.resetRequestLog();
  const news = await env.check("bucketObject", c.inputs, { bucket: b, key: "t.txt", content: "t", tags: { a: "1" } });
  await p.update(c.id, c.outs, news);
  expect(puts().map((r) => r.subresource)).toEqual(["tagging"]);
});

test("a large file goes up in parts read from disk, the ETag says so, and the bytes are exact", async () => {
  const f = bigFile("big.bin", 20);
  env.server.state.resetRequestLog();
  const c = await env.create("bucketObject", { bucket: b, key: "big.bin", source: f.path, partSizeBytes: 5 * MiB });
  expect(c.inputs).toMatchObject({ sourceHash: f.sha, size: 20 * MiB });
  const v = stored("big.bin")!;
  expect(createHash("sha256").update(v.body).digest("hex")).toBe(f.sha);
  expect(v.etag).toMatch(/-4"$/);
  expect(puts().filter((r) => r.subresource === "uploadId")).toHaveLength(5); // 4 parts + complete
  const r = await p.read(c.id, c.outs);
  expect(await p.diff(c.id, r.props as Props, c.inputs)).toMatchObject({ changes: false });
  // Rewritten out of band: the refreshed inputs carry the live hash and mtime -1, so check hashes the file again
  // (the stored hash is no longer the local file's) and the diff re-uploads it.
  await env.client.putObject(loc(), "big.bin", "small now");
  const d = await p.read(c.id, c.outs);
  expect(d.inputs).toMatchObject({ mtimeMs: -1, sourceHash: expect.stringMatching(/^unknown/) });
  const news = await env.check("bucketObject", d.inputs as Props, { bucket: b, key: "big.bin", source: f.path, partSizeBytes: 5 * MiB });
  expect(news).toMatchObject({ sourceHash: f.sha, mtimeMs: c.inputs.mtimeMs });
  expect(await p.diff(c.id, d.props as Props, news)).toMatchObject({ changes: true });
});

test("more parts than part buffers: the pooled buffers are reused part after part and the bytes stay exact", async () => {
  // 5 MiB + 1234 bytes in 1 MiB parts, 2 in flight: 6 parts through 2 buffers, the last one short.
  const path = join(dir, "pooled.bin");
  const data = Buffer.concat([randomBytes(5 * MiB), randomBytes(1234)]);
  writeFileSync(path, data);
  env.server.state.resetRequestLog();
  const r = await uploadObject(env.client, loc(), "pooled.bin", { kind: "file", path }, {
    contentType: "application/octet-stream", headers: {}, partSizeBytes: MiB, multipartThresholdBytes: MiB, concurrency: 2,
  });
  expect(r.etag).toMatch(/-6"$/);
  expect(puts().filter((q) => q.subresource === "uploadId")).toHaveLength(7); // 6 parts + complete
  expect(createHash("sha256").update(stored("pooled.bin")!.body).digest("hex")).toBe(createHash("sha256").update(data).digest("hex"));
});

test("an interrupted multipart upload is aborted, not left behind", async () => {
  const f = bigFile("broken.bin", 18);
  env.server.faults.failNext(1, { status: 400, code: "InvalidArgument", message: "injected part failure", method: "PUT", subresource: "uploadId" });
  const err = await env.create("bucketObject", { bucket: b, key: "broken.bin", source: f.path, partSizeBytes: 4 * MiB }).catch((e: Error) => e);
  expect(String(err)).toMatch(/injected part failure/);
  expect(String(err)).toMatch(/was aborted/);
  expect(env.server.state.getBucket(b)!.uploads.size).toBe(0);
  expect(stored("broken.bin")).toBeUndefined();
});

test("a failed part: the abort waits for the parts still in flight, so none lands after it or after create returns", async () => {
  const f = bigFile("late.bin", 18);
  // The first part to arrive answers late; the next one fails at once. An abort sent before the late part settles
  // would leave that part's request running after create has returned (it lands on an aborted upload).
  env.server.faults.latencyNext(1, 800, { method: "PUT", subresource: "uploadId" });
  env.server.faults.failNext(1, { status: 400, code: "InvalidArgument", message: "injected part failure", method: "PUT", subresource: "uploadId" });
  env.server.state.resetRequestLog();
  const err = await env.create("bucketObject", { bucket: b, key: "late.bin", source: f.path, partSizeBytes: 4 * MiB }).catch((e: Error) => e);
  expect(String(err)).toMatch(/injected part failure/);
  const atReturn = env.server.state.requests.length;
  await new Promise((r) => setTimeout(r, 1200)); // longer than the late part's delay
  expect(env.server.state.requests.length).toBe(atReturn);
  const log = env.server.state.requests.filter((q) => q.key === "late.bin");
  expect(log[log.length - 1]).toMatchObject({ method: "DELETE", subresource: "uploadId" });
  expect(env.server.state.getBucket(b)!.uploads.size).toBe(0);
});

test("an object someone else wrote is not overwritten unless adopted; our own content is taken over", async () => {
  await env.client.putObject(loc(), "theirs.txt", "theirs");
  await expect(env.create("bucketObject", { bucket: b, key: "theirs.txt", content: "mine" })).rejects.toThrow(/adopt/);
  expect(stored("theirs.txt")!.body.toString()).toBe("theirs");
  await env.create("bucketObject", { bucket: b, key: "theirs.txt", content: "mine", adopt: true });
  expect(stored("theirs.txt")!.body.toString()).toBe("mine");
  // a create whose answer was lost: the object carries our hash, so the retry takes it over
  const retried = await env.create("bucketObject", { bucket: b, key: "theirs.txt", content: "mine" });
  expect(retried.id).toBe(`${b}/theirs.txt`);
});

test("a tagging failure after the upload keeps the object in state", async () => {
  env.server.faults.failNext(1, { status: 400, code: "InvalidArgument", message: "tags rejected", method: "PUT", subresource: "tagging" });
  const inputs = await env.check("bucketObject", {}, { bucket: b, key: "partial.txt", content: "p", tags: { a: "1" } });
  const err = await p.create({ ...inputs, __provider: "serialized" }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ResourceInitError);
  expect((err as ResourceInitError).id).toBe(`${b}/partial.txt`);
  expect((err as ResourceInitError).properties).toMatchObject({ __provider: "serialized", tags: {} });
  expect(stored("partial.txt")).toBeDefined();
  // the next diff sees the missing tags, and the update applies them
  expect(await p.diff(`${b}/partial.txt`, (err as ResourceInitError).properties, inputs)).toMatchObject({ changes: true });
});

test("bad input is named before any request", async () => {
  env.server.state.resetRequestLog();
  const r = await p.check({}, { bucket: b, key: "x", source: join(dir, "missing.txt") });
  expect(r.failures?.[0]).toMatchObject({ property: "source" });
  expect(env.server.state.requests).toHaveLength(0);
});
