/**
 * Section 4, SyncedFolder (issue 13): a generated site of N files (siteFiles.ts) synced to one bucket of the local
 * COS server process through the provider's check / diff / create / update, called the way the engine calls them:
 *   first sync      check({}, inputs) → create
 *   no change       check(old inputs, inputs) → diff(id, old outputs, new inputs) → update only if diff says so
 *   10 files edited the same, after appending a line to 10 files spread over the tree.
 * Baseline, in the same run against the same server: the official SDK's `uploadFiles` (its batch upload with its
 * own file queue, `FileParallelLimit`) uploading the same files under another prefix. Requests are counted from the
 * server's request log. Rounds alternate which client goes first. Report-only.
 */
import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import COS from "cos-nodejs-sdk-v5";
import { resources, setSettings } from "../../provider";
import { CosClient } from "../../provider/cos";
import { MAX_DELETE_OBJECTS } from "../../provider/cos/operations/objects";
import { closeAllPools } from "../../provider/cos/transport";
import { contentTypeFor } from "../../provider/resources/objectInputs";
import { DEFAULT_MULTIPART_THRESHOLD } from "../../provider/resources/objectUpload";
import { changeFiles, generateSite, type Site } from "./siteFiles";
import type { LoggedRequest, ServerProcess } from "./serverProcess";
import { fmt, median, round, table } from "./stats";

/** Knobs of the SyncedFolder benchmark. */
export interface FolderBenchOptions {
  files: number;
  rounds: number;
  /** Files edited before the third phase. */
  changed: number;
  /** The provider's `concurrency` input and the SDK's `FileParallelLimit`. */
  concurrency: number;
}

/** Options from the environment: BENCH_FOLDER_FILES (1000; quick 100), BENCH_FOLDER_ROUNDS (3; quick 1), BENCH_FOLDER_CONCURRENCY (16). */
export function folderOptions(quick: boolean): FolderBenchOptions {
  const num = (name: string, fallback: number) => (Number(process.env[name]) > 0 ? Number(process.env[name]) : fallback);
  return { files: num("BENCH_FOLDER_FILES", quick ? 100 : 1000), rounds: num("BENCH_FOLDER_ROUNDS", quick ? 1 : 3), changed: 10, concurrency: num("BENCH_FOLDER_CONCURRENCY", 16) };
}

/** One timed phase. */
export interface Phase {
  wallMs: number;
  /** Of which `check` (walking the tree, hashing changed files). */
  checkMs: number;
  cpuMs: number;
  serverCpuMs?: number;
  requests: number;
  putObjects: number;
  /** Requests other than PUT Object, as "METHOD ?sub status ×n". */
  other: string[];
  non2xx: number;
  /** diff's answer (ours after the first sync). */
  changes?: boolean;
}

export interface FolderRound {
  round: number;
  order: string;
  first: Phase;
  noChange: Phase;
  changed: Phase;
  sdk: Phase;
  /** The SDK with its defaults (FileParallelLimit 3, SliceSize 1 MiB): informational. */
  sdkDefaults: Phase;
}

export interface FolderResult {
  files: number;
  totalBytes: number;
  rounds: FolderRound[];
}

type Obj = Record<string, unknown>;
const gc: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;
const isPutObject = (r: LoggedRequest) => r.method === "PUT" && r.subresource === "" && r.path !== "/";

async function measure(server: ServerProcess, body: () => Promise<{ checkMs: number; changes?: boolean }>): Promise<Phase> {
  gc?.();
  await server.resetRequestLog();
  const cpu0 = process.cpuUsage();
  const srv0 = server.cpuMicros();
  const t0 = performance.now();
  const r = await body();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const srv1 = server.cpuMicros();
  const { requests } = await server.requestLog();
  const other = new Map<string, number>();
  for (const q of requests) if (!isPutObject(q)) other.set(`${q.method} ?${q.subresource} ${q.status}`, (other.get(`${q.method} ?${q.subresource} ${q.status}`) ?? 0) + 1);
  return {
    wallMs: round(wallMs, 1),
    checkMs: round(r.checkMs, 1),
    cpuMs: round((cpu.user + cpu.system) / 1000, 1),
    serverCpuMs: srv0 !== undefined && srv1 !== undefined ? round((srv1 - srv0) / 1000, 1) : undefined,
    requests: requests.length,
    putObjects: requests.filter(isPutObject).length,
    other: [...other].map(([k, n]) => `${k} ×${n}`),
    non2xx: requests.filter((q) => q.status < 200 || q.status > 299).length,
    ...(r.changes !== undefined ? { changes: r.changes } : {}),
  };
}

