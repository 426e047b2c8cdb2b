/**
 * The per-file mode of SyncedFolder: the one folder walk both modes share (listFolder), and how SyncedFolderObjects maps
 * its files to child BucketObjects (names, keys, sources, content types, folder-wide and per-file arguments and
 * options, parent), under Pulumi mocks.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { buildManifest, listFolder } from "../../../provider/resources/folderManifest";
import { SyncedFolderObjects } from "../../../sdk/syncedFolderObjects";

interface Reg { type: string; name: string; inputs: Record<string, unknown>; custom?: boolean }
const regs: Reg[] = [];
let dir: string;
const B = "site-1250000000";

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    { newResource: (a) => (regs.push({ type: a.type, name: a.name, inputs: a.inputs as Record<string, unknown>, custom: a.custom }), { id: `${a.name}-id`, state: a.inputs }), call: () => ({}) },
    "folder-project", "test", false, "organization",
  );
  dir = mkdtempSync(join(tmpdir(), "sfo-"));
  mkdirSync(join(dir, "css"));
  mkdirSync(join(dir, ".git"));
  mkdirSync(join(dir, "img", "icons"), { recursive: true });
  writeFileSync(join(dir, "index.html"), "<h1>home</h1>");
  writeFileSync(join(dir, "css", "site.css"), "h1{}");
  writeFileSync(join(dir, "img", "icons", "logo.svg"), "<svg/>");
  writeFileSync(join(dir, "LICENSE"), "mit");
  writeFileSync(join(dir, ".env"), "SECRET=1");
  writeFileSync(join(dir, ".git", "HEAD"), "ref");
  symlinkSync(join(dir, "css"), join(dir, "styles")); // a linked directory is followed
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VISIBLE = ["LICENSE", "css/site.css", "img/icons/logo.svg", "index.html", "styles/site.css"];

describe("listFolder: the walk both modes share", () => {
  test("relative paths with /, sorted; hidden files and directories skipped; keys and content types", () => {
    const files = listFolder(dir, "site/", false);
    expect(files.map((f) => f.relativePath)).toEqual(VISIBLE);
    expect(files.map((f) => f.key)).toEqual(VISIBLE.map((r) => `site/${r}`));
    expect(Object.fromEntries(files.map((f) => [f.relativePath, f.contentType]))).toEqual({
      LICENSE: "application/octet-stream", "css/site.css": "text/css", "img/icons/logo.svg": "image/svg+xml",
      "index.html": "text/html", "styles/site.css": "text/css",
    });
  });

  test("includeHidden takes dot files and dot directories too", () => {
    expect(listFolder(dir, "", true).map((f) => f.key)).toEqual([".env", ".git/HEAD", ...VISIBLE].sort());
  });

  test("the manifest mode's keys and content types are exactly the walk's", async () => {
    const manifest = await buildManifest(dir, "site/", false);
    expect(Object.keys(manifest)).toEqual(listFolder(dir, "site/", false).map((f) => f.key));
    for (const f of listFolder(dir, "site/", false)) expect(manifest[f.key].contentType).toBe(f.contentType);
  });
});

/** Registers a component, waits for its children, returns their registrations. */
async function declare(name: string, args: ConstructorParameters<typeof SyncedFolderObjects>[1], opts?: pulumi.ComponentResourceOptions) {
  const before = regs.length;
  const c = new SyncedFolderObjects(name, args, opts);
  await Promise.all(Object.values(c.objects).map((o) => new Promise((r) => o.id.apply(r))));
  await new Promise((r) => c.urn.apply(r));
  return { c, children: regs.slice(before).filter((r) => r.custom) };
}

