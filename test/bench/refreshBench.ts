/**
 * Section 2, refresh at scale: for each N, N buckets each carrying all six resources (Bucket with versioning
 * Enabled + BucketCors + BucketLifecycle + BucketPolicy + Replication + Website; bucket i replicates to bucket i+1)
 * are created through the providers' `check` + `create`, then a fresh child process (refreshWorker.ts) calls `read`
 * on all 6N resources with p-limit concurrency. Requests are counted from the server's request log. The buckets of
 * one N are deleted before the next N is created (the server, like COS, allows 200 buckets per account).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import pLimit from "p-limit";
import { resources, setSettings } from "../../provider";
import { CosClient, isCosServiceError } from "../../provider/cos";
import { KIND_OF_SUBRESOURCE, KINDS, MIN_GETS, resourceInputs, type Kind } from "./fixtures";
import type { StateEntry, WorkerResult } from "./refreshWorker";
import { REPO_ROOT, runJsonChild, type ServerProcess } from "./serverProcess";
import { round } from "./stats";

/** Knobs of the refresh benchmark. */
export interface RefreshBenchOptions {
  sizes: number[];
  /** Concurrent `read` calls, like the engine's `--parallel` (default 16, the documented default of `pulumi refresh`). */
  concurrency: number;
  /** Concurrency of the population phase (buckets in flight). */
  populateConcurrency: number;
}

/** Result for one N. */
export interface RefreshResult {
  n: number;
  resources: number;
  concurrency: number;
  populateMs: number;
  wallMs: number;
  wallMicrosPerResource: number;
  cpuMicrosPerResource: number;
  requests: number;
  requestsPerResource: number;
  minRequestsPerResource: number;
  /** The minimum number of requests for the whole refresh (one GET per configuration each resource owns). */
  minRequests: number;
  requestsByKind: Record<Kind, number>;
  minRequestsByKind: Record<Kind, number>;
  /** Requests that were not GETs of a sub-resource owned by one of the six kinds, or did not answer 200. */
  unexpectedRequests: { method: string; subresource: string; status: number; count: number }[];
  rssBaselineMB: number;
  rssPeakMB: number;
  rssGrowthMB: number;
  rssGrowthKBPerResource: number;
  heapUsedPeakMB: number;
  heapGrowthKBPerResource: number;
  maxRssMB: number;
  gone: number;
  drifted: number;
  errors: number;
  firstError?: string;
}

type Obj = Record<string, unknown>;

async function checkAndCreate(kind: Kind | "bucket", raw: Obj): Promise<StateEntry> {
  const checked = await resources[kind].check({}, raw);
  if (checked.failures?.length) throw new Error(`${kind} check failed: ${JSON.stringify(checked.failures)}`);
  const created = await resources[kind].create(checked.inputs as Obj);
  return { kind, id: created.id, outs: created.outs as Obj };
}

/** Thrown when the server refuses more buckets (COS's default quota is 200 buckets per account). */
export class BucketQuotaError extends Error {
  constructor(readonly n: number, cause: unknown) {
    super(`N=${n} needs ${n} buckets, but the server's per-account bucket quota refused them (${(cause as Error).message})`);
  }
}

const bucketName = (n: number, i: number, appId: string) => `bench-n${n}-${i}-${appId}`;

function clientFor(server: ServerProcess): CosClient {
  const { endpoint, secretId, secretKey } = server.info;
  return new CosClient({ credentials: { secretId, secretKey }, endpoint });
}

/** Deletes the benchmark buckets of one N (they hold no objects, so DELETE Bucket suffices). */
async function removeBuckets(server: ServerProcess, names: string[], concurrency: number): Promise<void> {
  const client = clientFor(server);
  const limit = pLimit(concurrency);
  await Promise.all(
    names.map((bucket) =>
      limit(async () => {
        try {
          await client.deleteBucket({ bucket, region: server.info.region });
        } catch (e) {
          if (!isCosServiceError(e, "NoSuchBucket")) throw e;
        }
      }),
    ),
  );
}

/**
 * Creates N buckets (versioning Enabled), then their five configurations, through the providers' `check` + `create`.
 * Bucket i replicates to bucket i+1 (mod N). Returns the state, six entries per bucket, bucket by bucket.
 */
async function populate(server: ServerProcess, n: number, concurrency: number): Promise<StateEntry[]> {
  const { region, appId } = server.info;
  const limit = pLimit(concurrency);
  const inputs = Array.from({ length: n }, (_, i) => resourceInputs(bucketName(n, i, appId), region, appId, bucketName(n, (i + 1) % n, appId)));
  const buckets = await Promise.all(
    inputs.map((inp) =>
      limit(async () => {
        try {
          return await checkAndCreate("bucket", inp.bucket);
        } catch (err) {
          if (isCosServiceError(err, "TooManyBucket")) throw new BucketQuotaError(n, err);
          throw err;
        }
      }),
    ),
  );
  const configs = await Promise.all(
    inputs.map((inp) => Promise.all(KINDS.filter((k) => k !== "bucket").map((k) => limit(() => checkAndCreate(k, inp[k]))))),
  );
  return buckets.flatMap((b, i) => [b, ...configs[i]]);
}

