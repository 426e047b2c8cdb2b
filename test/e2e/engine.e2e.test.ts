/**
 * Engine smoke test: before any COS resource is involved, prove that the Pulumi CLI, the Node.js language host and
 * the dynamic-provider host (`pulumi-resource-pulumi-nodejs`) work here, with an inline `pulumi.dynamic.Resource`.
 * Steps share one stack and run in order, like a user's session.
 */
import * as path from "node:path";
import { CLI_SETUP_TIMEOUT_MS, PulumiProject } from "./harness";

const STEP_MS = 180_000;

describe("engine smoke: an inline dynamic resource through pulumi up/preview/destroy", () => {
  let project: PulumiProject;

  beforeAll(async () => {
    project = await PulumiProject.create({
      program: path.join(__dirname, "fixtures", "engine-smoke"),
      stack: "smoke",
      install: "link-repo",
    });
  }, CLI_SETUP_TIMEOUT_MS);

  afterAll(() => project?.dispose());

  test("pulumi up creates the resource, in a process other than the program's", async () => {
    const up = await project.up();
    expect(up.stderr + up.stdout).toContain("+ 2 created"); // the stack and the echo resource
    expect(up.code).toBe(0);
    const out = await project.outputs();
    expect(out).toMatchObject({ message: "hello", length: 5 });
    expect(typeof out.providerPid).toBe("number");
    expect(out.providerPid).not.toBe(out.programPid);
  }, STEP_MS);

  test("pulumi preview --expect-no-changes succeeds on an unchanged program", async () => {
    const r = await project.pulumi(["preview", "--expect-no-changes", "--non-interactive"]);
    expect(r.stdout).toMatch(/2 unchanged/);
    expect(r.code).toBe(0);
  }, STEP_MS);

  test("a config change updates only the resource, and the engine records one update", async () => {
    await project.setConfig({ message: "hello, engine" });
    const { result, changes } = await project.previewSteps();
    expect(result.code).toBe(0);
    expect(changes).toEqual([{ op: "update", name: "echo", changedInputs: ["message"] }]);

    const up = await project.up();
    expect(up.code).toBe(0);
    expect(await project.outputs()).toMatchObject({ message: "hello, engine", length: 13 });
    const counts = await project.lastUpdateChanges();
    expect(counts).toMatchObject({ update: 1 });
    expect(counts.create ?? 0).toBe(0);
    expect(counts.delete ?? 0).toBe(0);
  }, STEP_MS);

  test("a failing preview with --expect-no-changes exits non-zero when the program changed", async () => {
    await project.setConfig({ message: "changed again" });
    const r = await project.pulumi(["preview", "--expect-no-changes", "--non-interactive", "--diff"]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toContain('~ message: "hello, engine" => "changed again"');
  }, STEP_MS);

  test("pulumi destroy removes everything from the stack", async () => {
    const r = await project.pulumi(["destroy", "--yes", "--skip-preview", "--non-interactive"]);
    expect(r.code).toBe(0);
    const exported = JSON.parse((await project.pulumiOk(["stack", "export"])).stdout) as {
      deployment: { resources?: unknown[] };
    };
    expect(exported.deployment.resources ?? []).toHaveLength(0);
  }, STEP_MS);
});
