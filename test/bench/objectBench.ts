/**
 * Section 5, BucketObject of a large file (issue 13): a file of random bytes per size (256 MiB by default, above the
 * 16 MiB multipart threshold) uploaded to the local COS server process by, each in a fresh child process
 * (objectWorker.ts): ours (the provider's check + create with `source`), the SDK's `uploadFile` with its defaults,
 * and the SDK's `uploadFile` with our part size and part concurrency. Throughput, peak RSS over the baseline, and the
 * requests the server logged; the object is checked (size) and deleted after each upload. Report-only.
 */
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import * as os from "node:os";
import * as path from "node:path";
import { once } from "node:events";
import { CosClient } from "../../provider/cos";
import { closeAllPools } from "../../provider/cos/transport";
import { DEFAULT_PART_CONCURRENCY, DEFAULT_PART_SIZE } from "../../provider/resources/objectUpload";
import type { ObjectWorkerResult } from "./objectWorker";
import { runJsonChild, type ServerProcess } from "./serverProcess";
import { fmt, median, round, table } from "./stats";

/** Clients compared, in the order of round 1 (rotated each round). */
export const OBJECT_CLIENTS = ["ours", "sdk", "sdk-tuned"] as const;

export interface ObjectBenchOptions {
  sizesMiB: number[];
  rounds: number;
  clients: string[];
}

/** BENCH_OBJECT_MIB ("64,256"; quick "32"), BENCH_OBJECT_ROUNDS (2; quick 1), BENCH_OBJECT_CLIENTS (all three). */
export function objectOptions(quick: boolean): ObjectBenchOptions {
  const sizes = (process.env.BENCH_OBJECT_MIB ?? (quick ? "32" : "64,256")).split(",").map(Number).filter((n) => n > 0);
  const rounds = Number(process.env.BENCH_OBJECT_ROUNDS) > 0 ? Number(process.env.BENCH_OBJECT_ROUNDS) : quick ? 1 : 2;
  const clients = (process.env.BENCH_OBJECT_CLIENTS ?? OBJECT_CLIENTS.join(",")).split(",").filter((c) => (OBJECT_CLIENTS as readonly string[]).includes(c));
  return { sizesMiB: sizes, rounds, clients };
}

/** One upload by one client. */
export interface ObjectRun extends ObjectWorkerResult {
  sizeMiB: number;
  round: number;
  position: number;
  serverCpuMicros?: number;
  /** Requests the server logged, as "METHOD ?sub status ×n". */
  requests: string[];
  non2xx: number;
  /** HEAD after the upload: the stored object has the file's size. */
  sizeVerified: boolean;
}

const MiB = 1024 * 1024;

