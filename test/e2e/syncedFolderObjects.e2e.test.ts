/**
 * SyncedFolderObjects (the per-file mode of SyncedFolder) through the real engine against the local COS server: one
 * BucketObject per file under the component, a no-change preview, an edit of one file previewed and applied as exactly
 * one update (one PUT), a removed and an added file as one delete and one create, a protected file that the engine
 * refuses to delete, destroy. The server's state is the judge.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startCosServer, type CosServer } from "../cos-server";
import { cosFixture, connect, exportedState } from "./cosProject";
import { CLI_SETUP_TIMEOUT_MS, expectFailure, expectSuccess, type PulumiProject } from "./harness";

const STEP_MS = 300_000;
const BUCKET = "folder-objects-1250000000";
const FILES = ["about.html", "css/site.css", "img/dot.svg", "index.html"];

let server: CosServer;
let p: PulumiProject;

beforeAll(async () => {
  server = await startCosServer();
  p = await cosFixture("folder-objects", "e2e");
  await connect(p, server, { "folder-objects:bucketName": BUCKET });
}, CLI_SETUP_TIMEOUT_MS);

afterAll(async () => {
  p?.dispose();
  await server?.close();
});

/** The live (latest, not deleted) objects of the bucket: key → version. */
function live() {
  const out = new Map<string, { body: string; contentType: string; cacheControl?: string; etag: string }>();
  for (const [key, versions] of server.state.getBucket(BUCKET)?.objects ?? []) {
    const v = versions[0];
    if (v && !v.deleteMarker) out.set(key, { body: v.body.toString(), contentType: v.contentType, cacheControl: v.headers["cache-control"], etag: v.etag });
  }
  return out;
}
const objectPuts = () => server.state.requests.filter((r) => r.method === "PUT" && r.key).map((r) => r.key!).sort();
const site = (rel: string) => path.join(p.dir, "site", rel);

test("up: one BucketObject per visible file, children of the component, with content types and per-file cache control", async () => {
  expectSuccess(await p.up());
  const objects = live();
  expect([...objects.keys()].sort()).toEqual(FILES.map((f) => `www/${f}`));
  expect(objects.get("www/index.html")).toMatchObject({ body: fs.readFileSync(site("index.html"), "utf8"), contentType: expect.stringMatching(/^text\/html/), cacheControl: "no-cache" });
  expect(objects.get("www/css/site.css")).toMatchObject({ contentType: expect.stringMatching(/^text\/css/), cacheControl: "max-age=3600" });
  expect(objects.get("www/img/dot.svg")?.contentType).toBe("image/svg+xml");
  const { resources } = await exportedState(p);
  const component = resources.find((r) => r.type === "tencentcos:index:SyncedFolderObjects")!;
  expect(component).toBeDefined();
  const children = resources.filter((r) => r.type === "pulumi-nodejs:dynamic/cos:BucketObject");
  expect(children.map((r) => r.urn.slice(r.urn.lastIndexOf("::") + 2)).sort()).toEqual(FILES.map((f) => `www/${f}`));
  for (const c of children) expect((c as { parent?: string }).parent).toBe(component.urn);
  // Sources are kept as the program wrote them (relative), so another checkout of the project shows no diff.
  expect(children.map((c) => c.outputs?.source).sort()).toEqual(FILES.map((f) => `site/${f}`));
  expect((await p.outputs()).keys).toEqual(FILES.map((f) => `www/${f}`));
  expectSuccess(await p.pulumi(["preview", "--non-interactive", "--expect-no-changes"]));
}, STEP_MS);

