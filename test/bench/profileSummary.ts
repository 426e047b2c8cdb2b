/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time by function and by source area (our client's
 * files, each dependency, node internals, GC), so "what in our client costs the most" is one command away.
 *
 *   node --import tsx test/bench/profileSummary.ts <file.cpuprofile>... [top=25]
 *
 * Several files (the engine benchmark's profile slices) are summed.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./serverProcess";
import { table } from "./stats";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function area(url: string): string {
  if (url === "") return "(native / gc / idle)";
  if (url.startsWith("node:")) return "node internals";
  const p = url.startsWith("file://") ? decodeURIComponent(url.slice(7)) : url;
  const nm = p.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = p.slice(nm + 13).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  return path.relative(REPO_ROOT, p);
}

function main(): void {
  const args = process.argv.slice(2);
  const files = args.filter((a) => a.endsWith(".cpuprofile"));
  const topArg = args.find((a) => /^\d+$/.test(a)) ?? "25";
  if (files.length === 0) throw new Error("usage: profileSummary.ts <file.cpuprofile>... [top]");
  const self = new Map<string, { node: ProfileNode; us: number }>();
  for (const file of files) {
    const prof = JSON.parse(readFileSync(file, "utf8")) as Profile;
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    prof.samples.forEach((id, i) => {
      const node = byId.get(id)!;
      const key = `${file}#${id}`;
      const e = self.get(key) ?? { node, us: 0 };
      e.us += prof.timeDeltas[i] ?? 0;
      self.set(key, e);
    });
  }
  let total = 0;
  let idle = 0;
  const fns = new Map<string, number>();
  const areas = new Map<string, number>();
  for (const { node: n, us } of self.values()) {
    const name = n.callFrame.functionName || "(anonymous)";
    if (name === "(idle)" || name === "(program)") {
      idle += us;
      continue;
    }
    total += us;
    const a = name === "(garbage collector)" ? "(garbage collector)" : area(n.callFrame.url);
    const key = `${name}  ${a}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ""}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
    areas.set(a, (areas.get(a) ?? 0) + us);
  }
  const pct = (us: number) => `${((us / total) * 100).toFixed(1)}%`;
  const top = Number(topArg);
  process.stdout.write(`${files.length} profile(s), busy ${(total / 1000).toFixed(0)} ms (idle/program ${(idle / 1000).toFixed(0)} ms not counted)\n\n`);
  process.stdout.write(
    `${table(["<area", "self ms", "share"], [...areas].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => [k, (us / 1000).toFixed(0), pct(us)]))}\n\n`,
  );
  process.stdout.write(
    `${table(["<function  area:line", "self ms", "share"], [...fns].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => [k, (us / 1000).toFixed(0), pct(us)]))}\n`,
  );
}

main();
