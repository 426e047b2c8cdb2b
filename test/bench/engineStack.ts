/**
 * One stack of the engine benchmark's program (test/bench/engineProgram) in a temporary directory, with its own file
 * backend: the timed pulumi steps and the state's size. The project links the repo's node_modules and resolves
 * `pulumi-tencent-cos` to a copy of the package's `files` (dist/), as npm installs it, so no `npm install` is timed
 * and the state is what a user's is (test/helpers/installCopy.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PulumiProject, REPO_ROOT, run, type RunResult } from "../e2e/harness";
import { installCopy } from "../helpers/installCopy";
import { procCpuMicros, type ServerInfo } from "./serverProcess";

export const PROGRAM = path.join(__dirname, "engineProgram");
/** A full-size `up` of 1,101 resources took minutes; no step may hang the benchmark for ever. */
const STEP_TIMEOUT_MS = 30 * 60_000;

/** ours; the floor (a no-op provider declared in the program, serialised by value); the lean floor (the same no-op
 * provider installed as a package, serialised as a `require` like ours); the wire floor (the lean floor, except that
 * each delete sends its one DELETE, and a bucket's create its PUT Bucket: engineProgram/wireProvider.js). */
export type Mode = "ours" | "floor" | "lean" | "wire";

export interface StackOptions {
  mode: Mode;
  buckets: number;
  server: ServerInfo;
  /** `--parallel` for up/preview/destroy (the CLI's default when unset). */
  parallel?: number;
  /** Extra environment for every pulumi command (e.g. PULUMI_SKIP_CHECKPOINTS). */
  env?: NodeJS.ProcessEnv;
  /** Write a V8 CPU profile of every dynamic-provider process into this directory. */
  profileDir?: string;
}

/** One pulumi command: wall time, and the CPU time of its process tree (undefined without /proc). */
export interface Timing {
  seconds: number;
  cpuSeconds?: number;
}

/** What `pulumi stack export` holds, per resource (the stack resource itself excluded). */
export interface StateSize {
  resources: number;
  bytesPerResource: number;
  providerBytesPerResource: number;
}

export class EngineStack {
  private constructor(
    private readonly project: PulumiProject,
    private readonly opts: StackOptions,
  ) {}

  static async create(opts: StackOptions): Promise<EngineStack> {
    const project = await PulumiProject.create({ program: PROGRAM, stack: `${opts.mode}-${opts.buckets}`, install: "link-repo" });
    installCopy(path.join(project.root, "node_modules", "pulumi-tencent-cos"));
    // The lean floor's provider, as a package of its own (engineProgram/index.js); the same file the floor copies.
    const noop = path.join(project.root, "node_modules", "bench-noop-provider");
    fs.mkdirSync(noop, { recursive: true });
    fs.copyFileSync(path.join(PROGRAM, "noopProvider.js"), path.join(noop, "index.js"));
    fs.writeFileSync(path.join(noop, "package.json"), JSON.stringify({ name: "bench-noop-provider", version: "1.0.0", main: "index.js" }));
    // The wire floor's provider (engineProgram/wireProvider.js), a package beside it, with the no-op methods it extends.
    const wire = path.join(project.root, "node_modules", "bench-wire-provider");
    fs.mkdirSync(wire, { recursive: true });
    fs.copyFileSync(path.join(PROGRAM, "wireProvider.js"), path.join(wire, "index.js"));
    fs.copyFileSync(path.join(PROGRAM, "noopProvider.js"), path.join(wire, "noop.js"));
    fs.writeFileSync(path.join(wire, "package.json"), JSON.stringify({ name: "bench-wire-provider", version: "1.0.0", main: "index.js" }));
    if (opts.mode === "wire") {
      Object.assign(project.env, { BENCH_WIRE_ENDPOINT: opts.server.endpoint, BENCH_WIRE_SECRET_ID: opts.server.secretId, BENCH_WIRE_SECRET_KEY: opts.server.secretKey });
    }
    if (opts.profileDir) {
      // NODE_OPTIONS may not carry --cpu-prof (node exits 9), and the engine kills the plugin before --cpu-prof
      // would write, so a launcher of our own, first on PATH, preloads engineProfiler.js into the host.
      const bin = path.join(project.root, "profile-bin");
      fs.mkdirSync(bin);
      const launcher = path.join(bin, "pulumi-resource-pulumi-nodejs");
      fs.writeFileSync(
        launcher,
        `#!/bin/sh\nexec node --require ${JSON.stringify(path.join(__dirname, "engineProfiler.js"))} "$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")" "$@"\n`,
      );
      project.env.BENCH_ENGINE_PROFILE_DIR = path.resolve(opts.profileDir);
      fs.mkdirSync(project.env.BENCH_ENGINE_PROFILE_DIR, { recursive: true });
      fs.chmodSync(launcher, 0o755);
      project.env.PATH = `${bin}${path.delimiter}${project.env.PATH}`;
    }
    const stack = new EngineStack(project, opts);
    await project.setConfig(
      {
        buckets: String(opts.buckets),
        mode: opts.mode,
        "cos:endpoint": opts.server.endpoint,
        "cos:appId": opts.server.appId,
        "tencentcloud:region": opts.server.region,
        "tencentcloud:secretId": opts.server.secretId,
      },
      { "tencentcloud:secretKey": opts.server.secretKey },
    );
    return stack;
  }

