/**
 * BucketObject's check reuses the previous hash of a file `source` when its path, size and mtime are what the old
 * inputs recorded (a preview of an unchanged 1 GiB file reads none of it), and hashes it again otherwise.
 */
import { mkdtempSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { resources, setSettings } from "../../../provider";
import * as upload from "../../../provider/resources/objectUpload";

const B = "site-1250000000";
const p = resources.bucketObject;
const dir = mkdtempSync(join(tmpdir(), "bo-reuse-"));
const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const WIRE_SIG = { "4dabf18193072939515e22adb298388d": "c44067f5952c0a294b673a41bacd8c17" };
let hashed: jest.SpyInstance;
beforeEach(() => {
  setSettings({ region: "ap-guangzhou", appId: "1250000000" });
  hashed = jest.spyOn(upload, "hashFile");
});
afterEach(() => hashed.mockRestore());

/** Sets the file's mtime to `ms` (atime too, irrelevant). */
const setMtime = (file: string, ms: number) => utimesSync(file, ms / 1000, ms / 1000);

test.each([
  ["a path", (f: string) => f],
  ["a FileAsset", (f: string) => new pulumi.asset.FileAsset(f)],
  ["the asset wire form", (f: string) => ({ ...WIRE_SIG, path: f, hash: "the engine's own" })],
])("source as %s: unchanged size and mtime reuse the hash without reading the file; a new mtime hashes again", async (_n, source) => {
  const file = join(dir, `data-${_n.replace(/\W/g, "")}.json`);
  writeFileSync(file, '{"v":1}');
  setMtime(file, 1_700_000_000_000);
  const news = () => ({ bucket: B, key: "data.json", source: source(file) });
  const first = (await p.check({}, news())).inputs;
  expect(first).toMatchObject({ source: file, sourceHash: sha('{"v":1}'), size: 7, mtimeMs: statSync(file).mtimeMs });
  expect(hashed).toHaveBeenCalledTimes(1);

  hashed.mockClear();
  const again = (await p.check(first, news())).inputs;
  expect(again).toEqual(first);
  expect(hashed).not.toHaveBeenCalled();

  // A fresh checkout or a `touch`: new mtime, same bytes → hashed again, same hash, so no diff.
  setMtime(file, 1_700_000_100_000);
  const touched = (await p.check(again, news())).inputs;
  expect(hashed).toHaveBeenCalledTimes(1);
  expect(touched).toMatchObject({ sourceHash: first.sourceHash, mtimeMs: statSync(file).mtimeMs });
  expect(touched.mtimeMs).not.toBe(first.mtimeMs);
  expect(await p.diff(`${B}/data.json`, { ...first, etag: '"e"' }, touched)).toMatchObject({ changes: false });

  // New content (another size) with the old mtime put back: the size differs, so it is hashed and seen.
  writeFileSync(file, '{"v":22}');
  setMtime(file, 1_700_000_100_000);
  hashed.mockClear();
  const edited = (await p.check(touched, news())).inputs;
  expect(hashed).toHaveBeenCalledTimes(1);
  expect(edited.sourceHash).toBe(sha('{"v":22}'));
});

test("content rewritten to the same size with its mtime put back is not seen (documented: the user's risk)", async () => {
  const file = join(dir, "same-size.txt");
  writeFileSync(file, "aaaa");
  setMtime(file, 1_700_000_000_000);
  const first = (await p.check({}, { bucket: B, key: "s.txt", source: file })).inputs;
  writeFileSync(file, "bbbb");
  setMtime(file, 1_700_000_000_000);
  hashed.mockClear();
  const stale = (await p.check(first, { bucket: B, key: "s.txt", source: file })).inputs;
  expect(hashed).not.toHaveBeenCalled();
  expect(stale.sourceHash).toBe(sha("aaaa"));
});

test("another path, a hash read marked as drifted (mtime -1) or no recorded hash: hashed again", async () => {
  const a = join(dir, "a.txt");
  const b = join(dir, "b.txt");
  writeFileSync(a, "same");
  writeFileSync(b, "same");
  setMtime(a, 1_700_000_000_000);
  setMtime(b, 1_700_000_000_000);
  const first = (await p.check({}, { bucket: B, key: "x.txt", source: a })).inputs;
  for (const olds of [first, { ...first, mtimeMs: -1 }, { ...first, sourceHash: "unknown (ETag \"x\")" }]) {
    hashed.mockClear();
    const source = olds === first ? b : a;
    const r = (await p.check(olds, { bucket: B, key: "x.txt", source })).inputs;
    expect(hashed).toHaveBeenCalledTimes(1);
    expect(r.sourceHash).toBe(sha("same"));
  }
});

test("content given as a string or base64 has no mtime", async () => {
  const r = (await p.check({}, { bucket: B, key: "c.txt", content: "x" })).inputs;
  expect(r.mtimeMs).toBeUndefined();
});
