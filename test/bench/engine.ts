/**
 * `npm run bench:engine`: what users feel, `pulumi preview / preview --refresh / up / update / destroy` of N buckets
 * with CORS, lifecycle, policy and website (replication on half: 5.5 resources per bucket), on our provider against
 * the local COS server vs the floor, the same program on a no-op dynamic provider (test/bench/README.md). Prints
 * ours/floor per step and N, and the state's bytes per resource. Never gates: the exit code is non-zero only when a
 * step could not run.
 *
 *   --quick                 N = 20 only
 *   --sizes 20,100,200      the Ns (default)
 *   --modes floor,ours      which programs (default both)
 *   --parallel P            pulumi --parallel P (default: the CLI's)
 *   --skip-checkpoints      PULUMI_SKIP_CHECKPOINTS=true (the file backend then writes state once, at the end)
 *   --profile DIR           a V8 CPU profile of each of ours' dynamic-provider processes into DIR (one per command)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ensurePulumiCli } from "../e2e/harness";
import { runMain } from "./main";
import { startServerProcess } from "./serverProcess";
import { EngineStack, type Mode, type StateSize } from "./engineStack";
import { fmt, table } from "./stats";

const STEPS = ["preview", "preview --refresh", "up", "update N CORS", "destroy"] as const;
type Step = (typeof STEPS)[number];

interface Result {
  mode: Mode;
  buckets: number;
  resources: number;
  seconds: Record<Step, number>;
  state: StateSize;
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

async function measure(stack: EngineStack): Promise<Omit<Result, "mode" | "buckets" | "resources">> {
  // up first (creates everything), then the no-change previews on the full stack, then an update, then destroy.
  const up = await stack.up();
  const state = await stack.stateSize();
  const preview = await stack.preview();
  const previewRefresh = await stack.previewRefresh();
  const update = await stack.updateCors();
  const destroy = await stack.destroy();
  return { seconds: { preview, "preview --refresh": previewRefresh, up, "update N CORS": update, destroy }, state };
}

async function main(): Promise<void> {
  const sizes = process.argv.includes("--quick") ? [20] : (option("sizes") ?? "20,100,200").split(",").map(Number);
  const modes = (option("modes") ?? "floor,ours").split(",") as Mode[];
  const parallel = option("parallel") ? Number(option("parallel")) : undefined;
  const profileDir = option("profile");
  const env: NodeJS.ProcessEnv = process.argv.includes("--skip-checkpoints") ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {};
  if (!fs.existsSync(path.join(__dirname, "..", "..", "dist", "sdk", "index.js"))) throw new Error("dist/ is missing: run `npm run build` first");
  await ensurePulumiCli();

  // One server for every stack; its quota raised so N = 200 buckets (plus nothing else) always fits.
  const server = await startServerProcess(["--max-buckets", "1000"]);
  const started = Date.now();
  const results: Result[] = [];
  console.log(`engine benchmark: N = ${sizes.join(", ")}; ${modes.join(" vs ")}; --parallel ${parallel ?? "default"}; ` +
    `${env.PULUMI_SKIP_CHECKPOINTS ? "PULUMI_SKIP_CHECKPOINTS=true; " : ""}node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(2)}`);
  try {
    for (const buckets of sizes) {
      for (const mode of modes) {
        const stack = await EngineStack.create({ mode, buckets, server: server.info, parallel, env, profileDir: mode === "ours" ? profileDir : undefined });
        try {
          const r = await measure(stack);
          results.push({ mode, buckets, resources: r.state.resources, ...r });
          console.log(`  ${mode} N=${buckets}: ${STEPS.map((s) => `${s} ${r.seconds[s].toFixed(1)} s`).join(", ")}`);
        } finally {
          stack.dispose();
        }
      }
    }
  } finally {
    await server.stop();
  }
  report(results, sizes);
  console.log(`\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s, load ${os.loadavg()[0].toFixed(2)} at the end`);
  const out = path.join(__dirname, "results", "engine-latest.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), node: process.version, parallel, env, results }, null, 2));
}

function report(results: Result[], sizes: number[]): void {
  const get = (mode: Mode, n: number) => results.find((r) => r.mode === mode && r.buckets === n);
  const rows: string[][] = [];
  for (const n of sizes) {
    for (const step of STEPS) {
      const ours = get("ours", n)?.seconds[step];
      const floor = get("floor", n)?.seconds[step];
      const ratio = ours !== undefined && floor !== undefined ? ours / floor : undefined;
      const res = get("ours", n)?.resources ?? get("floor", n)?.resources;
      rows.push([String(n), String(res ?? ""), step, fmt(ours, 1), fmt(floor, 1), ratio === undefined ? "" : ratio.toFixed(2), ratio === undefined ? "" : ratio <= 1.1 ? "meets" : "MISSES"]);
    }
  }
  console.log("\nSeconds of wall time per pulumi command (one run each)");
  console.log(table(["N", "resources", "step", "ours s", "floor s", "ours/floor", "≤1.10"], rows));

  // Growth per resource from one N to the next: 1.00 is linear.
  const growth: string[][] = [];
  for (let i = 1; i < sizes.length; i++) {
    for (const mode of ["floor", "ours"] as const) {
      const a = get(mode, sizes[i - 1]);
      const b = get(mode, sizes[i]);
      if (!a || !b) continue;
      growth.push([`${sizes[i - 1]}→${sizes[i]}`, mode, ...STEPS.map((s) => (b.seconds[s] / b.resources / (a.seconds[s] / a.resources)).toFixed(2))]);
    }
  }
  if (growth.length) {
    console.log("\nGrowth of seconds per resource (N₂ / N₁; 1.00 = linear)");
    console.log(table(["N", "mode", ...STEPS], growth));
  }

  console.log("\nState (pulumi stack export) per resource, after up");
  console.log(
    table(
      ["N", "mode", "resources", "bytes/resource", "__provider bytes/resource"],
      results.map((r) => [String(r.buckets), r.mode, String(r.state.resources), fmt(r.state.bytesPerResource), fmt(r.state.providerBytesPerResource)]),
    ),
  );
}

runMain("bench:engine", main);
