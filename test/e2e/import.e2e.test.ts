/**
 * The `import` resource option cannot work for a dynamic resource: the engine's import Read carries no serialised
 * provider, so the host failed with "Cannot read properties of undefined (reading 'toJavaScript')"
 * (pulumi/pulumi#16175; LESSONS.md §5). Every sdk constructor now refuses the option before registration with what
 * to do instead, and both alternatives work through the real engine: `adopt: true` manages the existing bucket,
 * `{ id }` reads it without managing it.
 */
import { CosClient, closeAllPools } from "../../provider/cos";
import { startCosServer, type CosServer } from "../cos-server";
import { bucketsInState, connect, cosFixture, ownerClient } from "./cosProject";
import { CLI_SETUP_TIMEOUT_MS, expectFailure, expectSuccess, type PulumiProject } from "./harness";

const STEP_MS = 240_000;
const EXISTING = "legacy-data-1250000000";
const LOC = { bucket: EXISTING, region: "ap-guangzhou" };

describe("an existing bucket: import is refused with advice; adopt and lookups work", () => {
  let server: CosServer;
  let project: PulumiProject;
  let client: CosClient;

  beforeAll(async () => {
    server = await startCosServer();
    client = ownerClient(server);
    await client.putBucket(LOC, { acl: "public-read" }); // made in the console
    project = await cosFixture("buckets", "existing");
    await connect(project, server, { "crash-buckets:buckets": "0", "crash-buckets:existing": EXISTING });
  }, CLI_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    project?.dispose();
    await closeAllPools();
    await server?.close();
  });

  test("`import` fails before anything happens, saying to use `adopt: true`, without internals or a stack trace", async () => {
    await project.setConfig({ "crash-buckets:existingMode": "import" });
    for (const command of [["preview", "--non-interactive"], ["up", "--yes", "--skip-preview", "--non-interactive"]]) {
      const r = expectFailure(await project.pulumi(command));
      const text = r.stdout + r.stderr;
      expect(text).toContain('Bucket "existing": the `import` resource option does not work with this package');
      expect(text).toContain("set `adopt: true`");
      expect(text).not.toMatch(/toJavaScript|code must be a string|\n\s+at .+\(.*:\d+:\d+\)/);
    }
    expect(await bucketsInState(project)).toEqual([]);
    expect(server.state.listBuckets().map((b) => b.name)).toEqual([EXISTING]);
  }, STEP_MS);

  test("`{ id }` reads the bucket without managing it", async () => {
    await project.setConfig({ "crash-buckets:existingMode": "lookup" });
    expectSuccess(await project.up());
    expect((await project.outputs()).lookedUp).toEqual({ bucket: EXISTING, region: "ap-guangzhou", acl: "public-read" });
    expectSuccess(await project.pulumi(["destroy", "--yes", "--skip-preview", "--non-interactive"]));
    expect(server.state.listBuckets().map((b) => b.name)).toEqual([EXISTING]); // a read resource is never deleted
  }, STEP_MS);

  test("`adopt: true`, as the message says, takes the bucket over and applies the declared configuration", async () => {
    await project.setConfig({ "crash-buckets:existingMode": "adopt" });
    expectSuccess(await project.up());
    expect(await bucketsInState(project)).toEqual([EXISTING]);
    expect(await client.getBucketTagging(LOC)).toEqual(expect.arrayContaining([{ key: "team", value: "data" }]));
    expectSuccess(await project.pulumi(["preview", "--expect-no-changes", "--non-interactive"]));
  }, STEP_MS);
});
