/** SyncedFolder against the local COS server: only changed files go up, removed ones are deleted, others' objects stay. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resources } from "../../../provider";
import { progress } from "../../../provider/resources/syncedFolder";
import { type Props, type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
const p = resources.syncedFolder;
beforeAll(async () => { env = await startProviderEnv(); });
afterAll(async () => { await env.close(); });

test("first sync, no-change re-sync sends no PUT, changed/removed files, drift, delete leaves others' objects", async () => {
  const lines: string[] = [];
  progress.write = (l) => void lines.push(l);
  const b = env.bucketName("sf");
  await env.client.putBucket({ bucket: b, region: "ap-guangzhou" });
  await env.client.putObject({ bucket: b, region: "ap-guangzhou" }, "site/theirs.txt", "not ours");
  const dir = mkdtempSync(join(tmpdir(), "sf-"));
  mkdirSync(join(dir, "css"));
  writeFileSync(join(dir, "index.html"), "<h1>home</h1>");
  writeFileSync(join(dir, "css", "style.css"), "h1{}");
  writeFileSync(join(dir, "old.txt"), "old");
  writeFileSync(join(dir, ".hidden"), "secret");
  const objs = () => env.server.state.getBucket(b)!.objects;

  const created = await env.create("syncedFolder", { bucket: b, path: dir, prefix: "site/" });
  expect(Object.keys(created.outs.files as Props).sort()).toEqual(["site/css/style.css", "site/index.html", "site/old.txt"]);
  expect(objs().get("site/css/style.css")![0].contentType).toMatch(/^text\/css/);
  expect(objs().get("site/.hidden")).toBeUndefined();
  expect(lines.some((l) => /3 uploaded/.test(l))).toBe(true);

  env.server.state.resetRequestLog();
  const same = await env.check("syncedFolder", created.inputs, { bucket: b, path: dir, prefix: "site/" });
  expect(await p.diff(created.id, created.outs, same)).toMatchObject({ changes: false });
  expect(env.server.state.requests.filter((r) => r.method === "PUT")).toHaveLength(0);

  writeFileSync(join(dir, "index.html"), "<h1>home v2</h1>");
  rmSync(join(dir, "old.txt"));
  const news = await env.check("syncedFolder", same, { bucket: b, path: dir, prefix: "site/" });
  expect(await p.diff(created.id, created.outs, news)).toMatchObject({ changes: true, replaces: [] });
  env.server.state.resetRequestLog();
  const u = await p.update(created.id, created.outs, news);
  expect(env.server.state.requests.filter((r) => r.method === "PUT").map((r) => r.key ?? "")).toHaveLength(1);
  expect(objs().get("site/index.html")![0].body.toString()).toBe("<h1>home v2</h1>");
  expect(objs().get("site/old.txt")?.[0]?.deleteMarker ?? true).toBe(true);
  expect(objs().get("site/theirs.txt")![0].body.toString()).toBe("not ours");

  // Undrifted, read answers no inputs (the engine keeps the stored ones, whose mtimes may be newer than the outputs'
  // after a no-change up from a fresh checkout): the CLI then shows no refresh diff. Outputs keep their ETags.
  const undrifted = await p.read(created.id, u.outs as Props);
  expect(undrifted.inputs).toBeUndefined();
  expect(undrifted.props).toEqual(u.outs);

  await env.client.putObject({ bucket: b, region: "ap-guangzhou" }, "site/index.html", "defaced");
  const r = await p.read(created.id, u.outs as Props);
  expect((r.inputs!.files as Props)["site/index.html"]).toMatchObject({ mtimeMs: -1, hash: expect.stringMatching(/out of band/) });
  // Drifted, the inputs have check's shape (no ETags, which are outputs): only the rewritten file differs from check's.
  expect(r.inputs).toEqual({ ...news, files: { ...(news.files as Props), "site/index.html": (r.inputs!.files as Props)["site/index.html"] } });
  expect((r.inputs!.files as Props)["site/index.html"]).not.toHaveProperty("etag");
  const again = await env.check("syncedFolder", r.inputs as Props, { bucket: b, path: dir, prefix: "site/" });
  expect(await p.diff(created.id, r.props as Props, again)).toMatchObject({ changes: true });

  await p.delete(created.id, u.outs as Props);
  expect(objs().get("site/index.html")?.[0]?.deleteMarker ?? true).toBe(true);
  expect(objs().get("site/theirs.txt")![0].body.toString()).toBe("not ours");
});

test("bad input is named before any request", async () => {
  const r = await p.check({}, { bucket: "nope", path: join(tmpdir(), "does-not-exist-sf"), prefix: "/x" });
  expect(r.failures?.map((f) => f.property).sort()).toEqual(["bucket", "prefix"]);
  const r2 = await p.check({}, { bucket: env.bucketName("x"), path: join(tmpdir(), "does-not-exist-sf") });
  expect(r2.failures?.[0]).toMatchObject({ property: "path", reason: expect.stringMatching(/ENOENT/) });
});

// A file named `__proto__` at the root of an unprefixed folder is the key `__proto__`: assigning it into a plain
// object sets the prototype instead, so the upload's ETag and a drifted read lost it (found by review, after the same
// defect in tag maps).
test("a file whose key is __proto__ is uploaded, kept in the manifest and read back", async () => {
  const b = env.bucketName("sfproto");
  await env.client.putBucket({ bucket: b, region: "ap-guangzhou" });
  const dir = mkdtempSync(join(tmpdir(), "sf-proto-"));
  writeFileSync(join(dir, "__proto__"), "odd but legal");
  writeFileSync(join(dir, "a.txt"), "a");
  const objs = () => env.server.state.getBucket(b)!.objects;
  const gone = (key: string) => objs().get(key)?.[0]?.deleteMarker ?? true;

  const created = await env.create("syncedFolder", { bucket: b, path: dir });
  const files = created.outs.files as Record<string, Props>;
  expect(Object.keys(files).sort()).toEqual(["__proto__", "a.txt"]);
  expect(Object.getPrototypeOf(files)).toBe(Object.prototype);
  expect(files["__proto__"]).toMatchObject({ size: 13, etag: expect.any(String) });
  expect(created.outs.fileCount).toBe(2);
  expect(objs().get("__proto__")![0].body.toString()).toBe("odd but legal");

  const undrifted = await p.read(created.id, created.outs);
  expect(undrifted.inputs).toBeUndefined();
  expect(undrifted.props).toEqual(created.outs);

  await env.client.putObject({ bucket: b, region: "ap-guangzhou" }, "__proto__", "defaced");
  const r = await p.read(created.id, created.outs);
  expect(Object.keys(r.props!.files as Props).sort()).toEqual(["__proto__", "a.txt"]);
  expect((r.inputs!.files as Record<string, Props>)["__proto__"]).toMatchObject({ mtimeMs: -1 });

  const news = await env.check("syncedFolder", r.inputs as Props, { bucket: b, path: dir });
  const u = await p.update(created.id, r.props as Props, news);
  expect(Object.keys(u.outs!.files as Props).sort()).toEqual(["__proto__", "a.txt"]);
  expect(objs().get("__proto__")![0].body.toString()).toBe("odd but legal");

  // Removed files named like prototype members are deleted (`k in news` held them for inherited names).
  rmSync(join(dir, "__proto__"));
  writeFileSync(join(dir, "constructor"), "c");
  const withCtor = await env.check("syncedFolder", news, { bucket: b, path: dir });
  const u2 = await p.update(created.id, u.outs as Props, withCtor);
  expect(gone("__proto__")).toBe(true);
  expect(Object.keys(u2.outs!.files as Props).sort()).toEqual(["a.txt", "constructor"]);
  rmSync(join(dir, "constructor"));
  const without = await env.check("syncedFolder", withCtor, { bucket: b, path: dir });
  const u3 = await p.update(created.id, u2.outs as Props, without);
  expect(gone("constructor")).toBe(true);
  expect(Object.keys(u3.outs!.files as Props)).toEqual(["a.txt"]);

  await p.delete(created.id, u3.outs as Props);
  expect(gone("a.txt")).toBe(true);
});
