/**
 * Runs the real Pulumi engine (`pulumi up`, `preview`, `refresh`, `destroy`) on a Pulumi program copied into a
 * temporary directory, with a private file backend and PULUMI_HOME, fully offline (LESSONS.md §3).
 *
 * The CLI comes from scripts/pulumi-cli.sh (an existing install, a cached build, or a build from the Go modules);
 * when that fails the error is thrown with the script's message, so a missing engine fails the suite instead of
 * skipping it.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { killTree } from "./processTree";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const EXAMPLES_DIR = path.join(REPO_ROOT, "examples");

/** Generous per-command limit: a cold `pulumi up` compiles the program and starts the provider host. */
export const COMMAND_TIMEOUT_MS = 180_000;

export interface RunResult {
  readonly command: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed (commands never wait for a terminal). */
  input?: string;
  timeoutMs?: number;
}

/** Runs a command to completion; resolves with its exit code and output, never rejects on a non-zero exit. */
export function run(file: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.pid !== undefined && killTree(child.pid), opts.timeoutMs ?? COMMAND_TIMEOUT_MS); // its plugins too
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        command: [file, ...args].join(" "),
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8") + (signal ? `\n[killed by ${signal}]` : ""),
      });
    });
    // A command that exits without reading its stdin (a cached `pulumi-cli.sh`) closes the pipe first: EPIPE on our
    // write is then no failure of the command, whose exit code and output still come through "close".
    child.stdin.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code !== "EPIPE") reject(e);
    });
    child.stdin.end(opts.input ?? "");
  });
}

function describeFailure(r: RunResult): string {
  return `\`${r.command}\` exited ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

/** Fails the test with the command's whole output unless it succeeded (a bare exit code explains nothing). */
export function expectSuccess(r: RunResult): RunResult {
  if (r.code !== 0) throw new Error(`expected success: ${describeFailure(r)}`);
  return r;
}

/** Fails the test with the command's whole output unless it failed. */
export function expectFailure(r: RunResult): RunResult {
  if (r.code === 0) throw new Error(`expected a failure: ${describeFailure(r)}`);
  return r;
}

let cliDir: Promise<string> | undefined;

/**
 * The directory (or PATH fragment) holding `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs`.
 * A first build from the Go modules takes 10–25 minutes; callers give their beforeAll that much time.
 */
export function ensurePulumiCli(): Promise<string> {
  cliDir ??= run("bash", [path.join(REPO_ROOT, "scripts", "pulumi-cli.sh")], { cwd: REPO_ROOT, timeoutMs: 45 * 60_000 })
    .then((r) => {
      const dir = r.stdout.trim().split("\n").pop() ?? "";
      if (r.code !== 0 || !dir) throw new Error(`scripts/pulumi-cli.sh could not provide the Pulumi CLI.\n${describeFailure(r)}`);
      return dir;
    });
  return cliDir;
}

/** The time a beforeAll that may build the CLI is allowed. */
export const CLI_SETUP_TIMEOUT_MS = 50 * 60_000;

function newestMtime(dir: string, keep: (file: string) => boolean): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !keep(entry.name)) continue;
    newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Examples install the package as npm would publish it (packed from the repo's `files`, i.e. dist/), so the
 * tests must run against a current build. Fail loudly rather than test stale code.
 */
export function assertDistIsCurrent(): void {
  const dist = path.join(REPO_ROOT, "dist");
  for (const entry of ["sdk/index.js", "provider/index.js"]) {
    if (!fs.existsSync(path.join(dist, entry))) {
      throw new Error(`dist/${entry} is missing: run \`npm run build\` before the e2e tests (\`npm run test:e2e\` does).`);
    }
  }
  const isTs = (f: string) => f.endsWith(".ts") && !f.endsWith(".d.ts");
  const source = Math.max(newestMtime(path.join(REPO_ROOT, "sdk"), isTs), newestMtime(path.join(REPO_ROOT, "provider"), isTs));
  const built = newestMtime(dist, (f) => f.endsWith(".js"));
  if (source > built) {
    throw new Error("dist/ is older than sdk/ or provider/ sources: run `npm run build` before the e2e tests.");
  }
}

export interface ProjectOptions {
  /** A folder under examples/, or an absolute path to a Pulumi program (test fixtures). */
  program: string;
  stack: string;
  /**
   * "npm": `npm install` like a user (the example's .npmrc packs pulumi-tencent-cos from the repo root).
   * "link-repo": symlink the repo's node_modules (for fixtures that need only @pulumi/pulumi; no install cost).
   */
  install: "npm" | "link-repo";
}