/** The provider, driven like the engine: returns the three phases of one round. */
async function oursRound(server: ServerProcess, site: Site, bucket: string, prefix: string, opts: FolderBenchOptions, marker: string): Promise<Pick<FolderRound, "first" | "noChange" | "changed">> {
  const p = resources.syncedFolder;
  const raw: Obj = { bucket, region: server.info.region, path: site.root, prefix, concurrency: opts.concurrency };
  const checked = async (olds: Obj) => {
    const c = await p.check(olds, raw);
    if (c.failures?.length) throw new Error(`SyncedFolder check failed: ${JSON.stringify(c.failures)}`);
    return c.inputs as Obj;
  };
  let id = "";
  let inputs: Obj = {};
  let outs: Obj = {};
  const first = await measure(server, async () => {
    const t = performance.now();
    inputs = await checked({});
    const checkMs = performance.now() - t;
    const created = await p.create(inputs);
    id = created.id;
    outs = created.outs as Obj;
    return { checkMs };
  });
  const resync = async () => {
    const t = performance.now();
    const news = await checked(inputs);
    const checkMs = performance.now() - t;
    const d = await p.diff(id, outs, news);
    if (d.changes) outs = (await p.update(id, outs, news)).outs as Obj;
    inputs = news;
    return { checkMs, changes: d.changes };
  };
  const noChange = await measure(server, resync);
  changeFiles(site, opts.changed, marker);
  const changed = await measure(server, resync);
  const n = Object.keys(outs.files as Obj).length;
  if (n !== site.files.length) throw new Error(`SyncedFolder state holds ${n} files, the site has ${site.files.length}`);
  return { first, noChange, changed };
}

/** The SDK's batch upload of the same files under `prefix`. */
async function sdkUpload(server: ServerProcess, site: Site, bucket: string, prefix: string, opts: FolderBenchOptions, defaults = false): Promise<Phase> {
  const { endpoint, secretId, secretKey, region } = server.info;
  // Matched: FileParallelLimit = our concurrency, SliceSize = our multipart threshold, so both clients send one PUT
  // per file. `defaults`: the SDK as constructed with nothing set (FileParallelLimit 3, SliceSize 1 MiB).
  const cos = new COS({ SecretId: secretId, SecretKey: secretKey, Protocol: "http:", Ip: new URL(endpoint).host, Timeout: 30_000, ...(defaults ? {} : { FileParallelLimit: opts.concurrency }) });
  return measure(server, async () => {
    const files = site.files.map((rel) => ({ Bucket: bucket, Region: region, Key: prefix + rel, FilePath: path.join(site.root, ...rel.split("/")), ContentType: contentTypeFor(rel) }));
    const r = await cos.uploadFiles(defaults ? { files } : { files, SliceSize: DEFAULT_MULTIPART_THRESHOLD });
    const failed = r.files.filter((f) => f.error);
    if (failed.length) throw new Error(`sdk uploadFiles: ${failed.length} files failed, first: ${String(failed[0].error)}`);
    return { checkMs: 0 };
  });
}

async function emptyBucket(client: CosClient, loc: { bucket: string; region: string }): Promise<void> {
  for (;;) {
    const page = await client.listObjects(loc, { maxKeys: MAX_DELETE_OBJECTS });
    if (page.contents.length === 0) return;
    await client.deleteObjects(loc, page.contents.map((o) => ({ key: o.key })), { quiet: true });
  }
}