test("an edit of one file is previewed and applied as exactly one update of that one object", async () => {
  const before = live();
  fs.writeFileSync(site("css/site.css"), "h1 { color: #c00; }\n");
  const { result, changes } = await p.previewSteps();
  expectSuccess(result);
  expect(changes.map((c) => [c.op, c.name])).toEqual([["update", "www/css/site.css"]]);
  expect(changes[0].changedInputs).toContain("sourceHash");
  server.state.resetRequestLog();
  expectSuccess(await p.up());
  expect(await p.lastUpdateChanges()).toMatchObject({ update: 1, same: FILES.length + 2 }); // + the bucket and the component
  expect(objectPuts()).toEqual(["www/css/site.css"]);
  const after = live();
  expect(after.get("www/css/site.css")?.body).toBe("h1 { color: #c00; }\n");
  for (const f of ["about.html", "img/dot.svg", "index.html"]) expect(after.get(`www/${f}`)?.etag).toBe(before.get(`www/${f}`)?.etag);
}, STEP_MS);

test("a file removed and a file added locally: one delete and one create", async () => {
  fs.rmSync(site("about.html"));
  fs.writeFileSync(site("robots.txt"), "User-agent: *\n");
  server.state.resetRequestLog();
  expectSuccess(await p.up());
  expect(await p.lastUpdateChanges()).toMatchObject({ create: 1, delete: 1 });
  expect(objectPuts()).toEqual(["www/robots.txt"]);
  const objects = live();
  expect(objects.has("www/about.html")).toBe(false);
  expect(objects.get("www/robots.txt")).toMatchObject({ body: "User-agent: *\n", contentType: expect.stringMatching(/^text\/plain/) });
}, STEP_MS);

test("objectOptions protect one file: the engine refuses to delete that object, and the others are untouched", async () => {
  await p.setConfig({ "folder-objects:protectIndex": "true" });
  expectSuccess(await p.up());
  fs.rmSync(site("index.html"));
  const r = expectFailure(await p.up());
  expect(r.stdout + r.stderr).toMatch(/BucketObject::www\/index\.html" cannot be deleted\s+because it is protected/);
  expect(live().has("www/index.html")).toBe(true);
  fs.writeFileSync(site("index.html"), "<h1>back</h1>\n");
  await p.setConfig({ "folder-objects:protectIndex": "false" });
  expectSuccess(await p.up());
  expect(live().get("www/index.html")?.body).toBe("<h1>back</h1>\n");
}, STEP_MS);

test("destroy removes every object and the bucket", async () => {
  expectSuccess(await p.pulumi(["destroy", "--yes", "--skip-preview", "--non-interactive"]));
  expect(server.state.getBucket(BUCKET)).toBeUndefined();
}, STEP_MS);

test("from SyncedFolder to SyncedFolderObjects as the README says: retainOnDelete first, then switch; no object is lost", async () => {
  const q = await p.forStack("migrate");
  const bucket = "folder-migrate-1250000000";
  await connect(q, server, { "folder-objects:bucketName": bucket, "folder-objects:mode": "manifest", "folder-objects:retain": "true" });
  expectSuccess(await q.up());
  const keys = ["www/css/site.css", "www/img/dot.svg", "www/index.html", "www/robots.txt"]; // the folder as the tests above left it
  const liveKeys = () => [...(server.state.getBucket(bucket)?.objects ?? [])].filter(([, v]) => v[0] && !v[0].deleteMarker).map(([k]) => k).sort();
  expect(liveKeys()).toEqual(keys);
  await q.setConfig({ "folder-objects:mode": "objects" });
  expectSuccess(await q.up());
  // The objects found their own content (the sha256 SyncedFolder stored on each) and took it over; the retained
  // SyncedFolder left state without deleting anything.
  expect(await q.lastUpdateChanges()).toMatchObject({ create: keys.length + 1, delete: 1 }); // + the component
  expect(liveKeys()).toEqual(keys);
  const { resources } = await exportedState(q);
  expect(resources.filter((r) => r.type === "pulumi-nodejs:dynamic/cos:SyncedFolder")).toEqual([]);
  expect(resources.filter((r) => r.type === "pulumi-nodejs:dynamic/cos:BucketObject")).toHaveLength(keys.length);
  expectSuccess(await q.pulumi(["preview", "--non-interactive", "--refresh", "--expect-no-changes"]));
  expectSuccess(await q.pulumi(["destroy", "--yes", "--skip-preview", "--non-interactive"]));
  expect(server.state.getBucket(bucket)).toBeUndefined();
}, STEP_MS);
