/**
 * In-memory state of the local COS server, with optional crash-safe persistence (see persist.ts).
 * Tests use it to assert what a client did: `state.getBucket(name)`, `state.getConfig(name, "cors")`,
 * `state.requests`.
 */
import type {
  Account,
  BucketRecord,
  ConfigName,
  ConfigSlot,
  ConfigValues,
  MultipartUpload,
  ObjectVersion,
  RequestLogEntry,
} from "./types";
import { SnapshotWriter, loadSnapshot } from "./persist";

/** Request-log entries kept before the oldest half is dropped (benchmarks send millions of requests). */
const REQUEST_LOG_LIMIT = 200_000;

/** Orders strings by their UTF-8 bytes (COS lists keys "in UTF-8 binary order", digest §5.5). */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 puts surrogates (U+10000+) below U+E000–U+FFFF; UTF-8 puts them above. Shift to code-point order.
    if (x >= 0xd800) x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
    if (y >= 0xd800) y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    return x - y;
  }
  return a.length - b.length;
}

interface SnapshotVersion extends Omit<ObjectVersion, "body"> {
  body: string;
}
interface SnapshotUpload extends Omit<MultipartUpload, "parts"> {
  parts: { n: number; etag: string; body: string; lastModified: string }[];
}
interface SnapshotBucket extends Omit<BucketRecord, "objects" | "uploads" | "sortedKeys" | "hiddenUntil"> {
  objects: [string, SnapshotVersion[]][];
  uploads: SnapshotUpload[];
}
interface Snapshot {
  version: 1;
  buckets: SnapshotBucket[];
}

/** Buckets, objects, configurations, accounts and the request log of one server. */
export class State {
  /** Every bucket by full name (names are global across accounts and regions). */
  readonly buckets = new Map<string, BucketRecord>();
  /** Request log (admin requests excluded); cleared in place by {@link resetRequestLog}. */
  readonly requests: RequestLogEntry[] = [];
  /** Total API requests served since start (not reset by {@link resetRequestLog}). */
  requestCount = 0;
  private writer: SnapshotWriter | null = null;
  /** Buckets one account may own; COS allows 200 (003:L83896-83897, error TooManyBucket). Raised by benchmarks. */
  maxBucketsPerAccount = 200;
  /**
   * Domain names (and their subdomains) that count as having no ICP filing: PUT Bucket domain of one on a
   * bucket in the Chinese mainland answers 451 (003 Python put_bucket_domain). Empty by default; tests add to it.
   */
  readonly unfiledDomains = new Set<string>();

  constructor(readonly accounts: readonly Account[]) {}

  /** Loads `dataDir` (if it has a snapshot) and persists every later write there. */
  async attach(dataDir: string): Promise<void> {
    const text = await loadSnapshot(dataDir);
    if (text !== undefined) this.restore(JSON.parse(text) as Snapshot);
    this.writer = new SnapshotWriter(dataDir, () => JSON.stringify(this.snapshot()));
  }

  /** Makes the current state durable (no-op without a data directory). */
  persist(): Promise<void> {
    return this.writer ? this.writer.save() : Promise.resolve();
  }

  /** Waits for pending snapshot writes. */
  async flush(): Promise<void> {
    if (this.writer) await this.writer.flush();
  }

  /** The bucket with this full name, if any (regardless of hide faults). */
  getBucket(name: string): BucketRecord | undefined {
    return this.buckets.get(name);
  }

  /** All buckets, optionally only those of one APPID. */
  listBuckets(appId?: string): BucketRecord[] {
    const all = [...this.buckets.values()];
    return appId === undefined ? all : all.filter((b) => b.appId === appId);
  }

  /** Current (never stale) value of a configuration, for assertions. */
  getConfig<K extends ConfigName>(bucket: string, name: K): ConfigValues[K] | undefined {
    const slot = this.buckets.get(bucket)?.configs[name] as ConfigSlot<ConfigValues[K]> | undefined;
    return slot?.value;
  }

  /** Value a GET sees: the previous value while inside the `staleReads` window after a write. */
  readConfig<K extends ConfigName>(b: BucketRecord, name: K, staleMs: number, now: number): ConfigValues[K] | undefined {
    const slot = b.configs[name] as ConfigSlot<ConfigValues[K]> | undefined;
    if (!slot) return undefined;
    return staleMs > 0 && now - slot.changedAt < staleMs ? slot.previous : slot.value;
  }

  /** Replaces (or with `undefined`, removes) a configuration, remembering the previous value. */
  writeConfig<K extends ConfigName>(b: BucketRecord, name: K, value: ConfigValues[K] | undefined, now: number): void {
    const slot = b.configs[name] as ConfigSlot<ConfigValues[K]> | undefined;
    const next: ConfigSlot<ConfigValues[K]> = { value, previous: slot?.value, changedAt: now };
    (b.configs as Record<ConfigName, ConfigSlot<unknown>>)[name] = next;
  }

  /** Keys of a bucket in UTF-8 byte order (cached until a key is added or removed). */
  sortedKeys(b: BucketRecord): string[] {
    if (!b.sortedKeys) b.sortedKeys = [...b.objects.keys()].sort(compareUtf8);
    return b.sortedKeys;
  }

  /** The account that owns a SecretId. */
  accountBySecretId(secretId: string): Account | undefined {
    return this.accounts.find((a) => a.secretId === secretId);
  }

  /** Appends to the request log. */
  logRequest(entry: RequestLogEntry): void {
    this.requestCount++;
    if (this.requests.length >= REQUEST_LOG_LIMIT) this.requests.splice(0, REQUEST_LOG_LIMIT / 2);
    this.requests.push(entry);
  }

  /** Clears the request log in place (references held by tests stay valid). */
  resetRequestLog(): void {
    this.requests.length = 0;
  }

  private snapshot(): Snapshot {
    const buckets: SnapshotBucket[] = [];
    for (const b of this.buckets.values()) {
      const { objects, uploads, sortedKeys: _s, hiddenUntil: _h, ...rest } = b;
      buckets.push({
        ...rest,
        objects: [...objects].map(([k, vs]) => [k, vs.map((v) => ({ ...v, body: v.body.toString("base64") }))]),
        uploads: [...uploads.values()].map((u) => ({
          ...u,
          parts: [...u.parts].map(([n, p]) => ({ n, etag: p.etag, lastModified: p.lastModified, body: p.body.toString("base64") })),
        })),
      });
    }
    return { version: 1, buckets };
  }

  private restore(snap: Snapshot): void {
    this.buckets.clear();
    for (const sb of snap.buckets) {
      const { objects, uploads, ...rest } = sb;
      const b: BucketRecord = {
        ...rest,
        sortedKeys: null,
        objects: new Map(objects.map(([k, vs]) => [k, vs.map((v) => ({ ...v, body: Buffer.from(v.body, "base64") }))])),
        uploads: new Map(
          uploads.map((u) => [
            u.uploadId,
            {
              ...u,
              parts: new Map(u.parts.map((p) => [p.n, { etag: p.etag, lastModified: p.lastModified, body: Buffer.from(p.body, "base64") }])),
            },
          ]),
        ),
      };
      this.buckets.set(b.name, b);
    }
  }
}