async function writeRandomFile(file: string, bytes: number): Promise<void> {
  const out = createWriteStream(file);
  for (let off = 0; off < bytes; off += 8 * MiB) {
    if (!out.write(randomBytes(Math.min(8 * MiB, bytes - off)))) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/** Runs every client on every size, `rounds` times, one fresh process per upload. */
export async function runObjectBench(server: ServerProcess, opts: ObjectBenchOptions, log: (s: string) => void): Promise<ObjectRun[]> {
  const { endpoint, secretId, secretKey, region, appId } = server.info;
  const client = new CosClient({ credentials: { secretId, secretKey }, endpoint });
  const loc = { bucket: `bench-object-${appId}`, region };
  const dir = mkdtempSync(path.join(os.tmpdir(), "cos-bench-object-"));
  const runs: ObjectRun[] = [];
  try {
    await client.putBucket(loc);
    for (const sizeMiB of opts.sizesMiB) {
      const file = path.join(dir, `random-${sizeMiB}.bin`);
      await writeRandomFile(file, sizeMiB * MiB);
      for (let r = 1; r <= opts.rounds; r++) {
        const order = opts.clients.map((_, i) => opts.clients[(i + r - 1) % opts.clients.length]);
        for (const [i, name] of order.entries()) {
          const key = `big/${sizeMiB}-${name}-${r}.bin`;
          await server.resetRequestLog();
          const srv0 = server.cpuMicros();
          const w = await runJsonChild<ObjectWorkerResult>(path.join(__dirname, "objectWorker.ts"), {
            nodeArgs: ["--expose-gc"],
            env: {
              ...process.env,
              BENCH_ENDPOINT: endpoint, BENCH_SECRET_ID: secretId, BENCH_SECRET_KEY: secretKey, BENCH_REGION: region, BENCH_APP_ID: appId,
              BENCH_OBJECT_CLIENT: name, BENCH_OBJECT_FILE: file, BENCH_OBJECT_BUCKET: loc.bucket, BENCH_OBJECT_KEY: key,
            },
          });
          const srv1 = server.cpuMicros();
          const { requests } = await server.requestLog();
          const counts = new Map<string, number>();
          for (const q of requests) counts.set(`${q.method} ?${q.subresource} ${q.status}`, (counts.get(`${q.method} ?${q.subresource} ${q.status}`) ?? 0) + 1);
          const head = await client.headObject(loc, key);
          await client.deleteObject(loc, key);
          runs.push({
            ...w, sizeMiB, round: r, position: i + 1,
            serverCpuMicros: srv0 !== undefined && srv1 !== undefined ? srv1 - srv0 : undefined,
            requests: [...counts].map(([k, n]) => `${k} ×${n}`),
            non2xx: requests.filter((q) => q.status < 200 || q.status > 299).length,
            sizeVerified: head?.["content-length"] === String(sizeMiB * MiB),
          });
          log(`  ${sizeMiB} MiB ${name} (round ${r}): ${fmt((sizeMiB * 1000) / w.uploadMs, 1)} MiB/s, peak RSS +${fmt((w.rssPeakBytes - w.rssBaselineBytes) / MiB, 1)} MiB`);
        }
      }
      rmSync(file, { force: true });
    }
    await client.deleteBucket(loc);
    return runs;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await closeAllPools();
  }
}

/** Targets (report-only). */
export const OBJECT_TARGETS = {
  /** Our upload throughput over the SDK's `uploadFile` (defaults). */
  oursOverSdkThroughput: 1,
  /**
   * Peak RSS above the baseline, as a fraction of the file's size, at the largest size when that is at least
   * {@link GROWTH_TARGET_MIN_MIB} (below it the parts in flight are a large share of the file by design).
   */
  rssGrowthOverSize: 0.5,
  /** RSS growth at the largest size over the growth at the smallest: 1.00 = independent of the file's size. */
  rssGrowthSizeRatio: 1.25,
};

const verdict = (ok: boolean) => (ok ? "meets" : "MISSES");
/** 4 × the bytes our upload keeps in flight (parts × concurrency): 128 MiB. */
export const GROWTH_TARGET_MIN_MIB = (4 * DEFAULT_PART_SIZE * DEFAULT_PART_CONCURRENCY) / MiB;

interface Cell {
  sizeMiB: number;
  client: string;
  mibPerSec: number;
  endToEndMibPerSec: number;
  uploadMs: number;
  checkMs: number;
  rssBaselineMB: number;
  rssPeakMB: number;
  rssGrowthMB: number;
  rssGrowthOverSize: number;
  arrayBuffersGrowthMB: number;
  serverCoreUse: number;
  clientCoreUse: number;
  requests: string;
  /** Every round's object was stored with the file's size. */
  ok: boolean;
  non2xx: number;
}

/** The tables of section 5 and a summary for the JSON. */
export function objectReport(runs: ObjectRun[], opts: ObjectBenchOptions): { text: string; summary: Record<string, unknown> } {
  const cells: Cell[] = [];
  for (const sizeMiB of opts.sizesMiB) {
    for (const name of OBJECT_CLIENTS) {
      const rs = runs.filter((r) => r.sizeMiB === sizeMiB && r.client === name);
      if (rs.length === 0) continue;
      const m = (f: (r: ObjectRun) => number) => median(rs.map(f));
      cells.push({
        sizeMiB, client: name,
        mibPerSec: round(m((r) => (sizeMiB * 1000) / r.uploadMs), 1),
        endToEndMibPerSec: round(m((r) => (sizeMiB * 1000) / (r.uploadMs + r.checkMs)), 1),
        uploadMs: round(m((r) => r.uploadMs), 0),
        checkMs: round(m((r) => r.checkMs), 0),
        rssBaselineMB: round(m((r) => r.rssBaselineBytes / MiB), 1),
        rssPeakMB: round(m((r) => r.rssPeakBytes / MiB), 1),
        // The worst round: memory is a bound, not an average.
        rssGrowthMB: round(Math.max(...rs.map((r) => (r.rssPeakBytes - r.rssBaselineBytes) / MiB)), 1),
        rssGrowthOverSize: round(Math.max(...rs.map((r) => (r.rssPeakBytes - r.rssBaselineBytes) / MiB / sizeMiB)), 3),
        arrayBuffersGrowthMB: round(Math.max(...rs.map((r) => (r.arrayBuffersPeakBytes - r.arrayBuffersBaselineBytes) / MiB)), 1),
        serverCoreUse: round(m((r) => (r.serverCpuMicros ?? NaN) / 1000 / (r.uploadMs + r.checkMs)), 2),
        clientCoreUse: round(m((r) => r.cpuMicros / 1000 / (r.uploadMs + r.checkMs)), 2),
        requests: [...new Set(rs.flatMap((r) => r.requests))].join(", "),
        ok: rs.every((r) => r.sizeVerified),
        non2xx: Math.max(...rs.map((r) => r.non2xx)),
      });
    }
  }
  const get = (size: number, client: string) => cells.find((c) => c.sizeMiB === size && c.client === client);
  const largest = Math.max(...opts.sizesMiB);
  const smallest = Math.min(...opts.sizesMiB);
  const ratioRows: string[][] = [];
  const summary: Record<string, unknown> = {};
  for (const size of opts.sizesMiB) {
    const [o, s, t] = [get(size, "ours"), get(size, "sdk"), get(size, "sdk-tuned")];
    if (!o || !s) continue;
    const r = { oursOverSdk: round(o.mibPerSec / s.mibPerSec, 2), oursEndToEndOverSdk: round(o.endToEndMibPerSec / s.mibPerSec, 2), oursOverSdkTuned: t ? round(o.mibPerSec / t.mibPerSec, 2) : NaN, rssGrowthOursOverSdk: round(o.rssGrowthMB / s.rssGrowthMB, 2) };
    summary[`${size}MiB`] = r;
    ratioRows.push([`${size} MiB`, fmt(r.oursOverSdk, 2), verdict(r.oursOverSdk >= OBJECT_TARGETS.oursOverSdkThroughput), fmt(r.oursEndToEndOverSdk, 2), fmt(r.oursOverSdkTuned, 2), fmt(r.rssGrowthOursOverSdk, 2), fmt(o.rssGrowthOverSize, 3), size !== largest ? "" : size < GROWTH_TARGET_MIN_MIB ? `n/a < ${GROWTH_TARGET_MIN_MIB} MiB` : verdict(o.rssGrowthOverSize <= OBJECT_TARGETS.rssGrowthOverSize)]);
  }
  const growthRows: string[][] = [];
  if (largest !== smallest) {
    for (const name of OBJECT_CLIENTS) {
      const [a, b] = [get(smallest, name), get(largest, name)];
      if (!a || !b) continue;
      const g = round(b.rssGrowthMB / a.rssGrowthMB, 2);
      summary[`rssGrowth${largest}over${smallest}-${name}`] = g;
      growthRows.push([name, fmt(a.rssGrowthMB, 1), fmt(b.rssGrowthMB, 1), fmt(g, 2), name === "ours" ? verdict(g <= OBJECT_TARGETS.rssGrowthSizeRatio) : "", fmt(largest / smallest, 2)]);
    }
  }
  const text = [
    `5. BucketObject of a large file (multipart; ours: ${DEFAULT_PART_SIZE / MiB} MiB parts × ${DEFAULT_PART_CONCURRENCY}; sdk = uploadFile with defaults; sdk-tuned = uploadFile with ChunkSize ${DEFAULT_PART_SIZE / MiB} MiB, ChunkParallelLimit ${DEFAULT_PART_CONCURRENCY}); one fresh process per upload, median of ${opts.rounds} round(s), RSS growth = worst round`,
    table(
      ["MiB", "<client", "MiB/s", "check+upload MiB/s", "upload s", "check s", "RSS base MB", "RSS peak MB", "RSS growth MB", "growth/size", "Buffers growth MB", "core", "srv core", "size ok", "non-2xx", "<requests"],
      cells.map((c) => [String(c.sizeMiB), c.client, fmt(c.mibPerSec, 1), c.client === "ours" ? fmt(c.endToEndMibPerSec, 1) : "", fmt(c.uploadMs / 1000, 2), c.client === "ours" ? fmt(c.checkMs / 1000, 2) : "", fmt(c.rssBaselineMB, 1), fmt(c.rssPeakMB, 1), fmt(c.rssGrowthMB, 1), fmt(c.rssGrowthOverSize, 3), fmt(c.arrayBuffersGrowthMB, 1), fmt(c.clientCoreUse, 2), fmt(c.serverCoreUse, 2), c.ok ? "yes" : "NO", String(c.non2xx), c.requests]),
    ),
    "",
    table(["<size", "ours/sdk MiB/s", `≥${OBJECT_TARGETS.oursOverSdkThroughput}×`, "ours check+upload/sdk", "ours/sdk-tuned", "ours/sdk RSS growth", "ours growth/size", `≤${OBJECT_TARGETS.rssGrowthOverSize} @${largest}`], ratioRows),
    ...(growthRows.length
      ? ["", `RSS growth at ${largest} MiB over ${smallest} MiB (1.00 = independent of the file's size; ${fmt(largest / smallest, 2)} = proportional):`, table(["<client", `${smallest} MiB`, `${largest} MiB`, "ratio", `≤${OBJECT_TARGETS.rssGrowthSizeRatio}`, "size ratio"], growthRows)]
      : []),
  ].join("\n");
  return { text, summary };
}
