/**
 * The life of an example stack under the real engine, as a user lives it, against a local COS server:
 * up → preview shows no changes (with and without refresh) → a config change updates one resource → a change made
 * outside Pulumi is caught by `preview --refresh --expect-no-changes` → refresh + up repair it → no secret in the
 * backend → destroy leaves no bucket. Steps share one stack and run in order; each example file calls this once.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CosClient, closeAllPools } from "../../provider/cos";
import { startCosServer, type CosServer, type FailSpec } from "../cos-server";
import { ownerClient } from "./cosProject";
import { CLI_SETUP_TIMEOUT_MS, PulumiProject, expectFailure, expectSuccess } from "./harness";

/** Per step: each pulumi command takes 3–30 s here; a step runs up to five. */
export const STEP_MS = 240_000;

export interface LifecycleContext {
  readonly server: CosServer;
  readonly project: PulumiProject;
  /** Our own COS client, signed with the server's account: the "console" that changes things out of band. */
  readonly client: CosClient;
  /** Stack outputs after the last successful `pulumi up`. */
  outputs: Record<string, unknown>;
}

export interface ExampleSpec {
  /** Folder under examples/. */
  example: string;
  stack: string;
  /** Plain config beyond the connection settings, e.g. values only the server knows. */
  config?: (server: CosServer) => Record<string, string>;
  /**
   * The config keys of the connection settings. Default: the dynamic resources' (`cos:endpoint`,
   * `tencentcloud:secretKey`, …); the native provider reads its own namespace (`tencentcos:endpoint`, …).
   */
  connectionKeys?: { endpoint: string; appId: string; region: string; secretId: string; secretKey: string };
  /** Pulumi names of the program's resources (the stack itself excluded). */
  resources: string[];
  /** Buckets the program creates. */
  buckets: number;
  /** Assertions on outputs and on the live configuration after the first successful up. */
  checkDeployed: (ctx: LifecycleContext) => Promise<void>;
  /** A first `pulumi up` that a non-retryable COS error breaks mid-deployment; the next up must converge. */
  injectFailure?: { fail: FailSpec; resource: string; outputContains: string };
  /** Config that feeds exactly one resource, and how to see the new value live. */
  configChange: { set: Record<string, string>; resource: string; changedInputs: string[]; verify: (ctx: LifecycleContext) => Promise<void> };
  /** An out-of-band change to one resource, and what `preview --refresh --diff` must then print. */
  drift: { make: (ctx: LifecycleContext) => Promise<void>; resource: string; changedInputs: string[]; diffContains: string[] };
  /** More steps, run after destroy with the same server and project. */
  extraSteps?: (ctx: () => LifecycleContext) => void;
}

const PREVIEW = ["preview", "--non-interactive", "--diff"];