describe("SyncedFolderObjects: one BucketObject child per file", () => {
  test("names, keys, relative sources, content types and the folder-wide arguments", async () => {
    const rel = relative(process.cwd(), dir); // a path relative to the project, as users write it
    const { c, children } = await declare("site", { bucket: B, path: `./${rel}`, prefix: "www/", cacheControl: "max-age=60", acl: "public-read", storageClass: "standard_ia" });
    expect(children.map((r) => r.name)).toEqual(VISIBLE.map((r) => `site/${r}`));
    expect(children.every((r) => r.type === "pulumi-nodejs:dynamic/cos:BucketObject")).toBe(true);
    expect(c.keys).toEqual(VISIBLE.map((r) => `www/${r}`));
    expect(Object.keys(c.objects)).toEqual(c.keys);
    const css = children.find((r) => r.name === "site/css/site.css")!.inputs;
    // The source stays relative, exactly as a BucketObject's own `source` is given (resolved in the provider process).
    expect(css).toMatchObject({ bucket: B, key: "www/css/site.css", source: `${rel}/css/site.css`, contentType: "text/css", cacheControl: "max-age=60", acl: "public-read", storageClass: "standard_ia" });
    // Each child is parented to the component: its URN's type chain holds the component's type.
    const urn = await new Promise<string>((r) => c.objects["www/index.html"].urn.apply(r));
    expect(urn).toMatch(/::tencentcos:index:SyncedFolderObjects\$pulumi-nodejs:dynamic\/cos:BucketObject::site\/index\.html$/);
  });

  test("objectArgs override one file's arguments; objectOptions set one file's options; the parent stays the component", async () => {
    const { c, children } = await declare("tuned", {
      bucket: B, path: dir, cacheControl: "max-age=31536000", includeHiddenFiles: false,
      objectArgs: (f) => (f.contentType === "text/html" ? { cacheControl: "no-cache" } : { cacheControl: undefined, metadata: { rel: f.relativePath.replace(/\//g, "-") } }),
      objectOptions: (f) => (f.relativePath === "index.html" ? { protect: true, ignoreChanges: ["tags"] } : undefined),
    });
    const byName = Object.fromEntries(children.map((r) => [r.name, r.inputs]));
    expect(byName["tuned/index.html"]).toMatchObject({ cacheControl: "no-cache", source: join(dir, "index.html") });
    expect(byName["tuned/css/site.css"]).toMatchObject({ cacheControl: "max-age=31536000", metadata: { rel: "css-site.css" } });
    const index = c.objects["index.html"] as unknown as { __protect: boolean; __parentResource: pulumi.Resource };
    expect(index.__protect).toBe(true);
    expect(index.__parentResource).toBe(c);
    expect((c.objects["LICENSE"] as unknown as { __protect?: boolean }).__protect).not.toBe(true);
  });

  test("a file removed locally is no longer declared; an empty folder declares nothing", async () => {
    const d = mkdtempSync(join(tmpdir(), "sfo-gone-"));
    writeFileSync(join(d, "a.txt"), "a");
    writeFileSync(join(d, "b.txt"), "b");
    expect((await declare("gone1", { bucket: B, path: d })).children.map((r) => r.name)).toEqual(["gone1/a.txt", "gone1/b.txt"]);
    rmSync(join(d, "b.txt"));
    expect((await declare("gone2", { bucket: B, path: d })).children.map((r) => r.name)).toEqual(["gone2/a.txt"]);
    rmSync(join(d, "a.txt"));
    expect((await declare("gone3", { bucket: B, path: d })).c.keys).toEqual([]);
    rmSync(d, { recursive: true, force: true });
  });

  test("a file named __proto__ is in `objects` by its key, which stays a plain record", async () => {
    const d = mkdtempSync(join(tmpdir(), "sfo-proto-"));
    writeFileSync(join(d, "__proto__"), "odd");
    writeFileSync(join(d, "constructor"), "odd too");
    const { c, children } = await declare("proto", { bucket: B, path: d });
    expect(children.map((r) => r.name)).toEqual(["proto/__proto__", "proto/constructor"]);
    expect(Object.keys(c.objects)).toEqual(["__proto__", "constructor"]);
    expect(Object.getPrototypeOf(c.objects)).toBe(Object.prototype);
    expect(await new Promise((r) => c.objects["__proto__"].key.apply(r))).toBe("__proto__");
    rmSync(d, { recursive: true, force: true });
  });

  test.each([
    [{ path: "" }, /path: must be a non-empty string/],
    [{ path: join(tmpdir(), "sfo-does-not-exist") }, /path: cannot be read: ENOENT/],
    [{ prefix: "/www/" }, /prefix: must be "" or end with \//],
    [{ prefix: "www" }, /prefix: must be "" or end with \//],
    [{ includeHiddenFiles: "yes" as unknown as boolean }, /includeHiddenFiles: must be a boolean/],
  ])("bad arguments fail the program, naming the argument, and register nothing: %p", async (bad, message) => {
    expect(() => new SyncedFolderObjects("bad", { bucket: B, path: dir, ...bad })).toThrow(message);
    expect(() => new SyncedFolderObjects("bad", { bucket: B, path: dir, ...bad })).toThrow(pulumi.RunError);
    await new Promise((r) => setTimeout(r, 200)); // registrations reach the mock monitor asynchronously
    expect(regs.filter((r) => r.name === "bad")).toEqual([]);
  });

  test("a path that is a file is refused; so is a file whose name would break its URN", () => {
    expect(() => new SyncedFolderObjects("file", { bucket: B, path: join(dir, "index.html") })).toThrow(/path: .*index\.html is not a directory/);
    const d = mkdtempSync(join(tmpdir(), "sfo-colons-"));
    writeFileSync(join(d, "a::b.txt"), "x");
    expect(() => new SyncedFolderObjects("colons", { bucket: B, path: d })).toThrow(/path: a::b\.txt has "::" in its name/);
    rmSync(d, { recursive: true, force: true });
  });
});
