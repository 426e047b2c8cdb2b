/**
 * Section 1, per-request cost: GET ?cors and PUT ?lifecycle through (a) our CosClient, (b) the official SDK
 * cos-nodejs-sdk-v5 and (c) a bare undici request with a precomputed Authorization (the floor), sequentially and at
 * concurrency 16, against the same bucket on the local COS server process.
 */
import COS from "cos-nodejs-sdk-v5";
import { Pool } from "undici";
import { CosClient } from "../../provider/cos";
import { contentMd5, DEFAULT_USER_AGENT } from "../../provider/cos/clientCore";
import { bucketHost } from "../../provider/cos/endpoint";
import { corsFromXml } from "../../provider/cos/operations/cors";
import { lifecycleToXml } from "../../provider/cos/operations/lifecycle";
import { buildAuthorization } from "../../provider/cos/signer";
import { closeAllPools, DEFAULT_TIMEOUTS } from "../../provider/cos/transport";
import { CORS, LIFECYCLE, SDK_LIFECYCLE_RULES } from "./fixtures";
import type { ServerProcess } from "./serverProcess";
import { median, percentile, round, spread } from "./stats";

/** Clients compared. */
export const CLIENTS = ["ours", "sdk", "bare", "bare+xml"] as const;
export type ClientName = (typeof CLIENTS)[number];
/** Operations measured. */
export const OPS = ["getBucketCors", "putBucketLifecycle"] as const;
export type OpName = (typeof OPS)[number];

/** Knobs of the per-request benchmark. */
export interface RequestBenchOptions {
  /** Measured window of one run, ms. */
  durationMs: number;
  /** Repeats of every (op, concurrency, client); the client order rotates each round. */
  rounds: number;
  /** Concurrency levels (1 = sequential). */
  concurrencies: number[];
  /** Warm-up per client and op before the first round, ms (half at the highest concurrency, half sequential). */
  warmupMs: number;
}

/** One measured run. */
export interface Run {
  round: number;
  /** 1-based position of this client in the round's order. */
  position: number;
  ops: number;
  errors: number;
  /** Requests the server logged during the run, per call (1 = no retries or extra requests). */
  wireRequestsPerCall: number;
  /** Logged requests that did not answer 2xx. */
  wireNon2xx: number;
  elapsedMs: number;
  opsPerSec: number;
  cpuMicrosPerCall: number;
  serverCpuMicrosPerCall?: number;
  /** Server CPU / wall time: 1.0 means the server's one core was saturated. */
  serverCoreUse?: number;
  p50Ms: number;
  p99Ms: number;
}

/** Aggregate of the runs of one (op, concurrency, client). */
export interface Cell {
  op: OpName;
  concurrency: number;
  client: ClientName;
  opsPerSec: number;
  opsPerSecSpread: number;
  p50Ms: number;
  p99Ms: number;
  cpuMicrosPerCall: number;
  cpuSpread: number;
  serverCpuMicrosPerCall?: number;
  serverCoreUse?: number;
  errors: number;
  /** Max over runs of requests logged by the server per call. */
  wireRequestsPerCall: number;
  wireNon2xx: number;
  firstError?: string;
  runs: Run[];
}

/** One timed call. */
export type Call = () => Promise<void>;
/** A client under test: one call per operation. */
export interface Impl {
  name: ClientName;
  calls: Record<OpName, Call>;
  close(): Promise<void>;
}

const gc: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;

function bucketFor(appId: string): string {
  return `bench-request-${appId}`;
}

function ours(server: ServerProcess): Impl {
  const { endpoint, secretId, secretKey, region, appId } = server.info;
  const client = new CosClient({ credentials: { secretId, secretKey }, endpoint });
  const loc = { bucket: bucketFor(appId), region };
  return {
    name: "ours",
    calls: {
      getBucketCors: async () => {
        const cfg = await client.getBucketCors(loc);
        if (cfg?.rules.length !== CORS.rules.length) throw new Error(`ours: unexpected CORS ${JSON.stringify(cfg)}`);
      },
      putBucketLifecycle: () => client.putBucketLifecycle(loc, LIFECYCLE),
    },
    close: () => closeAllPools(),
  };
}

function sdk(server: ServerProcess): Impl {
  const { endpoint, secretId, secretKey, region, appId } = server.info;
  // Realistic production config: keep-alive (the default), a 30 s timeout like ours (the SDK default is none). The
  // SDK retries only on 5xx / network errors, which a healthy run never sees (errors are counted per run).
  const cos = new COS({ SecretId: secretId, SecretKey: secretKey, Protocol: "http:", Ip: new URL(endpoint).host, Timeout: 30_000 });
  const Bucket = bucketFor(appId);
  return {
    name: "sdk",
    calls: {
      getBucketCors: async () => {
        const r = await cos.getBucketCors({ Bucket, Region: region });
        if (r.CORSRules.length !== CORS.rules.length) throw new Error(`sdk: unexpected CORS ${JSON.stringify(r.CORSRules)}`);
      },
      putBucketLifecycle: async () => {
        await cos.putBucketLifecycle({ Bucket, Region: region, Rules: SDK_LIFECYCLE_RULES });
      },
    },
    close: async () => undefined,
  };
}

