/**
 * Child process of the refresh benchmark (one per N, so each N starts from a fresh heap and its maxRSS is its own).
 * Reads a state file written by refreshBench.ts, calls the providers' `read` for every resource with p-limit
 * concurrency, samples RSS during the phase and prints one JSON line with the result.
 *
 * Environment: BENCH_ENDPOINT, BENCH_SECRET_ID, BENCH_SECRET_KEY, BENCH_REGION, BENCH_APP_ID (from the server's
 * line), BENCH_STATE_FILE, BENCH_REFRESH_CONCURRENCY, BENCH_REFRESH_WARMUP (0 = no warm-up read),
 * BENCH_REFRESH_PROFILE (a path: write a V8 CPU profile of the measured phase there).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { dequal as deepEqual } from "dequal";
import pLimit from "p-limit";
import { request } from "undici";
import { resources, setSettings } from "../../provider";
import type { Kind } from "./fixtures";
import { runMain } from "./main";

/** One resource in the state file: what `create` returned. */
export interface StateEntry {
  kind: Kind;
  id: string;
  outs: Record<string, unknown>;
}

/** The worker's JSON line. */
export interface WorkerResult {
  resources: number;
  concurrency: number;
  wallMs: number;
  cpuMicros: number;
  rssBaselineBytes: number;
  rssPeakBytes: number;
  heapUsedBaselineBytes: number;
  heapUsedPeakBytes: number;
  maxRssBytes: number;
  samples: number;
  gone: number;
  drifted: number;
  errors: number;
  firstError?: string;
}

function post<T>(session: Session, method: string, params: object = {}): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res as T))));
}

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`refreshWorker: ${name} is not set`);
  return v;
}

async function main(): Promise<void> {
  const endpoint = env("BENCH_ENDPOINT");
  const concurrency = Number(process.env.BENCH_REFRESH_CONCURRENCY ?? "16");
  setSettings({ secretId: env("BENCH_SECRET_ID"), secretKey: env("BENCH_SECRET_KEY"), region: env("BENCH_REGION"), appId: env("BENCH_APP_ID"), endpoint });
  const state = JSON.parse(readFileSync(env("BENCH_STATE_FILE"), "utf8")) as StateEntry[];
  const read = (e: StateEntry) => resources[e.kind].read(e.id, e.outs);

  // Warm-up outside the measured phase: one bucket's six reads (loads and JITs the code paths, opens a socket).
  if (process.env.BENCH_REFRESH_WARMUP !== "0") for (const e of state.slice(0, 6)) await read(e);
  const reset = await request(`${endpoint}/-/requests/reset`, { method: "POST", body: "{}" });
  await reset.body.text();
  if (reset.statusCode !== 200) throw new Error(`refreshWorker: resetting the request log failed (${reset.statusCode})`);

  (globalThis as { gc?: () => void }).gc?.(); // a clean baseline: garbage from loading and warm-up collected
  const baseline = process.memoryUsage();
  let rssPeak = baseline.rss;
  let heapPeak = baseline.heapUsed;
  let samples = 0;
  // rss() alone is cheap; the heap figure (a fuller, costlier call) is taken every 10th sample.
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss > rssPeak) rssPeak = rss;
    if (samples++ % 10 === 0) {
      const heap = process.memoryUsage().heapUsed;
      if (heap > heapPeak) heapPeak = heap;
    }
  };
  const timer = setInterval(sample, 5);

  const profilePath = process.env.BENCH_REFRESH_PROFILE;
  const session = profilePath ? new Session() : undefined;
  if (session) {
    session.connect();
    await post(session, "Profiler.enable");
    await post(session, "Profiler.start");
  }
  const limit = pLimit(concurrency);
  let gone = 0;
  let drifted = 0;
  let errors = 0;
  let firstError: string | undefined;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    state.map((e) =>
      limit(async () => {
        try {
          const r = await read(e);
          if (!r.id) gone++;
          else if (!deepEqual(r.props, e.outs)) drifted++;
        } catch (err) {
          errors++;
          firstError ??= `${e.kind} ${e.id}: ${(err as Error).message}`;
        }
      }),
    ),
  );
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  sample();
  if (session && profilePath) {
    const { profile } = await post<{ profile: unknown }>(session, "Profiler.stop");
    session.disconnect();
    writeFileSync(profilePath, JSON.stringify(profile));
  }

  const result: WorkerResult = {
    resources: state.length,
    concurrency,
    wallMs,
    cpuMicros: cpu.user + cpu.system,
    rssBaselineBytes: baseline.rss,
    rssPeakBytes: rssPeak,
    heapUsedBaselineBytes: baseline.heapUsed,
    heapUsedPeakBytes: heapPeak,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    samples,
    gone,
    drifted,
    errors,
    ...(firstError ? { firstError } : {}),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

runMain("refreshWorker", main);
