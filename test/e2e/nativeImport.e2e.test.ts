/**
 * `pulumi import` into the native provider (tencentcos:index:*), against a local COS server with buckets made out of
 * band: the one-resource CLI form, the bulk `--file` form from our `tencentcos-import-list`, and the migration of a
 * stack of dynamic resources to native ones with no cloud change. Every import is followed by a preview that must
 * show no changes, with the generated code as the program.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CosClient, closeAllPools } from "../../provider/cos";
import { startCosServer, type CosServer } from "../cos-server";
import { connect, cosFixture, exportedState, ownerClient } from "./cosProject";
import { CLI_SETUP_TIMEOUT_MS, PulumiProject, REPO_ROOT, expectSuccess, run } from "./harness";
import { ensureYamlHost, NATIVE_KEYS } from "./nativeSetup";

const STEP_MS = 240_000;
const REGION = "ap-guangzhou";
const PREVIEW_NO_CHANGES = ["preview", "--non-interactive", "--diff", "--expect-no-changes"];

let server: CosServer;
let client: CosClient;
let appId: string;
const sources: string[] = [];
const projects: PulumiProject[] = [];

/** A YAML program on the native plugin (bin/ of this repo, the `plugins: providers:` form) with these resources. */
function yamlProgram(name: string, resourcesYaml = "resources: {}\n"): string {
  return `name: ${name}\nruntime: yaml\nplugins:\n  providers:\n    - name: tencentcos\n      path: ${path.join(REPO_ROOT, "bin")}\n${resourcesYaml}`;
}

/** The `resources:` entries of several generated files, as one section. */
function mergeGenerated(files: string[]): string {
  return `resources:\n${files.map((f) => {
    const text = fs.readFileSync(f, "utf8");
    expect(text.startsWith("resources:\n")).toBe(true);
    return text.slice("resources:\n".length);
  }).join("")}`;
}

async function yamlProject(name: string, stack: string): Promise<PulumiProject> {
  const src = fs.mkdtempSync(path.join(os.tmpdir(), "tencentcos-import-src-"));
  sources.push(src);
  const dir = path.join(src, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yamlProgram(name));
  const project = await PulumiProject.create({ program: dir, stack, install: "link-repo" });
  projects.push(project);
  const account = server.accounts[0];
  await project.setConfig(
    { [NATIVE_KEYS.endpoint]: server.endpoint, [NATIVE_KEYS.appId]: account.appId, [NATIVE_KEYS.region]: REGION, [NATIVE_KEYS.secretId]: account.secretId },
    { [NATIVE_KEYS.secretKey]: account.secretKey },
  );
  return project;
}

const POLICY = (bucket: string) => ({
  version: "2.0",
  Statement: [{ Effect: "allow", Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Action: ["name/cos:GetObject"], Resource: [`qcs::cos:${REGION}:uid/${appId}:${bucket}/*`] }],
});

beforeAll(async () => {
  await ensureYamlHost();
  server = await startCosServer();
  appId = server.accounts[0].appId;
  client = ownerClient(server);
  // Made in the "console": a website bucket with tags, CORS and a policy, and a bare bucket.
  const legacy = { bucket: `legacy-${appId}`, region: REGION };
  await client.putBucket(legacy, { acl: "public-read" });
  await client.putBucketTagging(legacy, [{ key: "team", value: "data" }]);
  await client.putBucketCors(legacy, { rules: [{ id: "assets", allowedOrigins: ["https://www.example.com"], allowedMethods: ["GET"], maxAgeSeconds: 120 }] });
  await client.putBucketPolicy(legacy, JSON.stringify(POLICY(legacy.bucket)));
  await client.putBucketLifecycle(legacy, { rules: [{ id: "old-logs", status: "Enabled", filter: { prefix: "logs/" }, expiration: { days: 90 } }] });
  await client.putBucketWebsite(legacy, { indexDocument: { suffix: "index.html" }, errorDocument: { key: "oops.html" } });
  await client.putBucket({ bucket: `plain-${appId}`, region: REGION });
}, CLI_SETUP_TIMEOUT_MS);

afterAll(async () => {
  for (const p of projects) p.dispose();
  for (const s of sources) fs.rmSync(s, { recursive: true, force: true });
  await closeAllPools();
  await server?.close();
});

