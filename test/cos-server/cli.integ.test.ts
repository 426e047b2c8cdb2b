/**
 * The CLI (`npm run cos-server` → `tsx test/cos-server/main.ts`): one JSON line on stdout, a working
 * signed endpoint, clean exit on SIGTERM, and durability across a hard kill with --data.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { promises as fsp } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import COS from "cos-nodejs-sdk-v5";
import { REGION, sdkError } from "./testkit";

const ROOT = path.resolve(__dirname, "..", "..");
interface Banner {
  endpoint: string;
  appId: string;
  secretId: string;
  secretKey: string;
  region: string;
}
const children = new Set<ChildProcess>();

interface Launched {
  child: ChildProcess;
  banner: Banner;
  lines: string[];
  /** Resolves with everything written to stderr once every process of the tree has closed its stdio. */
  gone: Promise<string>;
}

/** Starts the CLI in its own process group (npx → tsx → node), so signals reach the whole tree. */
function launch(args: string[]): Promise<Launched> {
  const child = spawn("npx", ["tsx", "test/cos-server/main.ts", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const stderr: Buffer[] = [];
  child.stderr!.on("data", (c: Buffer) => stderr.push(c));
  const closed = (s: NodeJS.ReadableStream) => new Promise<void>((r) => s.once("close", () => r()));
  const gone = Promise.all([closed(child.stdout!), closed(child.stderr!)]).then(() => Buffer.concat(stderr).toString("utf8"));
  children.add(child);
  void gone.then(() => children.delete(child));
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    rl.on("line", (line) => {
      lines.push(line);
      if (lines.length === 1) resolve({ child, banner: JSON.parse(line) as Banner, lines, gone });
    });
    void gone.then((err) => reject(new Error(`cos-server exited before printing its banner: ${err}`)));
  });
}

function client(b: Banner): COS {
  return new COS({ SecretId: b.secretId, SecretKey: b.secretKey, Protocol: "http:", Ip: b.endpoint.replace("http://", "") });
}

afterAll(async () => {
  for (const c of children) if (c.pid) process.kill(-c.pid, "SIGKILL");
});

describe("CLI", () => {
  it("prints one JSON line with local-only credentials, serves signed requests and exits cleanly on SIGTERM", async () => {
    const { child, banner, lines, gone } = await launch(["--port", "0"]);
    expect(banner).toEqual({ endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), appId: "1250000000", secretId: "AKID-LOCAL-COS-SERVER", secretKey: expect.any(String), region: "ap-guangzhou" });
    expect(banner.secretId).not.toMatch(/AKID[0-9A-Za-z]{20,}/);
    const cos = client(banner);
    await cos.putBucket({ Bucket: `cli-${banner.appId}`, Region: REGION });
    expect((await cos.getService({})).Buckets.map((b) => b.Name)).toEqual([`cli-${banner.appId}`]);
    const wrong = new COS({ SecretId: banner.secretId, SecretKey: "nope", Protocol: "http:", Ip: banner.endpoint.replace("http://", "") });
    expect(await sdkError(wrong.getService({}))).toMatchObject({ statusCode: 403, code: "SignatureDoesNotMatch" });
    process.kill(-child.pid!, "SIGTERM");
    expect(await gone).toContain("cos-server: closed");
    expect(lines).toHaveLength(1);
  }, 60_000);

  it("keeps acknowledged writes across a hard kill when started with --data and custom keys", async () => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "cos-server-cli-"));
    try {
      const args = ["--port", "0", "--data", dir, "--secret-id", "AKID-CLI-TEST", "--secret-key", "cli-secret"];
      const first = await launch(args);
      expect(first.banner.secretId).toBe("AKID-CLI-TEST");
      await client(first.banner).putBucket({ Bucket: "durable-1250000000", Region: REGION });
      process.kill(-first.child.pid!, "SIGKILL");
      expect(await first.gone).not.toContain("cos-server: closed");
      const second = await launch(args);
      expect((await client(second.banner).getService({})).Buckets.map((b) => b.Name)).toEqual(["durable-1250000000"]);
      process.kill(-second.child.pid!, "SIGTERM");
      expect(await second.gone).toContain("cos-server: closed");
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
