/**
 * Deterministic auto-naming through the real engine (issue 10 case 3): the dynamic-provider host passes no random
 * seed, so a name drawn at random in `check` differed between preview and up and broke `pulumi up --plan`. The name
 * now derives from the ownerKey (organization, project, stack, type, Pulumi name). A replacement of an auto-named
 * bucket keeps its name and deletes first; a stack whose bucket got a random name earlier keeps that name.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CosClient, closeAllPools } from "../../provider/cos";
import { startCosServer, type CosServer } from "../cos-server";
import { bucketsInState, connect, cosFixture, ownerClient } from "./cosProject";
import { CLI_SETUP_TIMEOUT_MS, expectSuccess, type PulumiProject } from "./harness";

const STEP_MS = 240_000;
const PREVIEW = ["preview", "--non-interactive"];

describe("auto-named buckets under the real engine", () => {
  let server: CosServer;
  let project: PulumiProject;
  let announced: string[];

  const live = () => server.state.listBuckets().map((b) => b.name).sort();

  beforeAll(async () => {
    server = await startCosServer();
    project = await cosFixture("buckets", "names");
    await connect(project, server, { "crash-buckets:buckets": "2" });
  }, CLI_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    project?.dispose();
    await closeAllPools();
    await server?.close();
  });

  async function previewNames(extra: string[] = []): Promise<{ names: string[]; ops: string[] }> {
    const r = expectSuccess(await project.pulumi([...PREVIEW, "--json", ...extra]));
    const steps = (JSON.parse(r.stdout) as { steps: { op: string; newState?: { type: string; inputs?: { bucket?: string } } }[] }).steps;
    const buckets = steps.filter((s) => s.newState?.type.endsWith(":Bucket"));
    return { names: [...new Set(buckets.map((s) => String(s.newState?.inputs?.bucket)))].sort(), ops: steps.map((s) => s.op) };
  }

  test("two previews announce the same names; `preview --save-plan` then `up --plan` creates exactly those", async () => {
    announced = (await previewNames()).names;
    expect(announced).toHaveLength(2);
    for (const n of announced) expect(n).toMatch(/^b[01]-[0-9a-f]{7}-1250000000$/);
    expect((await previewNames()).names).toEqual(announced);

    const plan = path.join(project.root, "plan.json");
    expectSuccess(await project.pulumi([...PREVIEW, `--save-plan=${plan}`]));
    expect(fs.existsSync(plan)).toBe(true);
    expectSuccess(await project.pulumi(["up", `--plan=${plan}`, "--yes", "--skip-preview", "--non-interactive"]));
    expect(live()).toEqual(announced);
    expect(await bucketsInState(project)).toEqual(announced);
    expectSuccess(await project.pulumi([...PREVIEW, "--expect-no-changes"]));
  }, STEP_MS);

  test("a multiAz change replaces each auto-named bucket under the same name, deleting first", async () => {
    await project.setConfig({ "crash-buckets:autoMultiAz": "true" });
    const { names, ops } = await previewNames(["--show-replacement-steps"]);
    expect(names).toEqual(announced);
    // Delete-before-replace: the engine plans delete-replaced before create-replacement (and no create-first "replace").
    expect(ops.filter((o) => o === "delete-replaced")).toHaveLength(2);
    expect(ops.indexOf("delete-replaced")).toBeLessThan(ops.indexOf("create-replacement"));
    expectSuccess(await project.up());
    expect(await project.lastUpdateChanges()).toMatchObject({ replace: 2 });
    expect(live()).toEqual(announced);
    for (const n of announced) expect(server.state.getBucket(n)?.azConfig).toBe("MAZ");
    expectSuccess(await project.pulumi([...PREVIEW, "--expect-no-changes"]));
  }, STEP_MS);

  test("a bucket that got a random name from an earlier version keeps it: no replacement, no new bucket", async () => {
    // Make b0 look like it was created by the old random auto-naming: another suffix, in state and on the server.
    const legacy = announced[0].replace(/-[0-9a-f]{7}-/, "-1a2b3c4-");
    const client = ownerClient(server);
    await client.putBucket({ bucket: legacy, region: "ap-guangzhou" }, { multiAz: true });
    await client.deleteBucket({ bucket: announced[0], region: "ap-guangzhou" });
    const exported = (await project.pulumiOk(["stack", "export"])).stdout;
    const file = path.join(project.root, "legacy-state.json");
    fs.writeFileSync(file, exported.split(announced[0]).join(legacy));
    expectSuccess(await project.pulumi(["stack", "import", `--file=${file}`]));

    const { ops } = await previewNames();
    expect(ops.filter((o) => o !== "same")).toEqual([]);
    expectSuccess(await project.pulumi([...PREVIEW, "--expect-no-changes"]));
    expectSuccess(await project.up());
    expect(live()).toEqual([legacy, announced[1]].sort());
    expect(await bucketsInState(project)).toEqual([legacy, announced[1]].sort());
  }, STEP_MS);

  test("destroy leaves an empty server", async () => {
    expectSuccess(await project.pulumi(["destroy", "--yes", "--skip-preview", "--non-interactive"]));
    expect(live()).toEqual([]);
  }, STEP_MS);
});