/** Runs the rounds against one bucket; the site is generated once in a temp dir and removed afterwards. */
export async function runSyncedFolderBench(server: ServerProcess, opts: FolderBenchOptions, log: (s: string) => void): Promise<FolderResult> {
  const { endpoint, secretId, secretKey, region, appId } = server.info;
  setSettings({ secretId, secretKey, region, appId, endpoint });
  const client = new CosClient({ credentials: { secretId, secretKey }, endpoint });
  const loc = { bucket: `bench-folder-${appId}`, region };
  const dir = mkdtempSync(path.join(os.tmpdir(), "cos-bench-site-"));
  const rounds: FolderRound[] = [];
  try {
    await client.putBucket(loc);
    // Warm-up, not measured: both clients sync a small site once, so round 1 does not bill module loading and JIT
    // compilation to whichever client goes first.
    const warm = generateSite(path.join(dir, "warm-up"), Math.min(50, opts.files), 7);
    await oursRound(server, warm, loc.bucket, "warm-ours/", opts, "warm-up");
    await sdkUpload(server, warm, loc.bucket, "warm-sdk/", opts);
    await emptyBucket(client, loc);
    const site = generateSite(path.join(dir, "site"), opts.files);
    log(`  generated ${site.files.length} files, ${(site.totalBytes / 1024 / 1024).toFixed(1)} MiB`);
    for (let r = 1; r <= opts.rounds; r++) {
      const sdkFirst = r % 2 === 0;
      let sdk: Phase | undefined;
      if (sdkFirst) sdk = await sdkUpload(server, site, loc.bucket, `sdk-${r}/`, opts);
      const ours = await oursRound(server, site, loc.bucket, `ours-${r}/`, opts, `round ${r}`);
      if (!sdkFirst) sdk = await sdkUpload(server, site, loc.bucket, `sdk-${r}/`, opts);
      const sdkDefaults = await sdkUpload(server, site, loc.bucket, `sdk-defaults-${r}/`, opts, true);
      rounds.push({ round: r, order: sdkFirst ? "sdk, ours, sdk defaults" : "ours, sdk, sdk defaults", ...ours, sdk: sdk!, sdkDefaults });
      log(`  round ${r}: first sync ${fmt(ours.first.wallMs)} ms (${ours.first.putObjects} PUT), no change ${fmt(ours.noChange.wallMs)} ms (${ours.noChange.putObjects} PUT), ${opts.changed} changed ${fmt(ours.changed.wallMs)} ms (${ours.changed.putObjects} PUT), sdk ${fmt(sdk!.wallMs)} ms`);
      await emptyBucket(client, loc);
    }
    await client.deleteBucket(loc);
    return { files: site.files.length, totalBytes: site.totalBytes, rounds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await closeAllPools();
  }
}

/** Targets (report-only). */
export const FOLDER_TARGETS = {
  /** A no-change re-sync takes at most this fraction of the first sync's wall time. */
  noChangeFraction: 0.1,
  /** Our first sync (check + create) over the SDK's upload of the same files. */
  oursOverSdkFirst: 1,
};

const verdict = (ok: boolean) => (ok ? "meets" : "MISSES");

/** The tables of section 4 and the ratios for the JSON. */
export function folderReport(res: FolderResult, opts: FolderBenchOptions): { text: string; summary: Obj } {
  const med = (f: (r: FolderRound) => number) => median(res.rounds.map(f));
  const phases: [string, (r: FolderRound) => Phase, number][] = [
    ["ours: first sync", (r) => r.first, res.files],
    ["ours: no change", (r) => r.noChange, 0],
    [`ours: ${opts.changed} changed`, (r) => r.changed, opts.changed],
    ["sdk uploadFiles", (r) => r.sdk, res.files],
    ["sdk uploadFiles, defaults", (r) => r.sdkDefaults, NaN],
  ];
  const rows = phases.map(([name, get, expected]) => {
    const worst = res.rounds.map(get);
    const puts = [...new Set(worst.map((p) => p.putObjects))].join("/");
    const other = [...new Set(worst.flatMap((p) => p.other))].join(", ") || "none";
    return [
      name, fmt(med((r) => get(r).wallMs)), fmt(med((r) => get(r).checkMs)), fmt(med((r) => get(r).cpuMs)), fmt(med((r) => get(r).serverCpuMs ?? NaN)),
      puts, Number.isNaN(expected) ? "" : String(expected), Number.isNaN(expected) ? "" : verdict(worst.every((p) => p.putObjects === expected)), other, String(Math.max(...worst.map((p) => p.non2xx))),
      worst.map((p) => fmt(p.wallMs)).join(" "),
    ];
  });
  // Ratios are taken per round (ours and the SDK ran back to back) and then the median: on a shared machine the load
  // drifts between rounds more than between two adjacent phases.
  const noChangeFraction = med((r) => r.noChange.wallMs / r.first.wallMs);
  const changedFraction = med((r) => r.changed.wallMs / r.first.wallMs);
  const summary = {
    oursOverSdkFirst: round(med((r) => r.first.wallMs / r.sdk.wallMs), 2),
    oursUploadOverSdk: round(med((r) => (r.first.wallMs - r.first.checkMs) / r.sdk.wallMs), 2),
    oursCpuOverSdkFirst: round(med((r) => r.first.cpuMs / r.sdk.cpuMs), 2),
    oursOverSdkDefaultsFirst: round(med((r) => r.first.wallMs / r.sdkDefaults.wallMs), 2),
    noChangeFraction: round(noChangeFraction, 3),
    changedFraction: round(changedFraction, 3),
    noChangePuts: Math.max(...res.rounds.map((r) => r.noChange.putObjects)),
    noChangeRequests: Math.max(...res.rounds.map((r) => r.noChange.requests)),
    changedPuts: [...new Set(res.rounds.map((r) => r.changed.putObjects))],
    diffSaidNoChange: res.rounds.every((r) => r.noChange.changes === false),
  };
  const text = [
    `4. SyncedFolder of ${res.files} files (${(res.totalBytes / 1024 / 1024).toFixed(1)} MiB), concurrency ${opts.concurrency}; median of ${res.rounds.length} round(s); sdk = cos-nodejs-sdk-v5 uploadFiles, FileParallelLimit ${opts.concurrency}, SliceSize 16 MiB (one PUT per file, like ours); defaults = FileParallelLimit 3, SliceSize 1 MiB`,
    table(["<phase", "wall ms", "check ms", "CPU ms", "srv CPU ms", "PUT Object", "expected", "", "<other requests", "non-2xx", "<runs: wall ms"], rows),
    "",
    table(
      ["<ratio (median of the rounds' ratios)", "value", "<target", ""],
      [
        ["ours/sdk wall, first sync (check + create)", fmt(summary.oursOverSdkFirst, 2), `≤ ${FOLDER_TARGETS.oursOverSdkFirst}`, verdict(summary.oursOverSdkFirst <= FOLDER_TARGETS.oursOverSdkFirst)],
        ["ours/sdk wall, first sync upload only (create)", fmt(summary.oursUploadOverSdk, 2), "", ""],
        ["ours/sdk client CPU, first sync", fmt(summary.oursCpuOverSdkFirst, 2), "", ""],
        ["ours/sdk-with-defaults wall, first sync", fmt(summary.oursOverSdkDefaultsFirst, 2), "", ""],
        ["no change / first sync wall", fmt(summary.noChangeFraction, 3), `≤ ${FOLDER_TARGETS.noChangeFraction}, 0 PUT`, verdict(summary.noChangeFraction <= FOLDER_TARGETS.noChangeFraction && summary.noChangePuts === 0)],
        [`${opts.changed} changed / first sync wall`, fmt(summary.changedFraction, 3), `exactly ${opts.changed} PUT`, verdict(summary.changedPuts.length === 1 && summary.changedPuts[0] === opts.changed)],
        ["requests of a no-change re-sync", String(summary.noChangeRequests), "", ""],
      ],
    ),
  ].join("\n");
  return { text, summary };
}
