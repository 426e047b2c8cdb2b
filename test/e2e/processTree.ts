/**
 * Processes below a pid, read from /proc (Linux): how the crash test finds the dynamic-provider process
 * (`pulumi-resource-pulumi-nodejs`, a shell script that execs node on @pulumi/pulumi/cmd/dynamic-provider) that the
 * CLI started for one deployment.
 */
import * as fs from "node:fs";

export interface ProcInfo {
  pid: number;
  ppid: number;
  cmdline: string;
  /** The state letter of /proc/<pid>/stat: R, S, D, Z (zombie), … */
  state: string;
}

function readProc(pid: number): ProcInfo | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 2 (comm) may contain spaces and parentheses: the state and the ppid are the two fields after the last ')'.
    const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
    return { pid, ppid: Number(ppid), cmdline, state };
  } catch {
    return undefined; // exited while we looked
  }
}

/** Every live descendant of `root` (not `root` itself). */
export function descendants(root: number): ProcInfo[] {
  const all = fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map((d) => readProc(Number(d))).filter((p): p is ProcInfo => p !== undefined);
  const children = new Map<number, ProcInfo[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const out: ProcInfo[] = [];
  const queue = [root];
  while (queue.length) {
    for (const c of children.get(queue.shift()!) ?? []) {
      out.push(c);
      queue.push(c.pid);
    }
  }
  return out;
}

/** The node process of the dynamic-provider host below `root`, if it is running. */
export function dynamicProviderProcess(root: number): ProcInfo | undefined {
  return descendants(root).find((p) => /node/.test(p.cmdline) && p.cmdline.includes("dynamic-provider"));
}

/**
 * SIGKILLs every descendant of `root`, then `root` (and its process group when `group`). The CLI starts its plugins
 * (language host, provider hosts) in process groups of their own, so killing the CLI or its group alone leaves them
 * running, reparented to init, after the test.
 */
export function killTree(root: number, opts: { group?: boolean } = {}): void {
  for (const p of [...descendants(root), { pid: root }]) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  if (opts.group) {
    try {
      process.kill(-root, "SIGKILL");
    } catch {
      // no such group left
    }
  }
}

/** True while the process `p` describes still runs: its pid exists, is no zombie, and has the same command line. */
export function stillRunning(p: ProcInfo): boolean {
  const now = readProc(p.pid);
  return now !== undefined && now.cmdline === p.cmdline && now.state !== "Z";
}
