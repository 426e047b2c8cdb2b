/**
 * Child process of the BucketObject benchmark (objectBench.ts): ONE client uploads ONE file, in a fresh process, so
 * its peak RSS is its own (one client's heap and buffers never bill the other). It loads only its client, collects
 * garbage, takes the baseline RSS, resets the kernel's peak-RSS mark (`5` > /proc/self/clear_refs resets VmHWM,
 * Linux ≥ 4.0) and uploads; the peak is the larger of VmHWM and an RSS sample taken every 5 ms. Prints one JSON line.
 *
 * BENCH_OBJECT_CLIENT: `ours` (the provider's check + create with `source`, as the engine calls them), `sdk`
 * (cos-nodejs-sdk-v5 `uploadFile` with its defaults) or `sdk-tuned` (`uploadFile` with our part size and part
 * concurrency). Also BENCH_ENDPOINT, BENCH_SECRET_ID, BENCH_SECRET_KEY, BENCH_REGION, BENCH_APP_ID, BENCH_OBJECT_FILE,
 * BENCH_OBJECT_BUCKET, BENCH_OBJECT_KEY.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { runMain } from "./main";

/** The worker's JSON line. */
export interface ObjectWorkerResult {
  client: string;
  /** Time of the upload itself (ours: `create`; the SDK: `uploadFile`). */
  uploadMs: number;
  /** Ours only: `check`, which streams the file through sha256 (the diff compares it). */
  checkMs: number;
  rssBaselineBytes: number;
  /** Peak RSS during the whole measured part (check + upload). */
  rssPeakBytes: number;
  /** Ours only: peak RSS during check. */
  rssPeakCheckBytes?: number;
  /** `process.memoryUsage().arrayBuffers` (Buffers live outside the V8 heap): baseline and peak sample. */
  arrayBuffersBaselineBytes: number;
  arrayBuffersPeakBytes: number;
  /** Whether VmHWM could be reset (else the peak is sampled only). */
  hwmReset: boolean;
  etag: string;
  cpuMicros: number;
  samples: number;
}

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`objectWorker: ${name} is not set`);
  return v;
}

/** VmHWM (peak resident set) of this process in bytes, or 0 where /proc is not there. */
function vmHwm(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function resetHwm(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

const gc: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const client = env("BENCH_OBJECT_CLIENT");
  const file = env("BENCH_OBJECT_FILE");
  const Bucket = env("BENCH_OBJECT_BUCKET");
  const Key = env("BENCH_OBJECT_KEY");
  const endpoint = env("BENCH_ENDPOINT");
  const region = env("BENCH_REGION");
  const secretId = env("BENCH_SECRET_ID");
  const secretKey = env("BENCH_SECRET_KEY");

  // Load only this client's code, then settle: the baseline is "the process with its client loaded".
  let check: (() => Promise<void>) | undefined;
  let upload: () => Promise<string>;
  if (client === "ours") {
    const { resources, setSettings } = await import("../../provider");
    setSettings({ secretId, secretKey, region, appId: env("BENCH_APP_ID"), endpoint });
    let inputs: Record<string, unknown> = {};
    check = async () => {
      const c = await resources.bucketObject.check({}, { bucket: Bucket, region, key: Key, source: file });
      if (c.failures?.length) throw new Error(`check failed: ${JSON.stringify(c.failures)}`);
      inputs = c.inputs as Record<string, unknown>;
    };
    upload = async () => (await resources.bucketObject.create(inputs)).outs.etag as string;
  } else if (client === "sdk" || client === "sdk-tuned") {
    const { default: COS } = await import("cos-nodejs-sdk-v5");
    const { DEFAULT_PART_CONCURRENCY, DEFAULT_PART_SIZE } = await import("../../provider/resources/objectUpload");
    const tuned = client === "sdk-tuned" ? { ChunkSize: DEFAULT_PART_SIZE, ChunkParallelLimit: DEFAULT_PART_CONCURRENCY } : {};
    const cos = new COS({ SecretId: secretId, SecretKey: secretKey, Protocol: "http:", Ip: new URL(endpoint).host, Timeout: 120_000, ...tuned });
    upload = async () => (await cos.uploadFile({ Bucket, Region: region, Key, FilePath: file })).ETag;
  } else {
    throw new Error(`objectWorker: unknown client ${client}`);
  }

  gc?.();
  await sleep(50);
  gc?.();
  const base = process.memoryUsage();
  const hwmReset = resetHwm();
  let peak = base.rss;
  let abPeak = base.arrayBuffers;
  let samples = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    samples++;
    if (m.rss > peak) peak = m.rss;
    if (m.arrayBuffers > abPeak) abPeak = m.arrayBuffers;
  }, 5);
  const cpu0 = process.cpuUsage();
  let checkMs = 0;
  let rssPeakCheckBytes: number | undefined;
  if (check) {
    const t = performance.now();
    await check();
    checkMs = performance.now() - t;
    rssPeakCheckBytes = Math.max(peak, hwmReset ? vmHwm() : 0);
  }
  const t = performance.now();
  const etag = await upload();
  const uploadMs = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  const result: ObjectWorkerResult = {
    client,
    uploadMs,
    checkMs,
    rssBaselineBytes: base.rss,
    rssPeakBytes: Math.max(peak, hwmReset ? vmHwm() : 0, process.memoryUsage().rss),
    ...(rssPeakCheckBytes !== undefined ? { rssPeakCheckBytes } : {}),
    arrayBuffersBaselineBytes: base.arrayBuffers,
    arrayBuffersPeakBytes: abPeak,
    hwmReset,
    etag,
    cpuMicros: cpu.user + cpu.system,
    samples,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

runMain("objectWorker", main);