test("pulumi import <type> <name> <bucket> for a Bucket, its CORS, policy, lifecycle and website: the code holds the live configuration, the next preview shows no changes", async () => {
  const project = await yamlProject("import-one", "one");
  const bucket = `legacy-${appId}`;
  const files: string[] = [];
  const kinds = [["Bucket", "legacy"], ["BucketCors", "legacy-cors"], ["BucketPolicy", "legacy-policy"], ["BucketLifecycle", "legacy-lifecycle"], ["Website", "legacy-website"]];
  for (const [type, name] of kinds) {
    const out = path.join(project.root, `${name}.yaml`);
    expectSuccess(await project.pulumi(["import", `tencentcos:index:${type}`, name, bucket, "--yes", "--non-interactive", "--protect=false", "--out", out]));
    files.push(out);
  }
  const code = mergeGenerated(files);
  expect(code).toMatch(/acl: public-read/);
  expect(code).toMatch(/tags:\s+team: data/);
  expect(code).toMatch(/maxAgeSeconds: 120/);
  expect(code).toContain("https://www.example.com");
  expect(code).toContain("qcs::cam::anyone:anyone");
  expect(code).toMatch(/days: 90/);
  expect(code).toMatch(/errorDocument: oops\.html/);
  fs.writeFileSync(path.join(project.dir, "Pulumi.yaml"), yamlProgram("import-one", code));
  expectSuccess(await project.pulumi(PREVIEW_NO_CHANGES));
  expectSuccess(await project.pulumi([...PREVIEW_NO_CHANGES, "--refresh"]));
  // Imported resources are managed: a change in the program is an update of the live CORS.
  fs.writeFileSync(path.join(project.dir, "Pulumi.yaml"), yamlProgram("import-one", code.replace("maxAgeSeconds: 120", "maxAgeSeconds: 300")));
  expectSuccess(await project.up());
  expect((await client.getBucketCors({ bucket, region: REGION }))?.rules[0].maxAgeSeconds).toBe(300);
  // Leave the buckets for the next tests: forget the resources without touching COS.
  for (const r of (await exportedState(project)).resources.filter((x) => x.type.startsWith("tencentcos:index:")).reverse()) {
    expectSuccess(await project.pulumi(["state", "delete", r.urn, "--yes", "--non-interactive"]));
  }
}, STEP_MS);

test("bulk: tencentcos-import-list lists every bucket and configuration; pulumi import --file brings them all in with no diff", async () => {
  const project = await yamlProject("import-bulk", "bulk");
  const account = server.accounts[0];
  const list = path.join(project.root, "import.json");
  const listed = await run("node", [path.join(REPO_ROOT, "bin", "tencentcos-import-list"), "--endpoint", server.endpoint, "--out", list], {
    cwd: project.dir,
    env: { ...process.env, TENCENTCLOUD_SECRET_ID: account.secretId, TENCENTCLOUD_SECRET_KEY: account.secretKey },
  });
  expectSuccess(listed);
  const doc = JSON.parse(fs.readFileSync(list, "utf8")) as { resources: { type: string; name: string; id: string }[] };
  expect(doc.resources).toEqual([
    { type: "tencentcos:index:Bucket", name: "legacy", id: `legacy-${appId}` },
    { type: "tencentcos:index:BucketCors", name: "legacy-cors", id: `legacy-${appId}` },
    { type: "tencentcos:index:BucketLifecycle", name: "legacy-lifecycle", id: `legacy-${appId}` },
    { type: "tencentcos:index:BucketPolicy", name: "legacy-policy", id: `legacy-${appId}` },
    { type: "tencentcos:index:Website", name: "legacy-website", id: `legacy-${appId}` },
    { type: "tencentcos:index:Bucket", name: "plain", id: `plain-${appId}` },
  ]);
  const out = path.join(project.root, "all.yaml");
  expectSuccess(await project.pulumi(["import", "--file", list, "--yes", "--non-interactive", "--protect=false", "--out", out]));
  const code = mergeGenerated([out]);
  expect(code).toContain(`plain-${appId}`);
  expect(code).toMatch(/maxAgeSeconds: 300/); // the live value, as the previous test left it
  fs.writeFileSync(path.join(project.dir, "Pulumi.yaml"), yamlProgram("import-bulk", code));
  expectSuccess(await project.pulumi(PREVIEW_NO_CHANGES));
  expect((await exportedState(project)).resources.filter((r) => r.type.startsWith("tencentcos:index:")).map((r) => r.type).sort()).toEqual(
    ["tencentcos:index:Bucket", "tencentcos:index:Bucket", "tencentcos:index:BucketCors", "tencentcos:index:BucketLifecycle", "tencentcos:index:BucketPolicy", "tencentcos:index:Website"],
  );
}, STEP_MS);

