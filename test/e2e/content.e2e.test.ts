/**
 * BucketObject, SyncedFolder, BucketLogging and BucketReferer through the real engine (issue 13): up, a no-change
 * preview, drift made out of band caught by `preview --refresh --expect-no-changes` failing and repaired by
 * `up --refresh`, a local edit uploading only what changed, the same project checked out in another directory showing
 * no change, destroy. The fixture's paths are relative (`files/report.json`, a FileAsset, `./site`): the provider
 * resolves them in the dynamic-provider process, whose working directory the engine sets to the project directory.
 * The local COS server's state and request log are the judge.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { closeAllPools, CosClient } from "../../provider/cos";
import { startCosServer, type CosServer } from "../cos-server";
import { connect, cosFixture, exportedState, ownerClient } from "./cosProject";
import { CLI_SETUP_TIMEOUT_MS, expectFailure, expectSuccess, run, type PulumiProject } from "./harness";

const STEP_MS = 300_000;
const SOURCE = "content-source-1250000000";
const LOGS = "content-logs-1250000000";
const loc = { bucket: SOURCE, region: "ap-guangzhou" };

let server: CosServer;
let client: CosClient;
let p: PulumiProject;

beforeAll(async () => {
  server = await startCosServer();
  client = ownerClient(server);
  p = await cosFixture("content", "e2e");
  await connect(p, server, { "content:sourceBucket": SOURCE, "content:logBucket": LOGS });
}, CLI_SETUP_TIMEOUT_MS);

afterAll(async () => {
  p?.dispose();
  await closeAllPools();
  await server?.close();
});

const noChanges = (cwd = p.dir) => run("pulumi", ["preview", "--non-interactive", "--refresh", "--expect-no-changes", "--stack", p.stack], { cwd, env: p.env });
const upRefresh = () => p.pulumi(["up", "--yes", "--skip-preview", "--non-interactive", "--refresh"]);
const local = (rel: string) => fs.readFileSync(path.join(p.dir, rel), "utf8");

async function object(key: string): Promise<{ body: string; type: string } | undefined> {
  if (!(await client.headObject(loc, key))) return undefined;
  const o = await client.getObject(loc, key);
  return { body: o.body.toString("utf8"), type: o.headers["content-type"] };
}

async function keys(prefix = ""): Promise<string[]> {
  return (await client.listObjects(loc, { prefix })).contents.map((o) => o.key).sort();
}

/** Keys of the PUT Object requests the server answered since the last reset (a configuration PUT has a sub-resource). */
const putObjectKeys = () => server.requests.filter((r) => r.method === "PUT" && r.subresource === "" && r.key).map((r) => r.key).sort();

/**
 * `preview --refresh` of an undrifted stack shows no diff on any refresh step. The CLI diffs a refresh step's stored
 * inputs against the ones read returns (the JSON's steps do not show it), so a read whose inputs have another shape
 * than check's (manifest entries with their ETags, say) shows `[diff: ~files]` though `--expect-no-changes` passes:
 * it would tell users of drift that is not there.
 */
async function expectUndriftedRefresh(cwd = p.dir): Promise<void> {
  const r = await run("pulumi", ["preview", "--refresh", "--non-interactive", "--stack", p.stack], { cwd, env: p.env });
  expectSuccess(r);
  const refreshed = r.stdout.split("\n").filter((l) => /dynamic\/cos:\w+ \S+ refresh\b(?!ing)/.test(l));
  expect(refreshed.map((l) => l.trim().split(/\s+/)[2]).sort()).toEqual(["data", "greeting", "logging", "logo", "logs", "referer", "site", "source"]);
  expect(refreshed.filter((l) => l.includes("[diff:"))).toEqual([]);
}

const SITE = { "www/about.html": "text/html", "www/css/site.css": "text/css", "www/index.html": "text/html", "www/robots.txt": "text/plain" };

test("up creates everything from relative paths, with the right bytes and types; previews show no change", async () => {
  expectSuccess(await p.up());
  expect(await object("hello.txt")).toEqual({ body: "hello from pulumi\n", type: "text/plain" });
  expect(await object("data/report.json")).toEqual({ body: local("files/report.json"), type: "application/json" });
  expect(await object("img/logo.svg")).toEqual({ body: local("files/logo.svg"), type: "image/svg+xml" });
  expect(await keys("www/")).toEqual(Object.keys(SITE));
  for (const [key, type] of Object.entries(SITE)) expect(await object(key)).toEqual({ body: local(`site/${key.slice(4)}`), type });
  expect(await client.getBucketLogging(loc)).toEqual({ targetBucket: LOGS, targetPrefix: "access/source/" });
  expect(await client.getBucketReferer(loc)).toEqual({
    status: "Enabled", refererType: "White-List", domains: ["*.example.com", "static.example.org:8080"], emptyReferConfiguration: "Allow",
  });
  // The state keeps the paths as written: nothing in it names the directory this checkout happens to be in.
  const { resources } = await exportedState(p);
  expect(JSON.stringify(resources)).not.toContain(p.root);
  expect(JSON.stringify(resources)).toContain('"files/report.json"');
  expectSuccess(await p.pulumi(["preview", "--non-interactive", "--expect-no-changes"]));
  expectSuccess(await noChanges());
  await expectUndriftedRefresh();
}, STEP_MS);

