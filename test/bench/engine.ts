/**
 * `npm run bench:engine`: what users feel, `pulumi preview / preview --refresh / up / update / destroy` of N buckets
 * with CORS, lifecycle, policy and website (replication on half: 5.5 resources per bucket), on our provider against
 * the local COS server vs the floors, the same program on a no-op dynamic provider (test/bench/README.md). Prints
 * ours/floor per step and N (the median of the rounds' paired ratios, and their range), the CPU of the pulumi process
 * tree, the requests the server received and its CPU, and the state's bytes per resource. Never gates: the exit code
 * is non-zero only when a step could not run.
 *
 *   --quick                 N = 20 only
 *   --sizes 20,100,200      the Ns (default)
 *   --modes floor,ours      which programs (default both; `lean` adds the floor whose provider is a package, `wire`
 *                           the one that sends each delete's one request: its ratio to the floor is printed too)
 *   --rounds R              R rounds per N, each a fresh stack per mode, the modes' order alternating (default 1)
 *   --parallel P            pulumi --parallel P (default: the CLI's)
 *   --skip-checkpoints      PULUMI_SKIP_CHECKPOINTS=true (the file backend then writes state once, at the end)
 *   --profile DIR           a V8 CPU profile of each mode's dynamic-provider processes into DIR/<mode>/ (one per command)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ensurePulumiCli } from "../e2e/harness";
import { runMain } from "./main";
import { startServerProcess, type ServerProcess } from "./serverProcess";
import { EngineStack, type Mode, type StateSize, type Timing } from "./engineStack";
import { fmt, median, table } from "./stats";

const STEPS = ["preview", "preview --refresh", "up", "update N CORS", "destroy"] as const;
type Step = (typeof STEPS)[number];

/** One step of one stack: the command's timing, and what the server received meanwhile. */
interface StepResult extends Timing {
  requests: number;
  serverCpuSeconds?: number;
}