test("migration: a stack of dynamic resources moves to the native ones with no cloud change (import, state delete, YAML program)", async () => {
  const project = await cosFixture("buckets", "migrate");
  projects.push(project);
  await connect(project, server, { "crash-buckets:buckets": "1", "crash-buckets:corsEvery": "1" });
  expectSuccess(await project.up());
  const before = await exportedState(project);
  const bucket = String(before.resources.find((r) => r.type === "pulumi-nodejs:dynamic/cos:Bucket")!.id);
  const corsBefore = JSON.stringify(await client.getBucketCors({ bucket, region: REGION }));

  // 1. The native plugin (here by `plugins: providers:`; `npm i -g` puts it on PATH instead) and its config (its own
  //    namespace) beside the dynamic one.
  const pulumiYaml = path.join(project.dir, "Pulumi.yaml");
  fs.appendFileSync(pulumiYaml, `plugins:\n  providers:\n    - name: tencentcos\n      path: ${path.join(REPO_ROOT, "bin")}\n`);
  const account = server.accounts[0];
  await project.setConfig(
    { [NATIVE_KEYS.endpoint]: server.endpoint, [NATIVE_KEYS.appId]: account.appId, [NATIVE_KEYS.region]: REGION, [NATIVE_KEYS.secretId]: account.secretId },
    { [NATIVE_KEYS.secretKey]: account.secretKey },
  );
  // 2. Import each resource under the same name into its native type (the program is not run).
  expectSuccess(await project.pulumi(["import", "tencentcos:index:Bucket", "b0", bucket, "--yes", "--non-interactive", "--protect=false", "--generate-code=false"]));
  expectSuccess(await project.pulumi(["import", "tencentcos:index:BucketCors", "b0-cors", bucket, "--yes", "--non-interactive", "--protect=false", "--generate-code=false"]));
  // 3. Forget the dynamic resources (dependents first); nothing is deleted on COS.
  for (const r of before.resources.filter((x) => x.type.startsWith("pulumi-nodejs:dynamic/")).reverse()) {
    expectSuccess(await project.pulumi(["state", "delete", r.urn, "--yes", "--non-interactive"]));
  }
  // 4. The program, now in YAML on the native types.
  fs.writeFileSync(pulumiYaml, yamlProgram("crash-buckets", [
    "resources:",
    "  b0:",
    "    type: tencentcos:index:Bucket",
    "  b0-cors:",
    "    type: tencentcos:index:BucketCors",
    "    properties:",
    "      bucket: ${b0.bucket}",
    "      region: ${b0.region}",
    "      rules:",
    "        - allowedOrigins: [\"https://0.example.com\"]",
    "          allowedMethods: [GET, HEAD]",
    "          maxAgeSeconds: 60",
    "",
  ].join("\n")));
  fs.rmSync(path.join(project.dir, "index.js"));
  expectSuccess(await project.pulumi(PREVIEW_NO_CHANGES));
  expectSuccess(await project.pulumi([...PREVIEW_NO_CHANGES, "--refresh"]));
  expect(JSON.stringify(await client.getBucketCors({ bucket, region: REGION }))).toBe(corsBefore);
  // The owner key is derived alike (project, stack, kind, name), so the dynamic resources' marks are the native
  // ones' own: destroy really deletes the configuration and the bucket instead of leaving "someone else's".
  expectSuccess(await project.pulumi(["destroy", "--yes", "--skip-preview", "--non-interactive"]));
  expect(server.state.listBuckets().map((b) => b.name)).not.toContain(bucket);
}, STEP_MS);