export function describeExampleLifecycle(spec: ExampleSpec): void {
  describe(`examples/${spec.example} under the real Pulumi engine`, () => {
    let ctx: LifecycleContext;

    beforeAll(async () => {
      const server = await startCosServer();
      const account = server.accounts[0];
      const client = ownerClient(server);
      ctx = { server, client, outputs: {}, project: undefined as unknown as PulumiProject };
      const project = await PulumiProject.create({ program: spec.example, stack: spec.stack, install: "npm" });
      ctx = { ...ctx, project };
      const keys = spec.connectionKeys ?? { endpoint: "cos:endpoint", appId: "cos:appId", region: "tencentcloud:region", secretId: "tencentcloud:secretId", secretKey: "tencentcloud:secretKey" };
      await project.setConfig(
        {
          [keys.endpoint]: server.endpoint,
          [keys.appId]: account.appId,
          [keys.region]: "ap-guangzhou",
          [keys.secretId]: account.secretId,
          ...spec.config?.(server),
        },
        { [keys.secretKey]: account.secretKey },
      );
    }, CLI_SETUP_TIMEOUT_MS);

    afterAll(async () => {
      ctx?.project?.dispose();
      await closeAllPools();
      await ctx?.server.close();
    });

    const bucketNames = () => ctx.server.state.listBuckets().map((b) => b.name).sort();

    if (spec.injectFailure) {
      const f = spec.injectFailure;
      test(`a ${f.fail.status} ${f.fail.code} on ${f.fail.method} ?${f.fail.subresource} fails the first up; the next up converges`, async () => {
        ctx.server.faults.failNext(1, f.fail);
        const failed = expectFailure(await ctx.project.up());
        expect(failed.stdout + failed.stderr).toContain(f.outputContains);
        // The bucket was created and kept; what failed (and anything not started yet) is still to be created.
        expect(bucketNames()).toHaveLength(spec.buckets);
        const { changes } = await ctx.project.previewSteps();
        expect(changes.map((c) => c.op)).toEqual(changes.map(() => "create"));
        expect(changes.map((c) => c.name)).toContain(f.resource);

        expectSuccess(await ctx.project.up());
        const counts = await ctx.project.lastUpdateChanges();
        expect(counts.create).toBe(changes.length);
        expect([counts.delete ?? 0, counts.replace ?? 0, counts.update ?? 0]).toEqual([0, 0, 0]);
      }, STEP_MS);
    } else {
      test(`pulumi up creates ${spec.resources.join(", ")}`, async () => {
        expectSuccess(await ctx.project.up());
        expect(await ctx.project.lastUpdateChanges()).toEqual({ create: spec.resources.length + 1 });
      }, STEP_MS);
    }

    test("the deployed buckets and configurations are live", async () => {
      expect(bucketNames()).toHaveLength(spec.buckets);
      ctx.outputs = await ctx.project.outputs();
      await spec.checkDeployed(ctx);
    }, STEP_MS);

    test("no spurious diffs: preview --expect-no-changes passes, with and without --refresh", async () => {
      expectSuccess(await ctx.project.pulumi([...PREVIEW, "--expect-no-changes"]));
      expectSuccess(await ctx.project.pulumi([...PREVIEW, "--refresh", "--expect-no-changes"]));
    }, STEP_MS);

    test(`a config change (${Object.keys(spec.configChange.set).join(", ")}) updates only ${spec.configChange.resource}`, async () => {
      const change = spec.configChange;
      await ctx.project.setConfig(change.set);
      const { result, changes } = await ctx.project.previewSteps();
      expectSuccess(result);
      expect(changes).toEqual([{ op: "update", name: change.resource, changedInputs: change.changedInputs }]);
      expectSuccess(await ctx.project.up());
      expect(await ctx.project.lastUpdateChanges()).toEqual({ update: 1, same: spec.resources.length });
      ctx.outputs = await ctx.project.outputs();
      await change.verify(ctx);
    }, STEP_MS);

    test(`an out-of-band change to ${spec.drift.resource} fails preview --refresh --expect-no-changes, naming the property`, async () => {
      await spec.drift.make(ctx);
      // Without --refresh the engine compares the program with the last deployment: the drift is invisible.
      expectSuccess(await ctx.project.pulumi([...PREVIEW, "--expect-no-changes"]));
      const r = expectFailure(await ctx.project.pulumi([...PREVIEW, "--refresh", "--expect-no-changes"]));
      for (const text of spec.drift.diffContains) expect(r.stdout).toContain(text);
    }, STEP_MS);

    test("pulumi refresh records the drift; pulumi up then restores the declared configuration", async () => {
      expectSuccess(await ctx.project.pulumi(["refresh", "--yes", "--skip-preview", "--non-interactive"]));
      const { changes } = await ctx.project.previewSteps();
      expect(changes).toEqual([{ op: "update", name: spec.drift.resource, changedInputs: spec.drift.changedInputs }]);
      expectSuccess(await ctx.project.up());
      expectSuccess(await ctx.project.pulumi([...PREVIEW, "--refresh", "--expect-no-changes"]));
    }, STEP_MS);

    test("the secret key is in no file of the backend, the stack config or `pulumi stack export`", async () => {
      const secret = ctx.server.accounts[0].secretKey;
      const files = ctx.project.backendFiles();
      expect(files.length).toBeGreaterThan(0);
      expect(files.filter((f) => f.text.includes(secret)).map((f) => f.file)).toEqual([]);
      expect(fs.readFileSync(path.join(ctx.project.dir, `Pulumi.${spec.stack}.yaml`), "utf8")).not.toContain(secret);
      expect((await ctx.project.pulumiOk(["stack", "export"])).stdout).not.toContain(secret);
      // Positive control: the key is in the state (as the provider's config), encrypted, so the scans above saw it.
      expect((await ctx.project.pulumiOk(["stack", "export", "--show-secrets"])).stdout).toContain(secret);
    }, STEP_MS);

    test("pulumi destroy removes every resource and leaves the COS server with no buckets", async () => {
      expectSuccess(await ctx.project.pulumi(["destroy", "--yes", "--skip-preview", "--non-interactive"]));
      expect(bucketNames()).toEqual([]);
      const exported = JSON.parse((await ctx.project.pulumiOk(["stack", "export"])).stdout) as { deployment: { resources?: unknown[] } };
      expect(exported.deployment.resources ?? []).toEqual([]);
    }, STEP_MS);

    spec.extraSteps?.(() => ctx);
  });
}