  /**
   * Runs `pulumi <args>`; resolves with its wall time and the CPU time of its whole process tree (the CLI, the
   * language host and program, the provider plugins: every descendant is reaped by its parent, so the kernel adds it
   * to this process's children's time). Throws with the output on failure.
   */
  async timed(args: readonly string[]): Promise<Timing> {
    const parallel = this.opts.parallel && args[0] !== "stack" && args[0] !== "config" ? ["--parallel", String(this.opts.parallel)] : [];
    const cpu0 = procCpuMicros("self", "children");
    const started = process.hrtime.bigint();
    const r = await this.pulumi([...args, ...parallel, "--non-interactive"]);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu1 = procCpuMicros("self", "children");
    if (r.code !== 0) throw new Error(`${this.opts.mode} N=${this.opts.buckets}: ${r.command} exited ${r.code}\n${tail(r)}`);
    return { seconds, cpuSeconds: cpu0 === undefined || cpu1 === undefined ? undefined : (cpu1 - cpu0) / 1e6 };
  }

  up = () => this.timed(["up", "--yes", "--skip-preview"]);
  preview = () => this.timed(["preview", "--expect-no-changes"]);
  previewRefresh = () => this.timed(["preview", "--refresh", "--expect-no-changes"]);
  destroy = () => this.timed(["destroy", "--yes", "--skip-preview"]);

  /** Changes every CORS configuration's maxAgeSeconds, then `up`: N updates and nothing else. */
  async updateCors(): Promise<Timing> {
    await this.project.pulumiOk(["config", "set", "corsMaxAge", "601"]);
    const timing = await this.up();
    const changes = await this.project.lastUpdateChanges();
    if (changes.update !== this.opts.buckets) throw new Error(`expected ${this.opts.buckets} updates, the engine recorded ${JSON.stringify(changes)}`);
    return timing;
  }

  async stateSize(): Promise<StateSize> {
    const r = await this.project.pulumiOk(["stack", "export"]);
    type Res = { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
    const all = (JSON.parse(r.stdout) as { deployment: { resources?: Res[] } }).deployment.resources ?? [];
    const resources = all.filter((x) => x.type.startsWith("pulumi-nodejs:dynamic"));
    const bytes = resources.reduce((s, x) => s + Buffer.byteLength(JSON.stringify(x)), 0);
    // `__provider` is stored twice per resource: in its inputs and in its outputs.
    const provider = resources.reduce(
      (s, x) => s + [x.inputs?.__provider, x.outputs?.__provider].reduce<number>((t, p) => t + (typeof p === "string" ? Buffer.byteLength(JSON.stringify(p)) : 0), 0),
      0,
    );
    const n = Math.max(1, resources.length);
    return { resources: resources.length, bytesPerResource: bytes / n, providerBytesPerResource: provider / n };
  }

  dispose(): void {
    this.project.dispose();
  }

  private pulumi(args: readonly string[]): Promise<RunResult> {
    return run("pulumi", [...args, "--stack", this.project.stack], {
      cwd: this.project.dir,
      env: { ...this.project.env, ...this.opts.env },
      timeoutMs: STEP_TIMEOUT_MS,
    });
  }
}

function tail(r: RunResult): string {
  return (r.stdout + "\n" + r.stderr).split("\n").slice(-40).join("\n");
}