interface Result {
  mode: Mode;
  buckets: number;
  round: number;
  resources: number;
  steps: Record<Step, StepResult>;
  state: StateSize;
  loadBefore: number;
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

/** Runs one step and records the server's requests and CPU over it. */
async function probed(server: ServerProcess, step: () => Promise<Timing>): Promise<StepResult> {
  const count = async () => (await server.requestLog()).count;
  const requests0 = await count();
  const cpu0 = server.cpuMicros();
  const timing = await step();
  const cpu1 = server.cpuMicros();
  return { ...timing, requests: (await count()) - requests0, serverCpuSeconds: cpu0 === undefined || cpu1 === undefined ? undefined : (cpu1 - cpu0) / 1e6 };
}

async function measure(stack: EngineStack, server: ServerProcess): Promise<Pick<Result, "steps" | "state">> {
  // up first (creates everything), then the no-change previews on the full stack, then an update, then destroy.
  const up = await probed(server, stack.up);
  const state = await stack.stateSize();
  const preview = await probed(server, stack.preview);
  const previewRefresh = await probed(server, stack.previewRefresh);
  const update = await probed(server, () => stack.updateCors());
  const destroy = await probed(server, stack.destroy);
  return { steps: { preview, "preview --refresh": previewRefresh, up, "update N CORS": update, destroy }, state };
}

async function main(): Promise<void> {
  const sizes = process.argv.includes("--quick") ? [20] : (option("sizes") ?? "20,100,200").split(",").map(Number);
  const modes = (option("modes") ?? "floor,ours").split(",") as Mode[];
  const rounds = Math.max(1, Number(option("rounds") ?? 1));
  const parallel = option("parallel") ? Number(option("parallel")) : undefined;
  const profileDir = option("profile");
  const env: NodeJS.ProcessEnv = process.argv.includes("--skip-checkpoints") ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {};
  if (!fs.existsSync(path.join(__dirname, "..", "..", "dist", "sdk", "index.js"))) throw new Error("dist/ is missing: run `npm run build` first");
  await ensurePulumiCli();

  // One server for every stack; its quota raised so N = 200 buckets (plus nothing else) always fits.
  const server = await startServerProcess(["--max-buckets", "1000"]);
  const started = new Date();
  const results: Result[] = [];
  console.log(`engine benchmark: N = ${sizes.join(", ")}; ${modes.join(" vs ")}; ${rounds} round(s); --parallel ${parallel ?? "default"}; ` +
    `${env.PULUMI_SKIP_CHECKPOINTS ? "PULUMI_SKIP_CHECKPOINTS=true; " : ""}node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(2)}`);
  try {
    for (const buckets of sizes) {
      for (let round = 1; round <= rounds; round++) {
        // Alternate the order, so neither mode always runs first (warm caches) or last (a machine loading up).
        for (const mode of round % 2 ? modes : [...modes].reverse()) {
          const loadBefore = os.loadavg()[0];
          const stack = await EngineStack.create({ mode, buckets, server: server.info, parallel, env, profileDir: profileDir && path.join(profileDir, mode) });
          try {
            const r = await measure(stack, server);
            results.push({ mode, buckets, round, resources: r.state.resources, loadBefore, ...r });
            console.log(`  ${mode} N=${buckets} round ${round}: ${STEPS.map((s) => `${s} ${r.steps[s].seconds.toFixed(1)} s`).join(", ")} (load ${loadBefore.toFixed(2)})`);
          } finally {
            stack.dispose();
          }
        }
      }
    }
  } finally {
    await server.stop();
  }
  report(results, sizes, modes);
  console.log(`\ntotal ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s, load ${os.loadavg()[0].toFixed(2)} at the end`);
  const out = path.join(__dirname, "results", "engine-latest.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ started: started.toISOString(), ended: new Date().toISOString(), node: process.version, parallel, rounds, env, results }, null, 2));
}

/** `a/b` per round (rounds where both ran), as median and range. */
function pairedRatios(results: Result[], n: number, step: Step, a: Mode, b: Mode): number[] {
  const out: number[] = [];
  for (const ra of results.filter((r) => r.mode === a && r.buckets === n)) {
    const rb = results.find((r) => r.mode === b && r.buckets === n && r.round === ra.round);
    if (rb) out.push(ra.steps[step].seconds / rb.steps[step].seconds);
  }
  return out;
}

function ratioCell(xs: number[]): string {
  if (xs.length === 0) return "";
  const m = median(xs).toFixed(2);
  return xs.length === 1 ? m : `${m} (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;
}

function report(results: Result[], sizes: number[], modes: Mode[]): void {
  const of = (mode: Mode, n: number) => results.filter((r) => r.mode === mode && r.buckets === n);
  /** The median over the rounds of one figure of a step. */
  const med = (mode: Mode, n: number, step: Step, f: (s: StepResult) => number | undefined) => {
    const xs = of(mode, n).map((r) => f(r.steps[step])).filter((x): x is number => x !== undefined);
    return xs.length ? median(xs) : undefined;
  };
  const floors = modes.filter((m) => m !== "ours");
  const hasOurs = modes.includes("ours");
  // Each ratio printed: ours against every floor, and the wire floor against the issue's floor (what one request per
  // delete costs on its own, with nothing of ours in it).
  const pairs: [Mode, Mode][] = [...(hasOurs ? floors.map((f): [Mode, Mode] => ["ours", f]) : []), ...(modes.includes("wire") && modes.includes("floor") ? [["wire", "floor"] as [Mode, Mode]] : [])];

  const rows: string[][] = [];
  for (const n of sizes) {
    for (const step of STEPS) {
      const res = of("ours", n)[0]?.resources ?? of(modes[0], n)[0]?.resources;
      const row = [String(n), String(res ?? ""), step, ...modes.map((m) => fmt(med(m, n, step, (s) => s.seconds), 1))];
      for (const [a, b] of pairs) {
        const xs = pairedRatios(results, n, step, a, b);
        row.push(ratioCell(xs), xs.length ? (median(xs) <= 1.1 ? "meets" : "MISSES") : "");
      }
      rows.push(row);
    }
  }
  const rounds = Math.max(...results.map((r) => r.round));
  console.log(`\nSeconds of wall time per pulumi command (median of ${rounds} round(s); ratio = median of the rounds' paired ratios, and their range)`);
  console.log(table(["N", "resources", "step", ...modes.map((m) => `${m} s`), ...pairs.flatMap(([a, b]) => [`${a}/${b}`, "≤1.10"])], rows));

  if (hasOurs) {
    const cpuRows: string[][] = [];
    for (const n of sizes) {
      for (const step of STEPS) {
          const res = of("ours", n)[0]?.resources ?? 1;
        const oursCpu = med("ours", n, step, (s) => s.cpuSeconds);
        cpuRows.push([
          String(n),
          step,
          ...modes.map((m) => fmt(med(m, n, step, (s) => s.cpuSeconds), 1)),
          ...floors.map((f) => {
            const fc = med(f, n, step, (s) => s.cpuSeconds);
            return oursCpu !== undefined && fc !== undefined ? fmt(((oursCpu - fc) / res) * 1000, 2) : "";
          }),
          fmt(med("ours", n, step, (s) => s.requests / res), 2),
          ...(modes.includes("wire") ? [fmt(med("wire", n, step, (s) => s.requests / res), 2)] : []),
          fmt(med("ours", n, step, (s) => s.serverCpuSeconds), 2),
          ...(modes.includes("wire") ? [fmt(med("wire", n, step, (s) => s.serverCpuSeconds), 2)] : []),
        ]);
      }
    }
    console.log("\nCPU seconds of the pulumi process tree (CLI, program, plugins; median), ours' extra CPU per resource, and the local server's share");
    console.log(table(["N", "step", ...modes.map((m) => `${m} CPU s`), ...floors.map((f) => `ours−${f} ms/res`), "ours requests/res", ...(modes.includes("wire") ? ["wire requests/res"] : []), "server CPU s", ...(modes.includes("wire") ? ["wire's server CPU s"] : [])], cpuRows));
  }

  // Growth per resource from one N to the next: 1.00 is linear.
  const growth: string[][] = [];
  for (let i = 1; i < sizes.length; i++) {
    for (const mode of modes) {
      const a = of(mode, sizes[i - 1]);
      const b = of(mode, sizes[i]);
      if (!a.length || !b.length) continue;
      growth.push([
        `${sizes[i - 1]}→${sizes[i]}`,
        mode,
        ...STEPS.map((s) => ((med(mode, sizes[i], s, (x) => x.seconds)! / b[0].resources) / (med(mode, sizes[i - 1], s, (x) => x.seconds)! / a[0].resources)).toFixed(2)),
      ]);
    }
  }
  if (growth.length) {
    console.log("\nGrowth of seconds per resource (N₂ / N₁; 1.00 = linear)");
    console.log(table(["N", "mode", ...STEPS], growth));
  }

  console.log("\nState (pulumi stack export) per resource, after up");
  const seen = new Set<string>();
  console.log(
    table(
      ["N", "mode", "resources", "bytes/resource", "__provider bytes/resource"],
      results
        .filter((r) => !seen.has(`${r.mode}/${r.buckets}`) && seen.add(`${r.mode}/${r.buckets}`))
        .map((r) => [String(r.buckets), r.mode, String(r.state.resources), fmt(r.state.bytesPerResource), fmt(r.state.providerBytesPerResource)]),
    ),
  );
}

runMain("bench:engine", main);
