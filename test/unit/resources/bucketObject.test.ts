import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { resources, setSettings } from "../../../provider";
import { UNKNOWN } from "../../../provider/common/unknowns";
import { partSizeFor, MIN_PART_SIZE } from "../../../provider/resources/objectUpload";

const B = "site-1250000000";
const p = resources.bucketObject;
const dir = mkdtempSync(join(tmpdir(), "bo-unit-"));
const sha = (s: string | Buffer) => createHash("sha256").update(s).digest("hex");
beforeEach(() => setSettings({ region: "ap-guangzhou", appId: "1250000000" }));

const fails = async (news: Record<string, unknown>) => [...((await p.check({}, news)).failures ?? [])];

test.each([
  ["no content at all", { bucket: B, key: "a.txt" }, "content", /give one of content, contentBase64, source/],
  ["two sources", { bucket: B, key: "a.txt", content: "x", source: "a.txt" }, "content", /only one of/],
  ["leading slash", { bucket: B, key: "/a.txt", content: "x" }, "key", /must not start with \//],
  ["key too long", { bucket: B, key: "k".repeat(851), content: "x" }, "key", /850 bytes/],
  ["missing file", { bucket: B, key: "a.txt", source: join(dir, "nope.txt") }, "source", /ENOENT/],
  ["directory as source", { bucket: B, key: "a.txt", source: dir }, "source", /not a regular file/],
  ["bad storage class", { bucket: B, key: "a", content: "x", storageClass: "COLD" }, "storageClass", /STANDARD_IA/],
  ["bad acl", { bucket: B, key: "a", content: "x", acl: "public-read-write" }, "acl", /"default", "private", "public-read"/],
  ["upper-case metadata key", { bucket: B, key: "a", content: "x", metadata: { Owner: "me" } }, 'metadata["Owner"]', /lower-case/],
  ["reserved metadata key", { bucket: B, key: "a", content: "x", metadata: { "tencentcos-sha256": "x" } }, 'metadata["tencentcos-sha256"]', /reserved/],
  ["metadata over 2 KB", { bucket: B, key: "a", content: "x", metadata: { big: "v".repeat(2100) } }, "metadata", /2 KB/],
  ["too many tags", { bucket: B, key: "a", content: "x", tags: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, "v"])) }, "tags", /at most 10/],
  ["not base64", { bucket: B, key: "a", contentBase64: "not base64!" }, "contentBase64", /base64/],
  ["remote asset", { bucket: B, key: "a", source: new pulumi.asset.RemoteAsset("https://example.com/x") }, "source", /RemoteAsset/],
])("%s → a failure naming the property", async (_n, news, prop, rule) => {
  const f = await fails(news as Record<string, unknown>);
  expect(f.find((x) => x.property === prop)?.reason).toMatch(rule);
});

test("check infers the content type from the key and computes the content hash and size", async () => {
  const r = await p.check({}, { bucket: B, key: "css/site.css", content: "body{}" });
  expect(r.failures ?? []).toEqual([]);
  expect(r.inputs).toMatchObject({ contentType: expect.stringMatching(/^text\/css/), sourceHash: sha("body{}"), size: 6, storageClass: "STANDARD", metadata: {}, tags: {} });
  const unknownExt = await p.check({}, { bucket: B, key: "blob.zzz", contentBase64: Buffer.from([1, 2, 3]).toString("base64") });
  expect(unknownExt.inputs).toMatchObject({ contentType: "application/octet-stream", sourceHash: sha(Buffer.from([1, 2, 3])), size: 3 });
  const given = await p.check({}, { bucket: B, key: "x.html", content: "x", contentType: "text/plain" });
  expect(given.inputs.contentType).toBe("text/plain");
});

test("a file is hashed at check; FileAsset/StringAsset instances and the asset wire form are all understood", async () => {
  const file = join(dir, "logo.png");
  writeFileSync(file, Buffer.from("png bytes"));
  const viaPath = await p.check({}, { bucket: B, key: "logo.png", source: file });
  expect(viaPath.inputs).toMatchObject({ source: file, sourceHash: sha("png bytes"), size: 9, contentType: "image/png" });
  const viaAsset = await p.check({}, { bucket: B, key: "logo.png", source: new pulumi.asset.FileAsset(file) });
  expect(viaAsset.inputs).toMatchObject({ source: file, sourceHash: sha("png bytes") });
  // What the dynamic-provider host hands over: the raw struct with Pulumi's asset signature
  const wire = { "4dabf18193072939515e22adb298388d": "c44067f5952c0a294b673a41bacd8c17", path: file, hash: "ignored" };
  expect((await p.check({}, { bucket: B, key: "logo.png", source: wire })).inputs).toMatchObject({ source: file, sourceHash: sha("png bytes") });
  const text = await p.check({}, { bucket: B, key: "a.txt", content: new pulumi.asset.StringAsset("hello") });
  expect(text.inputs).toMatchObject({ content: "hello", sourceHash: sha("hello") });
  expect(text.inputs.source).toBeUndefined();
});

test("diff: same content → no change; new content → update; new key → replace, created first", async () => {
  const a = (await p.check({}, { bucket: B, key: "a.txt", content: "one" })).inputs;
  const same = (await p.check({}, { bucket: B, key: "a.txt", content: "one" })).inputs;
  expect(await p.diff(`${B}/a.txt`, { ...a, etag: '"x"' }, same)).toMatchObject({ changes: false });
  const changed = (await p.check({}, { bucket: B, key: "a.txt", content: "two" })).inputs;
  expect(await p.diff(`${B}/a.txt`, a, changed)).toMatchObject({ changes: true, replaces: [] });
  const moved = (await p.check({}, { bucket: B, key: "b.txt", content: "one" })).inputs;
  expect(await p.diff(`${B}/a.txt`, a, moved)).toMatchObject({ changes: true, replaces: ["key"], deleteBeforeReplace: false });
  expect(await p.diff(`${B}/a.txt`, a, { ...a, cacheControl: "max-age=60" })).toMatchObject({ changes: true, replaces: [] });
  expect(await p.diff(`${B}/a.txt`, a, { ...a, sourceHash: UNKNOWN })).toMatchObject({ changes: true });
  expect(await fails({ bucket: B, key: "a.txt", content: UNKNOWN })).toEqual([]);
});

test("part size: at least 1 MiB, the requested size, and ≤ 10,000 parts for any size", () => {
  expect(partSizeFor(10 * MIN_PART_SIZE, 5 * MIN_PART_SIZE)).toBe(5 * MIN_PART_SIZE);
  expect(partSizeFor(10, 1)).toBe(MIN_PART_SIZE);
  const huge = 200 * 1024 ** 3;
  expect(Math.ceil(huge / partSizeFor(huge))).toBeLessThanOrEqual(10000);
});
