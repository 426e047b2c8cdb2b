/**
 * SyncedFolder check: every key it will upload is a key COS accepts. A file whose key (prefix + relative path) is above
 * 850 bytes is refused by PUT Object (KeyTooLong, as BucketObject's check already says): it must fail at check, in
 * the preview, not half-way through a sync.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resources, setSettings } from "../../../provider";

beforeEach(() => setSettings({ region: "ap-guangzhou", appId: "1250000000" }));

test("a file whose key is above 850 bytes fails at check, naming it", async () => {
  const root = mkdtempSync(join(tmpdir(), "sf-long-"));
  writeFileSync(join(root, "ok.txt"), "fine");
  const deep = join(root, "d".repeat(200), "e".repeat(200), "f".repeat(200), "g".repeat(200));
  mkdirSync(deep, { recursive: true });
  writeFileSync(join(deep, "h".repeat(60) + ".txt"), "too long a key");
  const r = await resources.syncedFolder.check({}, { bucket: "site-1250000000", path: root, prefix: "site/" });
  expect(r.failures).toEqual([expect.objectContaining({ property: "path", reason: expect.stringMatching(/850 bytes.*hhhh/s) })]);
});

test("long keys within 850 bytes, and names with spaces and non-ASCII characters, pass", async () => {
  const root = mkdtempSync(join(tmpdir(), "sf-edge-"));
  writeFileSync(join(root, "späce ü.txt"), "x");
  const name = "n".repeat(850 - "site/".length - "a/".length);
  mkdirSync(join(root, "a"));
  writeFileSync(join(root, "a", name.slice(0, 250)), "y");
  const r = await resources.syncedFolder.check({}, { bucket: "site-1250000000", path: root, prefix: "site/" });
  expect(r.failures ?? []).toEqual([]);
  expect(Object.keys((r.inputs as { files: object }).files).sort()).toEqual([`site/a/${name.slice(0, 250)}`, "site/späce ü.txt"]);
});