/**
 * The floor: the same URL, Host and body through a keep-alive undici Pool, with an Authorization signed once.
 * With `withXml` ("bare+xml") each call also does the XML work our client does with fast-xml-parser, and nothing
 * else: GET parses the body into the CORS model (`corsFromXml`), PUT serializes the lifecycle model
 * (`lifecycleToXml`) and sends that text (identical to the signed body, so the precomputed Content-MD5 and
 * Authorization stay valid). The difference ours − bare+xml is then our own pipeline: signing, Content-MD5,
 * request building, the retry and error-check steps.
 */
function bare(server: ServerProcess, withXml = false): Impl {
  const { endpoint, secretId, secretKey, region, appId } = server.info;
  const host = bucketHost(bucketFor(appId), region);
  const nowS = Math.floor(Date.now() / 1000);
  const keyTime = `${nowS - 60};${nowS + 6 * 3600}`;
  const auth = (method: string, query: Record<string, string>, signed: Record<string, string>) =>
    buildAuthorization({ secretId, secretKey, method, pathname: "/", query, headers: signed, keyTime });
  const getHeaders = { host, "user-agent": DEFAULT_USER_AGENT, authorization: auth("GET", { cors: "" }, { host }) };
  const body = Buffer.from(lifecycleToXml(LIFECYCLE), "utf8");
  const signedPut = { host, "content-type": "application/xml", "content-length": String(body.length), "content-md5": contentMd5(body) };
  const putHeaders = { ...signedPut, "user-agent": DEFAULT_USER_AGENT, authorization: auth("PUT", { lifecycle: "" }, signedPut) };
  const pool = new Pool(endpoint, {
    connect: { timeout: DEFAULT_TIMEOUTS.connectMs },
    headersTimeout: DEFAULT_TIMEOUTS.requestMs,
    bodyTimeout: DEFAULT_TIMEOUTS.requestMs,
    keepAliveTimeout: 10_000,
  });
  const name: ClientName = withXml ? "bare+xml" : "bare";
  const call = async (method: "GET" | "PUT", path: string, headers: Record<string, string>, payload?: Buffer) => {
    const res = await pool.request({ method, path, headers, body: payload });
    const buf = Buffer.from(await res.body.arrayBuffer());
    if (res.statusCode !== 200) throw new Error(`${name} ${method} ${path}: ${res.statusCode} ${buf.toString("utf8").slice(0, 300)}`);
    return buf;
  };
  return {
    name,
    calls: {
      getBucketCors: async () => {
        const buf = await call("GET", "/?cors=", getHeaders);
        if (!withXml) return;
        const cfg = corsFromXml(buf.toString("utf8"));
        if (cfg?.rules.length !== CORS.rules.length) throw new Error(`${name}: unexpected CORS ${JSON.stringify(cfg)}`);
      },
      putBucketLifecycle: async () => {
        await call("PUT", "/?lifecycle=", putHeaders, withXml ? Buffer.from(lifecycleToXml(LIFECYCLE), "utf8") : body);
      },
    },
    close: () => pool.close(),
  };
}

/** The clients, configured for the bench bucket. */
export function createImpls(server: ServerProcess): Impl[] {
  return [ours(server), sdk(server), bare(server), bare(server, true)];
}

/** Runs `call` from `concurrency` workers for `durationMs`; CPU is this process's user+system time in the window. */
export async function measure(call: Call, concurrency: number, durationMs: number, server: ServerProcess) {
  const latencies: number[] = [];
  let ops = 0;
  let errors = 0;
  let firstError: string | undefined;
  await server.resetRequestLog();
  gc?.();
  const srv0 = server.cpuMicros();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      const s = performance.now();
      try {
        await call();
      } catch (e) {
        errors++;
        firstError ??= (e as Error).message;
      }
      latencies.push(performance.now() - s);
      ops++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const srv1 = server.cpuMicros();
  const serverCpu = srv0 !== undefined && srv1 !== undefined ? srv1 - srv0 : undefined;
  latencies.sort((a, b) => a - b);
  const { requests } = await server.requestLog();
  return {
    ops,
    wireRequests: requests.length,
    wireNon2xx: requests.filter((r) => r.status < 200 || r.status > 299).length,
    errors,
    firstError,
    elapsedMs,
    opsPerSec: (ops / elapsedMs) * 1000,
    cpuMicrosPerCall: (cpu.user + cpu.system) / ops,
    serverCpuMicrosPerCall: serverCpu === undefined ? undefined : serverCpu / ops,
    serverCoreUse: serverCpu === undefined ? undefined : serverCpu / (elapsedMs * 1000),
    latencies,
  };
}

