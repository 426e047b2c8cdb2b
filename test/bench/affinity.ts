/**
 * CPU affinity for the per-request benchmark (section 1): the benchmark process on one core and the local COS server
 * on another, so a client's CPU per call is not inflated by sharing a core (and its caches) with the server it talks
 * to, which on a 2-core machine moved cells by ±15–32% from run to run (test/bench/README.md). Uses util-linux
 * `taskset -a` (every thread of the process: V8's and libuv's too) and restores the previous affinity afterwards.
 * Without taskset, with fewer than 2 cores, or with BENCH_PIN=0 the section runs unpinned and says so.
 */
import { execFileSync } from "node:child_process";
import * as os from "node:os";

/** The affinity list of `pid` (e.g. `0,1` or `0-3`), or undefined when taskset cannot tell. */
function affinityOf(pid: number): string | undefined {
  try {
    const out = execFileSync("taskset", ["-p", "-c", String(pid)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return /:\s*(\S+)\s*$/.exec(out.trim())?.[1];
  } catch {
    return undefined;
  }
}

function setAffinity(pid: number, cpus: string): void {
  execFileSync("taskset", ["-a", "-p", "-c", cpus, String(pid)], { stdio: "ignore" });
}

/** How a run was placed: on separate cores, or why not. */
export type Placement = { pinned: true; client: string; server: string } | { pinned: false; reason: string };

/** Runs `fn` with this process on the first allowed core and `serverPid` on the second; restores both after. */
export async function withCoresApart<T>(serverPid: number, fn: () => Promise<T>): Promise<{ result: T; placement: Placement }> {
  const mine = affinityOf(process.pid);
  const theirs = affinityOf(serverPid);
  let placement: Placement;
  if (process.env.BENCH_PIN === "0") placement = { pinned: false, reason: "BENCH_PIN=0" };
  else if (os.availableParallelism() < 2) placement = { pinned: false, reason: "fewer than 2 cores" };
  else if (!mine || !theirs) placement = { pinned: false, reason: "taskset not available" };
  else {
    const cores = expand(mine);
    if (cores.length < 2) placement = { pinned: false, reason: `only core ${mine} allowed` };
    else {
      setAffinity(process.pid, String(cores[0]));
      setAffinity(serverPid, String(cores[1]));
      placement = { pinned: true, client: String(cores[0]), server: String(cores[1]) };
    }
  }
  try {
    return { result: await fn(), placement };
  } finally {
    if (placement.pinned) {
      setAffinity(process.pid, mine!);
      setAffinity(serverPid, theirs!);
    }
  }
}

/** `0-2,5` → [0, 1, 2, 5]. */
function expand(list: string): number[] {
  const out: number[] = [];
  for (const part of list.split(",")) {
    const [a, b] = part.split("-").map(Number);
    for (let c = a; c <= (b ?? a); c++) out.push(c);
  }
  return out;
}