/** A Pulumi program in a temporary directory with its own backend, PULUMI_HOME and stack. */
export class PulumiProject {
  private constructor(
    readonly root: string,
    readonly dir: string,
    readonly backendDir: string,
    readonly stack: string,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  static async create(opts: ProjectOptions): Promise<PulumiProject> {
    const source = path.isAbsolute(opts.program) ? opts.program : path.join(EXAMPLES_DIR, opts.program);
    if (opts.install === "npm") assertDistIsCurrent();
    const binDir = await ensurePulumiCli();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `pulumi-cos-e2e-${path.basename(source)}-`));
    try {
      return await PulumiProject.setUp(opts, source, root, binDir);
    } catch (err) {
      fs.rmSync(root, { recursive: true, force: true });
      throw err;
    }
  }

  private static async setUp(opts: ProjectOptions, source: string, root: string, binDir: string): Promise<PulumiProject> {
    const dir = path.join(root, path.basename(source));
    const backendDir = path.join(root, "backend");
    const home = path.join(root, "pulumi-home");
    fs.mkdirSync(backendDir);
    fs.mkdirSync(home);
    // A user's checkout never contains node_modules or build output; neither does the copy.
    fs.cpSync(source, dir, {
      recursive: true,
      filter: (src) => !/[/\\](node_modules|bin|package-lock\.json)$/.test(src),
    });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_BACKEND_URL: `file://${backendDir}`,
      PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_HOME: home,
      PULUMI_SKIP_CONFIRMATIONS: "true",
      // Credentials must come from stack config only; an ambient key would hide a configure() bug.
      TENCENTCLOUD_SECRET_ID: undefined,
      TENCENTCLOUD_SECRET_KEY: undefined,
      TENCENTCLOUD_SECURITY_TOKEN: undefined,
      TENCENTCLOUD_REGION: undefined,
      NO_COLOR: "1",
    };
    const project = new PulumiProject(root, dir, backendDir, opts.stack, env);
    if (opts.install === "npm") await project.npmInstall();
    else fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    await project.pulumiOk(["stack", "init", opts.stack]);
    return project;
  }

  /** Another stack of the same program, sharing the directory, backend and PULUMI_HOME. */
  async forStack(stack: string): Promise<PulumiProject> {
    const other = new PulumiProject(this.root, this.dir, this.backendDir, stack, this.env);
    await other.pulumiOk(["stack", "init", stack]);
    return other;
  }

  private async npmInstall(): Promise<void> {
    // The example's `file:../..` points at the repo from examples/<name>; from the temp copy it must be absolute.
    const pkgPath = path.join(this.dir, "package.json");
    const pkg = JSON.parse(fs.readFileSync(pkgPath, "utf8")) as { dependencies: Record<string, string> };
    pkg.dependencies["pulumi-tencent-cos"] = `file:${REPO_ROOT}`;
    fs.writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
    const r = await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: this.dir,
      env: this.env,
      timeoutMs: 300_000,
    });
    if (r.code !== 0) throw new Error(`npm install of ${this.dir} failed.\n${describeFailure(r)}`);
  }

  /** Runs `pulumi <args> --stack <stack>` in the project; never throws on a non-zero exit. */
  pulumi(args: readonly string[], input?: string): Promise<RunResult> {
    const withStack = args[0] === "stack" && args[1] === "init" ? args : [...args, "--stack", this.stack];
    return run("pulumi", withStack, { cwd: this.dir, env: this.env, input });
  }

  /** Like {@link pulumi}, but throws (with the full output) unless the command succeeds. */
  async pulumiOk(args: readonly string[], input?: string): Promise<RunResult> {
    const r = await this.pulumi(args, input);
    if (r.code !== 0) throw new Error(describeFailure(r));
    return r;
  }

  /** Sets plain and secret config in one CLI call. */
  async setConfig(plain: Record<string, string>, secret: Record<string, string> = {}): Promise<void> {
    const args = ["config", "set-all"];
    for (const [k, v] of Object.entries(plain)) args.push("--plaintext", `${k}=${v}`);
    for (const [k, v] of Object.entries(secret)) args.push("--secret", `${k}=${v}`);
    await this.pulumiOk(args);
  }

  up(): Promise<RunResult> {
    return this.pulumi(["up", "--yes", "--skip-preview", "--non-interactive", "--diff"]);
  }

  async outputs(): Promise<Record<string, unknown>> {
    return JSON.parse((await this.pulumiOk(["stack", "output", "--json"])).stdout) as Record<string, unknown>;
  }

  /** The engine's own record of the last update: `{ create: 1, same: 4, update: 1 }`, … */
  async lastUpdateChanges(): Promise<Record<string, number>> {
    const history = JSON.parse((await this.pulumiOk(["stack", "history", "--json"])).stdout) as {
      resourceChanges?: Record<string, number>;
    }[];
    return history[0]?.resourceChanges ?? {};
  }

  /**
   * `pulumi preview --json`: the resources (by Pulumi name) that would change, and which top-level inputs differ
   * between state and program. Dynamic providers cannot report diff details to the engine (the Node host drops
   * them), so the inputs are compared here.
   */
  async previewSteps(extra: readonly string[] = []): Promise<{ result: RunResult; changes: PreviewChange[] }> {
    const result = await this.pulumi(["preview", "--json", "--non-interactive", ...extra]);
    type State = { inputs?: Record<string, unknown> };
    const parsed = JSON.parse(result.stdout) as { steps?: { op: string; urn: string; oldState?: State; newState?: State }[] };
    const changes = (parsed.steps ?? [])
      .filter((s) => s.op !== "same")
      .map((s) => ({
        op: s.op,
        name: s.urn.slice(s.urn.lastIndexOf("::") + 2),
        changedInputs: changedKeys(s.oldState?.inputs ?? {}, s.newState?.inputs ?? {}),
      }));
    return { result, changes };
  }

  /** Every file under the backend directory, as text (the state, its backups and history). */
  backendFiles(): { file: string; text: string }[] {
    return (fs.readdirSync(this.backendDir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
      .filter((e) => e.isFile())
      .map((e) => {
        const file = path.join(e.parentPath, e.name);
        return { file, text: fs.readFileSync(file, "utf8") };
      });
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

export interface PreviewChange {
  op: string;
  name: string;
  changedInputs: string[];
}

/** Top-level keys whose values differ (JSON comparison); `__provider` is the serialised provider, not an input. */
function changedKeys(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  keys.delete("__provider");
  return [...keys].filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k])).sort();
}