/** Creates the bucket and its CORS configuration (through our client; the server checks the signatures). */
export async function prepare(server: ServerProcess): Promise<void> {
  const { endpoint, secretId, secretKey, region, appId } = server.info;
  const client = new CosClient({ credentials: { secretId, secretKey }, endpoint });
  const loc = { bucket: bucketFor(appId), region };
  if (!(await client.headBucket(loc))) await client.putBucket(loc);
  await client.putBucketCors(loc, CORS);
  await client.putBucketLifecycle(loc, LIFECYCLE);
}

/** Deletes the bucket again (the refresh benchmark needs the account's bucket quota). */
export async function cleanup(server: ServerProcess): Promise<void> {
  const { endpoint, secretId, secretKey, region, appId } = server.info;
  const client = new CosClient({ credentials: { secretId, secretKey }, endpoint });
  await client.deleteBucket({ bucket: bucketFor(appId), region });
}

/** Runs the whole section; `log` receives progress lines. */
export async function runRequestBench(server: ServerProcess, opts: RequestBenchOptions, log: (s: string) => void): Promise<Cell[]> {
  await prepare(server);
  const impls = createImpls(server);
  const ops = OPS;
  const maxC = Math.max(...opts.concurrencies);
  // A first call of each must succeed: a broken client would otherwise be "measured" as fast failures.
  for (const impl of impls) for (const op of ops) await impl.calls[op]();
  for (const op of ops) {
    for (const impl of impls) {
      await measure(impl.calls[op], maxC, opts.warmupMs / 2, server);
      await measure(impl.calls[op], 1, opts.warmupMs / 2, server);
    }
  }
  const cells: Cell[] = [];
  for (const op of ops) {
    for (const concurrency of opts.concurrencies) {
      const runs = new Map<ClientName, (Run & { latencies: number[]; firstError?: string })[]>(impls.map((i) => [i.name, []]));
      for (let rd = 0; rd < opts.rounds; rd++) {
        const order = impls.map((_, i) => impls[(i + rd) % impls.length]);
        for (const [i, impl] of order.entries()) {
          const m = await measure(impl.calls[op], concurrency, opts.durationMs, server);
          runs.get(impl.name)!.push({
            round: rd + 1,
            position: i + 1,
            ops: m.ops,
            errors: m.errors,
            wireRequestsPerCall: round(m.wireRequests / m.ops, 3),
            wireNon2xx: m.wireNon2xx,
            firstError: m.firstError,
            elapsedMs: round(m.elapsedMs, 1),
            opsPerSec: round(m.opsPerSec, 1),
            cpuMicrosPerCall: round(m.cpuMicrosPerCall, 1),
            serverCpuMicrosPerCall: m.serverCpuMicrosPerCall === undefined ? undefined : round(m.serverCpuMicrosPerCall, 1),
            serverCoreUse: m.serverCoreUse === undefined ? undefined : round(m.serverCoreUse, 2),
            p50Ms: round(percentile(m.latencies, 50), 3),
            p99Ms: round(percentile(m.latencies, 99), 3),
            latencies: m.latencies,
          });
        }
        log(`  ${op} c=${concurrency} round ${rd + 1}/${opts.rounds}: ${order.map((o) => `${o.name} ${Math.round(runs.get(o.name)!.at(-1)!.opsPerSec)}/s`).join(", ")}`);
      }
      for (const { name: client } of impls) {
        const rs = runs.get(client)!;
        const all = rs.flatMap((r) => r.latencies).sort((a, b) => a - b);
        const srv = rs.map((r) => r.serverCpuMicrosPerCall).filter((x): x is number => x !== undefined);
        const use = rs.map((r) => r.serverCoreUse).filter((x): x is number => x !== undefined);
        cells.push({
          op,
          concurrency,
          client,
          opsPerSec: round(median(rs.map((r) => r.opsPerSec)), 1),
          opsPerSecSpread: round(spread(rs.map((r) => r.opsPerSec)), 3),
          p50Ms: round(percentile(all, 50), 3),
          p99Ms: round(percentile(all, 99), 3),
          cpuMicrosPerCall: round(median(rs.map((r) => r.cpuMicrosPerCall)), 1),
          cpuSpread: round(spread(rs.map((r) => r.cpuMicrosPerCall)), 3),
          serverCpuMicrosPerCall: srv.length ? round(median(srv), 1) : undefined,
          serverCoreUse: use.length ? round(median(use), 2) : undefined,
          errors: rs.reduce((n, r) => n + r.errors, 0),
          wireRequestsPerCall: Math.max(...rs.map((r) => r.wireRequestsPerCall)),
          wireNon2xx: rs.reduce((n, r) => n + r.wireNon2xx, 0),
          firstError: rs.find((r) => r.firstError)?.firstError,
          runs: rs.map(({ latencies: _l, firstError: _f, ...r }) => r),
        });
      }
    }
  }
  await Promise.all(impls.map((i) => i.close()));
  await cleanup(server);
  return cells;
}