test("the same project checked out in another directory (same backend and stack) previews no change", async () => {
  // A GitOps runner checks the repository out wherever it likes; fresh files also get fresh mtimes.
  const elsewhere = path.join(p.root, "another-checkout", path.basename(p.dir));
  fs.cpSync(p.dir, elsewhere, { recursive: true });
  try {
    // The program's inputs (paths, asset hashes, the folder's manifest) and the refreshed state agree with the stack.
    expectSuccess(await noChanges(elsewhere));
    // A no-change up from there: same steps store the new mtimes in the inputs but keep the old outputs, and a
    // refresh after it still shows no diff (read answers no inputs when nothing drifted). Nothing is uploaded.
    server.resetRequestLog();
    expectSuccess(await run("pulumi", ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", p.stack], { cwd: elsewhere, env: p.env }));
    expect(putObjectKeys()).toEqual([]);
    await expectUndriftedRefresh(elsewhere);
  } finally {
    fs.rmSync(path.dirname(elsewhere), { recursive: true, force: true });
  }
}, STEP_MS);

test("objects rewritten or deleted, logging turned off and the referer changed out of band are caught; up --refresh repairs them", async () => {
  await client.putObject(loc, "hello.txt", "tampered", { contentType: "text/plain" });
  await client.putObject(loc, "www/index.html", "<h1>defaced</h1>", { contentType: "text/html" });
  await client.deleteObject(loc, "www/css/site.css");
  await client.putBucketLogging(loc, undefined);
  await client.putBucketReferer(loc, { status: "Enabled", refererType: "Black-List", domains: ["evil.example.net"], emptyReferConfiguration: "Deny" });
  // The drift check fails, and each of the four is seen: the refreshed preview plans to rewrite every one of them.
  const { result, changes } = await p.previewSteps(["--refresh", "--expect-no-changes"]);
  expectFailure(result);
  expect(changes.filter((c) => c.op !== "refresh").map((c) => `${c.op} ${c.name}`).sort()).toEqual(["create logging", "update greeting", "update referer", "update site"]);
  expectSuccess(await upRefresh());
  expect(await object("hello.txt")).toEqual({ body: "hello from pulumi\n", type: "text/plain" });
  expect(await object("www/index.html")).toEqual({ body: local("site/index.html"), type: "text/html" });
  expect(await object("www/css/site.css")).toEqual({ body: local("site/css/site.css"), type: "text/css" });
  expect(await client.getBucketLogging(loc)).toEqual({ targetBucket: LOGS, targetPrefix: "access/source/" });
  expect(await client.getBucketReferer(loc)).toMatchObject({ refererType: "White-List", domains: ["*.example.com", "static.example.org:8080"] });
  expectSuccess(await noChanges());
}, STEP_MS);

test("a referer removed out of band is caught, and up --refresh puts it back", async () => {
  await client.deleteBucketReferer(loc);
  expectFailure(await noChanges());
  expectSuccess(await upRefresh());
  expect(await client.getBucketReferer(loc)).toMatchObject({ status: "Enabled", refererType: "White-List", emptyReferConfiguration: "Allow" });
  expectSuccess(await noChanges());
}, STEP_MS);

test("a local edit uploads only the changed files, a file removed locally is deleted, a no-change up sends no PUT", async () => {
  fs.writeFileSync(path.join(p.dir, "site", "about.html"), "<!doctype html><title>about</title><h1>about us, edited</h1>\n");
  fs.rmSync(path.join(p.dir, "site", "robots.txt"));
  fs.writeFileSync(path.join(p.dir, "files", "report.json"), '{ "visits": 43 }\n');
  server.resetRequestLog();
  expectSuccess(await p.up());
  expect(putObjectKeys()).toEqual(["data/report.json", "www/about.html"]);
  expect(await object("www/about.html")).toEqual({ body: local("site/about.html"), type: "text/html" });
  expect(await object("data/report.json")).toEqual({ body: '{ "visits": 43 }\n', type: "application/json" });
  expect(await keys("www/")).toEqual(["www/about.html", "www/css/site.css", "www/index.html"]);
  server.resetRequestLog();
  expectSuccess(await p.up());
  expect(putObjectKeys()).toEqual([]);
  expect(server.requests.filter((r) => r.method === "PUT" || r.method === "DELETE" || r.method === "POST")).toEqual([]);
  expectSuccess(await noChanges());
}, STEP_MS);

test("destroy removes the logging and referer configurations, the objects and the synced files, then the buckets", async () => {
  // First everything but the buckets, so what each resource's delete did is visible on a bucket that still exists.
  const { resources } = await exportedState(p);
  const targets = resources.filter((r) => /:(BucketObject|SyncedFolder|BucketLogging|BucketReferer)$/.test(r.type)).map((r) => r.urn);
  expect(targets).toHaveLength(6);
  expectSuccess(await p.pulumi(["destroy", "--yes", "--skip-preview", "--non-interactive", ...targets.flatMap((u) => ["--target", u])]));
  expect(await client.getBucketLogging(loc)).toBeUndefined();
  expect(await client.getBucketReferer(loc)).toBeUndefined();
  expect(await keys()).toEqual([]);
  // The source bucket has no forceDestroy: deleting it succeeds only because it is empty.
  expectSuccess(await p.pulumi(["destroy", "--yes", "--skip-preview", "--non-interactive"]));
  expect(server.state.getBucket(SOURCE)).toBeUndefined();
  expect(server.state.getBucket(LOGS)).toBeUndefined();
}, STEP_MS);