function runWorker(server: ServerProcess, stateFile: string, concurrency: number, n: number): Promise<WorkerResult> {
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const worker = path.join(__dirname, "refreshWorker.ts");
  const { endpoint, secretId, secretKey, region, appId } = server.info;
  return runJsonChild<WorkerResult>(worker, {
    nodeArgs: ["--expose-gc"],
    env: {
      ...process.env,
      BENCH_ENDPOINT: endpoint,
      BENCH_SECRET_ID: secretId,
      BENCH_SECRET_KEY: secretKey,
      BENCH_REGION: region,
      BENCH_APP_ID: appId,
      BENCH_STATE_FILE: stateFile,
      BENCH_REFRESH_CONCURRENCY: String(concurrency),
      ...(profileDir ? { BENCH_REFRESH_PROFILE: path.resolve(profileDir, `refresh-N${n}.cpuprofile`) } : {}),
    },
  });
}

const MB = 1024 * 1024;

/** Runs the refresh benchmark for every N. */
export async function runRefreshBench(
  server: ServerProcess,
  opts: RefreshBenchOptions,
  log: (s: string) => void,
): Promise<{ results: RefreshResult[]; skipped: { n: number; reason: string }[] }> {
  const { endpoint, secretId, secretKey, region, appId } = server.info;
  setSettings({ secretId, secretKey, region, appId, endpoint });
  const dir = mkdtempSync(path.join(os.tmpdir(), "cos-bench-"));
  const results: RefreshResult[] = [];
  const skipped: { n: number; reason: string }[] = [];
  try {
    for (const n of opts.sizes) {
      const names = Array.from({ length: n }, (_, i) => bucketName(n, i, appId));
      const p0 = performance.now();
      let state: StateEntry[];
      try {
        state = await populate(server, n, opts.populateConcurrency);
      } catch (e) {
        await removeBuckets(server, names, opts.populateConcurrency);
        if (!(e instanceof BucketQuotaError)) throw e;
        log(`  ${e.message}: skipped`);
        skipped.push({ n, reason: e.message });
        continue;
      }
      const populateMs = performance.now() - p0;
      const stateFile = path.join(dir, `state-${n}.json`);
      writeFileSync(stateFile, JSON.stringify(state));
      log(`  N=${n}: created ${state.length} resources in ${(populateMs / 1000).toFixed(1)} s; refreshing in a fresh process`);

      const w = await runWorker(server, stateFile, opts.concurrency, n);
      const { requests } = await server.requestLog();
      const byKind = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
      const unexpected = new Map<string, { method: string; subresource: string; status: number; count: number }>();
      for (const r of requests) {
        const kind = KIND_OF_SUBRESOURCE[r.subresource];
        if (r.method === "GET" && r.status === 200 && kind) byKind[kind]++;
        else {
          const key = `${r.method} ${r.subresource} ${r.status}`;
          const u = unexpected.get(key) ?? { method: r.method, subresource: r.subresource, status: r.status, count: 0 };
          u.count++;
          unexpected.set(key, u);
        }
      }
      const minByKind = Object.fromEntries(KINDS.map((k) => [k, MIN_GETS[k] * n])) as Record<Kind, number>;
      const minTotal = KINDS.reduce((s, k) => s + MIN_GETS[k], 0) * n;
      results.push({
        n,
        resources: w.resources,
        concurrency: w.concurrency,
        populateMs: round(populateMs, 0),
        wallMs: round(w.wallMs, 1),
        wallMicrosPerResource: round((w.wallMs * 1000) / w.resources, 1),
        cpuMicrosPerResource: round(w.cpuMicros / w.resources, 1),
        requests: requests.length,
        requestsPerResource: round(requests.length / w.resources, 3),
        minRequestsPerResource: round(minTotal / w.resources, 3),
        minRequests: minTotal,
        requestsByKind: byKind,
        minRequestsByKind: minByKind,
        unexpectedRequests: [...unexpected.values()],
        rssBaselineMB: round(w.rssBaselineBytes / MB, 1),
        rssPeakMB: round(w.rssPeakBytes / MB, 1),
        rssGrowthMB: round((w.rssPeakBytes - w.rssBaselineBytes) / MB, 1),
        rssGrowthKBPerResource: round((w.rssPeakBytes - w.rssBaselineBytes) / 1024 / w.resources, 2),
        heapUsedPeakMB: round(w.heapUsedPeakBytes / MB, 1),
        heapGrowthKBPerResource: round((w.heapUsedPeakBytes - w.heapUsedBaselineBytes) / 1024 / w.resources, 2),
        maxRssMB: round(w.maxRssBytes / MB, 1),
        gone: w.gone,
        drifted: w.drifted,
        errors: w.errors,
        ...(w.firstError ? { firstError: w.firstError } : {}),
      });
      await removeBuckets(server, names, opts.populateConcurrency);
      log(`  N=${n}: ${w.resources} reads in ${(w.wallMs / 1000).toFixed(2)} s, ${requests.length} requests, peak RSS ${(w.rssPeakBytes / MB).toFixed(0)} MB`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { results, skipped };
}
