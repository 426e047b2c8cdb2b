/**
 * Headless Chromium for the browser test, and just enough PNG decoding to look at its screenshots.
 *
 * Chromium is Debian's `chromium` package (`.ci/run` installs it when missing). Without it the test fails: a
 * browser test that skips would prove nothing. Each run is spawned asynchronously (an execSync would stop jest's
 * timers), in its own process group with its own profile directory, and the whole group is killed on timeout, when
 * the test file ends and when this process exits, so no renderer or zygote outlives the test.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";

/** The browser binary; CHROMIUM overrides it (e.g. a Chromium that is not Debian's). */
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** A page load here takes about a second; a cold start of a busy machine a few more. */
const RUN_TIMEOUT_MS = 60_000;

/** Throws, with how to install it, unless {@link CHROMIUM} is an executable file. */
export function assertChromium(): void {
  try {
    fs.accessSync(CHROMIUM, fs.constants.X_OK);
  } catch {
    throw new Error(
      `headless Chromium is needed for the browser test and ${CHROMIUM} is not executable: install Debian's package ` +
        "(`apt-get install -y --no-install-recommends chromium`, as .ci/run does) or point CHROMIUM at a Chromium binary",
    );
  }
}

export interface ChromiumResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess): void {
  // The browser forks a zygote, renderers and utilities: the negative pid reaches the whole group.
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** Kills every Chromium still running (afterAll, and on process exit). */
export function killChromiums(): void {
  for (const child of running) killGroup(child);
}
process.on("exit", killChromiums);

/**
 * Runs `chromium --headless … <args>` to completion: `--dump-dom <url>` prints the DOM after the load event (redirects
 * followed), `--screenshot=<file> --window-size=W,H <url>` writes a PNG. Resolves with the exit code and output.
 */
export function chromium(args: readonly string[], timeoutMs = RUN_TIMEOUT_MS): Promise<ChromiumResult> {
  assertChromium();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "chromium-e2e-"));
  const argv = [
    "--headless",
    "--no-sandbox", // root in a container has no user namespaces for the sandbox
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--hide-scrollbars",
    `--user-data-dir=${profile}`,
    ...args,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(CHROMIUM, argv, { detached: true, stdio: ["ignore", "pipe", "pipe"] });
    running.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (b: Buffer) => out.push(b));
    child.stderr?.on("data", (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      running.delete(child);
      killGroup(child); // stragglers of a browser that exited
      fs.rmSync(profile, { recursive: true, force: true });
    };
    child.on("error", (e) => {
      done();
      reject(e);
    });
    child.on("close", (code, signal) => {
      done();
      const stderr = Buffer.concat(err).toString("utf8");
      resolve({
        code: code ?? 128,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: timedOut ? `${stderr}\n[killed after ${timeoutMs} ms]` : signal ? `${stderr}\n[killed by ${signal}]` : stderr,
      });
    });
  });
}

/** An 8-bit RGB(A) image: `pixel(x, y)` is `[r, g, b]`. */
export interface Image {
  readonly width: number;
  readonly height: number;
  pixel(x: number, y: number): [number, number, number];
}

/**
 * Decodes a non-interlaced 8-bit truecolour PNG (what Chromium writes), by the PNG specification: chunks, zlib
 * inflate of the IDAT data, then the five per-row filters. Throws on anything else, so a broken file fails the test.
 */
export function decodePng(png: Buffer): Image {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (png.length < 8 || !png.subarray(0, 8).equals(signature)) throw new Error("not a PNG: bad signature");
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  let ended = false;
  for (let at = 8; at + 8 <= png.length && !ended; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colour, , , interlace] = data.subarray(8, 13);
      channels = colour === 2 ? 3 : colour === 6 ? 4 : 0;
      if (depth !== 8 || channels === 0 || interlace !== 0) throw new Error(`unsupported PNG: depth ${depth}, colour type ${colour}, interlace ${interlace}`);
    } else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") ended = true;
    at += 12 + length;
  }
  if (!width || !ended) throw new Error("truncated PNG: no IHDR or no IEND");
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length !== height * (stride + 1)) throw new Error(`PNG data is ${raw.length} bytes, expected ${height * (stride + 1)}`);
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride;
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? pixels[out + i - channels] : 0;
      const b = y > 0 ? pixels[out - stride + i] : 0;
      const c = i >= channels && y > 0 ? pixels[out - stride + i - channels] : 0;
      let predictor: number;
      if (filter === 0) predictor = 0;
      else if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else throw new Error(`bad PNG filter ${filter} in row ${y}`);
      pixels[out + i] = (row[i] + predictor) & 0xff;
    }
  }
  return {
    width,
    height,
    pixel(x, y) {
      const i = y * stride + x * channels;
      return [pixels[i], pixels[i + 1], pixels[i + 2]];
    },
  };
}
