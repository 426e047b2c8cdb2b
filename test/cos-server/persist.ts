/**
 * Crash-safe persistence of the server state: one JSON snapshot file, replaced atomically
 * (write temp file → fsync → rename → fsync directory). Writes are group-committed: concurrent
 * callers share one snapshot that is taken *after* their mutation, so snapshots never interleave.
 */
import { promises as fsp } from "node:fs";
import * as path from "node:path";

/** File name of the snapshot inside the data directory. */
export const SNAPSHOT_FILE = "state.json";

/** Serialises snapshots of `take()` into `dir`. */
export class SnapshotWriter {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private seq = 0;

  constructor(
    private readonly dir: string,
    private readonly take: () => string,
  ) {}

  /** Resolves once a snapshot taken after this call is durable on disk. */
  save(): Promise<void> {
    if (!this.running) {
      this.running = this.writeOnce().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    if (!this.queued) {
      const after = this.running.catch(() => undefined);
      this.queued = after.then(() => {
        this.queued = null;
        return this.save();
      });
    }
    return this.queued;
  }

  private async writeOnce(): Promise<void> {
    const data = this.take(); // synchronous: captures every mutation made before this point
    const tmp = path.join(this.dir, `${SNAPSHOT_FILE}.tmp-${process.pid}-${++this.seq}`);
    const fh = await fsp.open(tmp, "w");
    try {
      await fh.writeFile(data, "utf8");
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(tmp, path.join(this.dir, SNAPSHOT_FILE));
    try {
      const dh = await fsp.open(this.dir, "r");
      try {
        await dh.sync();
      } finally {
        await dh.close();
      }
    } catch {
      // Some platforms cannot fsync a directory; the rename itself is still atomic.
    }
  }

  /** Waits for in-flight and queued snapshots. */
  async flush(): Promise<void> {
    while (this.running || this.queued) await (this.queued ?? this.running);
  }
}

/**
 * Reads the snapshot from `dir` (creating the directory); returns undefined when there is none.
 * Leftover temp files from a crash mid-write are torn by definition and are deleted, never read.
 */
export async function loadSnapshot(dir: string): Promise<string | undefined> {
  await fsp.mkdir(dir, { recursive: true });
  for (const name of await fsp.readdir(dir)) {
    if (name.startsWith(`${SNAPSHOT_FILE}.tmp-`)) await fsp.rm(path.join(dir, name), { force: true });
  }
  try {
    return await fsp.readFile(path.join(dir, SNAPSHOT_FILE), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}
