/**
 * The local COS server as a separate process (`test/cos-server/main.ts`), so that its CPU is never counted as
 * client CPU. Signatures are verified (the server's default). Also: the admin endpoint (request log) and the
 * server's own CPU time, read from /proc where available.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline";
import { request } from "undici";

/** The repository root (two levels above this file). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** What the server CLI prints as its first stdout line. */
export interface ServerInfo {
  endpoint: string;
  appId: string;
  secretId: string;
  secretKey: string;
  region: string;
}

/** One entry of the server's request log, as `GET /-/requests` returns it. */
export interface LoggedRequest {
  method: string;
  host: string;
  path: string;
  subresource: string;
  status: number;
  bucket?: string;
  code?: string;
}

/** A running server process. */
export interface ServerProcess {
  readonly info: ServerInfo;
  readonly pid: number;
  /** Server CPU time so far (user + system, µs), or `undefined` when /proc is not readable. */
  cpuMicros(): number | undefined;
  resetRequestLog(): Promise<void>;
  requestLog(): Promise<{ count: number; requests: LoggedRequest[] }>;
  stop(): Promise<void>;
}

let ticksPerSecond: number | undefined;
/** The kernel's clock ticks per second (`getconf CLK_TCK`, asked once; 100 if it cannot be asked). */
export function clockTicks(): number {
  return (ticksPerSecond ??= askClockTicks());
}

function askClockTicks(): number {
  try {
    const n = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    return Number.isFinite(n) && n > 0 ? n : 100;
  } catch {
    return 100;
  }
}

/**
 * CPU time from /proc/<pid>/stat, in µs: the process's own (utime + stime), or with `children` that of its reaped
 * descendants (cutime + cstime). `undefined` where /proc is not readable.
 */
export function procCpuMicros(pid: number | "self", of: "own" | "children" = "own"): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name (which may contain spaces): state is field 3, utime 14, stime 15,
    // cutime 16, cstime 17.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const first = of === "own" ? 11 : 13;
    const user = Number(rest[first]);
    const system = Number(rest[first + 1]);
    if (!Number.isFinite(user) || !Number.isFinite(system)) return undefined;
    return ((user + system) * 1e6) / clockTicks();
  } catch {
    return undefined;
  }
}

async function admin(endpoint: string, method: "GET" | "POST", p: string): Promise<unknown> {
  const res = await request(`${endpoint}${p}`, { method, body: method === "POST" ? "{}" : undefined });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`admin ${method} ${p}: ${res.statusCode} ${text}`);
  return JSON.parse(text) as unknown;
}

/**
 * Starts `node --import tsx test/cos-server/main.ts --port 0 [args]` (one process: the tsx CLI would fork a second
 * one) and waits for its JSON line. `BENCH_SERVER_ARGS` adds more CLI arguments (split on spaces),
 * `BENCH_SERVER_NODE_ARGS` node options (e.g. `--cpu-prof --cpu-prof-dir=DIR`: the profile is written when the server
 * stops).
 */
export async function startServerProcess(args: string[] = []): Promise<ServerProcess> {
  const main = path.join(REPO_ROOT, "test", "cos-server", "main.ts");
  const extra = [...args, ...(process.env.BENCH_SERVER_ARGS ?? "").split(" ").filter((a) => a !== "")];
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter((a) => a !== "");
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, "--import", "tsx", main, "--port", "0", ...extra], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stderr: string[] = [];
  child.stderr!.on("data", (b: Buffer) => {
    stderr.push(b.toString("utf8"));
    if (stderr.length > 50) stderr.shift();
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const info = await new Promise<ServerInfo>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the COS server printed nothing in 30 s\n${stderr.join("")}`)), 30_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the COS server exited (${code}) before printing its address\n${stderr.join("")}`));
    });
    lines.once("line", (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as ServerInfo);
      } catch (e) {
        reject(new Error(`unexpected first line from the COS server: ${line} (${(e as Error).message})`));
      }
    });
  });
  lines.on("line", () => undefined); // keep draining stdout
  for (const k of ["endpoint", "appId", "secretId", "secretKey", "region"] as const) {
    if (typeof info[k] !== "string" || info[k] === "") throw new Error(`the COS server's first line has no ${k}`);
  }
  const pid = child.pid!;
  return {
    info,
    pid,
    cpuMicros: () => procCpuMicros(pid),
    resetRequestLog: async () => {
      await admin(info.endpoint, "POST", "/-/requests/reset");
    },
    requestLog: async () => (await admin(info.endpoint, "GET", "/-/requests")) as { count: number; requests: LoggedRequest[] },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

/**
 * Runs `node [nodeArgs] --import tsx <script>` from the repo root and resolves with the JSON value on the last line
 * of its stdout (the benchmark workers report that way); rejects with its output when it fails.
 */
export function runJsonChild<T>(script: string, opts: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), "--import", "tsx", script], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: opts.env ?? process.env,
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString("utf8")));
    child.stderr.on("data", (b: Buffer) => (err += b.toString("utf8")));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      try {
        if (code !== 0) throw new Error("non-zero exit");
        resolve(JSON.parse(line) as T);
      } catch {
        reject(new Error(`${path.basename(script)} exited ${code}\n${err}${out}`));
      }
    });
  });
}
