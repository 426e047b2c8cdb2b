/**
 * The server ships to users: `npm pack` holds the compiled server, and a fresh project that installs the tarball
 * (from the npm cache where it can, see below) starts it with the `cos-local` bin (fault knobs, --data) and with the
 * programmatic entry `pulumi-tencent-cos/testing`. Needs a current `npm run build` (dist/ is what gets packed).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, promises as fsp } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { promisify } from "node:util";
import COS from "cos-nodejs-sdk-v5";
import { REGION } from "./testkit";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "..", "..");
let dir = "";
let files: string[] = [];
const children = new Set<ChildProcess>();

interface Banner {
  endpoint: string;
  secretId: string;
  secretKey: string;
}

/** Starts a process in `dir` and resolves with its first stdout line, parsed as JSON. */
function firstLine(cmd: string, args: string[], opts: { input?: string } = {}): Promise<{ child: ChildProcess; banner: Banner; rest: Promise<string> }> {
  const child = spawn(cmd, args, { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
  children.add(child);
  const err: Buffer[] = [];
  child.stderr!.on("data", (c: Buffer) => err.push(c));
  const lines: string[] = [];
  const closed = new Promise<string>((r) => child.once("close", () => r(lines.slice(1).join("\n"))));
  if (opts.input !== undefined) child.stdin!.write(opts.input);
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      lines.push(line);
      if (lines.length === 1) resolve({ child, banner: JSON.parse(line) as Banner, rest: closed });
    });
    void closed.then(() => reject(new Error(`${cmd} exited without output: ${Buffer.concat(err).toString()}`)));
  });
}

function sdk(b: Banner): COS {
  return new COS({ SecretId: b.secretId, SecretKey: b.secretKey, Protocol: "http:", Ip: b.endpoint.replace("http://", "") });
}

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, "dist", "test", "cos-server", "main.js"))) throw new Error("dist/test/cos-server is missing: run `npm run build` first");
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "cos-local-pack-"));
  const { stdout } = await run("npm", ["pack", "--pack-destination", dir, "--json"], { cwd: ROOT, maxBuffer: 1 << 24 });
  const info = JSON.parse(stdout.slice(stdout.indexOf("["))) as { filename: string; files: { path: string }[] }[];
  files = info[0].files.map((f) => f.path);
  await fsp.writeFile(path.join(dir, "package.json"), JSON.stringify({ name: "user-project", private: true }));
  // Prefer the cache, not only the cache: `npm ci` caches the dependencies' tarballs and abbreviated packuments, but
  // installing a tarball (npm 11.19) resolves its ranges from full packuments, which a fresh machine has not cached
  // (--offline failed there with ENOTCACHED), so those are fetched. The Pulumi peer is not needed to run the server
  // (--legacy-peer-deps skips it).
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--legacy-peer-deps", `./${info[0].filename}`], { cwd: dir });
}, 180_000);

afterAll(async () => {
  for (const c of children) c.kill("SIGKILL");
  if (dir) await fsp.rm(dir, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("contains the compiled server, its bin and types, and no tests or test helpers", () => {
    for (const f of ["dist/test/cos-server/main.js", "dist/test/cos-server/index.js", "dist/test/cos-server/index.d.ts", "dist/test/cos-server/handlers/objects.js"]) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => /\.test\.|testkit/.test(f))).toEqual([]);
  });

  it("the cos-local bin prints the JSON line, serves signed requests, applies fault knobs and persists with --data", async () => {
    const data = path.join(dir, "cos-data");
    const bin = path.join(dir, "node_modules", ".bin", "cos-local");
    const first = await firstLine(bin, ["--port", "0", "--data", data, "--latency", "1"]);
    expect(first.banner).toMatchObject({ endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), secretId: "AKID-LOCAL-COS-SERVER", region: "ap-guangzhou" });
    await sdk(first.banner).putBucket({ Bucket: `packed-1250000000`, Region: REGION });
    const faults = (await (await fetch(`${first.banner.endpoint}/-/faults`)).json()) as Record<string, unknown>;
    expect(JSON.stringify(faults)).toContain("1");
    first.child.kill("SIGTERM");
    await first.rest;
    const second = await firstLine(bin, ["--port", "0", "--data", data]);
    expect((await sdk(second.banner).getService({})).Buckets.map((b) => b.Name)).toEqual(["packed-1250000000"]);
    second.child.kill("SIGTERM");
    await second.rest;
  }, 60_000);

  it("pulumi-tencent-cos/testing exports startCosServer() with state access for assertions", async () => {
    const script = [
      'const { startCosServer } = require("pulumi-tencent-cos/testing");',
      "(async () => {",
      "  const s = await startCosServer();",
      "  const a = s.accounts[0];",
      "  console.log(JSON.stringify({ endpoint: s.endpoint, secretId: a.secretId, secretKey: a.secretKey }));",
      '  process.stdin.once("data", async () => { console.log(JSON.stringify(s.state.listBuckets().map((b) => b.name))); await s.close(); process.stdin.destroy(); });',
      "})();",
    ].join("\n");
    await fsp.writeFile(path.join(dir, "start.js"), script);
    const started = await firstLine("node", ["start.js"]);
    await sdk(started.banner).putBucket({ Bucket: "programmatic-1250000000", Region: REGION });
    started.child.stdin!.write("done\n");
    expect(JSON.parse(await started.rest)).toEqual(["programmatic-1250000000"]);
  }, 60_000);

  it("examples/testing (a user's infrastructure test: provider in-process against startCosServer) passes on the installed package", async () => {
    for (const f of ["site.js", "site.test.js"]) await fsp.copyFile(path.join(ROOT, "examples", "testing", f), path.join(dir, f));
    // The Pulumi peer dependency, as the user's project has it (the install skipped peers).
    await fsp.mkdir(path.join(dir, "node_modules", "@pulumi"), { recursive: true });
    await fsp.symlink(path.join(ROOT, "node_modules", "@pulumi", "pulumi"), path.join(dir, "node_modules", "@pulumi", "pulumi"), "dir");
    // The TAP reporter explicitly: Node's default reporter differs between versions (TAP on 20, spec on 23+).
    const { stdout } = await run("node", ["--test", "--test-reporter=tap", "site.test.js"], { cwd: dir });
    expect(stdout).toMatch(/# pass 2/);
    expect(stdout).toMatch(/# fail 0/);
  }, 90_000);
});
