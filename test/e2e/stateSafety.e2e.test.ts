/**
 * Issue 10 cases 1 and 7 through the real engine: renaming a forceDestroy Bucket and following the advice, renaming a
 * BucketCors with identical rules, and two stacks declaring the same CORS. The data always survives; the server's
 * state is the judge. Steps share one local COS server and run in order.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { closeAllPools, CosClient } from "../../provider/cos";
import { startCosServer, type CosServer } from "../cos-server";
import { assertDistIsCurrent, CLI_SETUP_TIMEOUT_MS, expectFailure, expectSuccess, PulumiProject, REPO_ROOT } from "./harness";
import { ownerClient } from "./cosProject";

const STEP_MS = 300_000;
const BUCKET = "safety-data-1250000000";
const SHARED = "safety-shared-1250000000";

let server: CosServer;
let client: CosClient;
let a: PulumiProject;
let b: PulumiProject;

/** The fixture with the repo linked as `pulumi-tencent-cos` (its dist/), without an npm install. */
async function fixture(stack: string): Promise<PulumiProject> {
  assertDistIsCurrent();
  const project = await PulumiProject.create({ program: path.join(__dirname, "fixtures", "state-safety"), stack, install: "link-repo" });
  fs.mkdirSync(path.join(project.root, "node_modules"), { recursive: true });
  fs.symlinkSync(REPO_ROOT, path.join(project.root, "node_modules", "pulumi-tencent-cos"), "dir");
  return project;
}

async function connect(project: PulumiProject, config: Record<string, string>): Promise<void> {
  const account = server.accounts[0];
  await project.setConfig(
    { "cos:endpoint": server.endpoint, "cos:appId": account.appId, "tencentcloud:region": "ap-guangzhou", "tencentcloud:secretId": account.secretId, ...config },
    { "tencentcloud:secretKey": account.secretKey },
  );
}

const loc = (bucket: string) => ({ bucket, region: "ap-guangzhou" });
const output = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;

beforeAll(async () => {
  server = await startCosServer();
  client = ownerClient(server);
  a = await fixture("a");
  await connect(a, { "state-safety:bucketName": BUCKET });
}, CLI_SETUP_TIMEOUT_MS);

afterAll(async () => {
  a?.dispose();
  b?.dispose();
  await closeAllPools();
  await server?.close();
});

describe("renames never delete data", () => {
  test("up creates the bucket and its CORS; an object is put into it", async () => {
    expectSuccess(await a.up());
    await client.putObject(loc(BUCKET), "precious.txt", "keep me");
    expect((await client.getBucketCors(loc(BUCKET)))?.rules).toHaveLength(1);
  }, STEP_MS);

  test("renaming the forceDestroy Bucket fails with the aliases advice, deleting nothing", async () => {
    await a.setConfig({ "state-safety:dataName": "data2" });
    const r = expectFailure(await a.up());
    expect(output(r)).toMatch(/managed by another resource of this stack/);
    expect(output(r)).toContain('aliases: [{ name: "<old name>" }]');
    expect(server.state.getBucket(BUCKET)).toBeDefined();
  }, STEP_MS);

  test("following the advice (an alias) is an update that keeps bucket and object; then no changes", async () => {
    await a.setConfig({ "state-safety:dataAlias": "data" });
    expectSuccess(await a.up());
    const counts = await a.lastUpdateChanges();
    expect([counts.delete ?? 0, counts.create ?? 0, counts.replace ?? 0]).toEqual([0, 0, 0]);
    expect((await client.getObject(loc(BUCKET), "precious.txt")).body.toString()).toBe("keep me");
    expectSuccess(await a.pulumi(["preview", "--non-interactive", "--expect-no-changes"]));
  }, STEP_MS);

  test("renaming again and following the adopt path instead: the old resource's delete leaves the bucket alone", async () => {
    await a.setConfig({ "state-safety:dataName": "data3", "state-safety:dataAdopt": "true" });
    await a.pulumiOk(["config", "rm", "state-safety:dataAlias"]);
    const up = expectSuccess(await a.up());
    expect(await a.lastUpdateChanges()).toMatchObject({ create: 1, delete: 1 });
    expect(server.state.getBucket(BUCKET)).toBeDefined();
    expect((await client.getObject(loc(BUCKET), "precious.txt")).body.toString()).toBe("keep me");
    expect(output(up)).toMatch(/left in place/);
    // state holds exactly the live bucket, no ghost
    expectSuccess(await a.pulumi(["preview", "--non-interactive", "--refresh", "--expect-no-changes"]));
  }, STEP_MS);

  test("renaming the BucketCors with identical rules: no silent take-over; with adopt the old one's delete keeps it", async () => {
    await a.setConfig({ "state-safety:corsName": "cors2" });
    const refused = expectFailure(await a.up());
    expect(output(refused)).toMatch(/managed by another resource of this stack[\s\S]*aliases/);
    await a.setConfig({ "state-safety:corsAdopt": "true" });
    expectSuccess(await a.up());
    expect(await a.lastUpdateChanges()).toMatchObject({ create: 1, delete: 1 });
    expect((await client.getBucketCors(loc(BUCKET)))?.rules).toHaveLength(1);
    expectSuccess(await a.pulumi(["preview", "--non-interactive", "--refresh", "--expect-no-changes"]));
  }, STEP_MS);

  test("destroy removes what the stack owns: the bucket (forceDestroy) with its objects", async () => {
    expectSuccess(await a.pulumi(["destroy", "--yes", "--skip-preview", "--non-interactive"]));
    expect(server.state.getBucket(BUCKET)).toBeUndefined();
  }, STEP_MS);
});

describe("two stacks never silently share or destroy one configuration", () => {
  test("stack A puts CORS on an existing bucket; stack B with identical rules fails without adopt", async () => {
    await client.putBucket(loc(SHARED));
    await a.pulumiOk(["config", "rm-all", "state-safety:dataName", "state-safety:dataAdopt", "state-safety:corsName", "state-safety:corsAdopt"]);
    await a.setConfig({ "state-safety:bucketName": SHARED, "state-safety:manageBucket": "false" });
    expectSuccess(await a.up());
    b = await a.forStack("b");
    await connect(b, { "state-safety:bucketName": SHARED, "state-safety:manageBucket": "false" });
    const refused = expectFailure(await b.up());
    expect(output(refused)).toMatch(/managed by another stack[\s\S]*adopt: true/);
  }, STEP_MS);

  test("with adopt B owns it; A's destroy never removes it; B's destroy does", async () => {
    await b.setConfig({ "state-safety:corsAdopt": "true" });
    expectSuccess(await b.up());
    expectSuccess(await a.pulumi(["destroy", "--yes", "--skip-preview", "--non-interactive"]));
    expect((await client.getBucketCors(loc(SHARED)))?.rules).toHaveLength(1);
    expectSuccess(await b.pulumi(["preview", "--non-interactive", "--refresh", "--expect-no-changes"]));
    expectSuccess(await b.pulumi(["destroy", "--yes", "--skip-preview", "--non-interactive"]));
    expect(await client.getBucketCors(loc(SHARED))).toBeUndefined();
  }, STEP_MS);
});
