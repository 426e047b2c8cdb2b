/**
 * The terminal pipeline step: one undici request per attempt, body fully buffered. Connection pools are cached
 * per origin at module level, so every CosClient talking to the same origin shares keep-alive sockets
 * (LESSONS §1 L: peers build a new client per call).
 * @packageDocumentation
 */
import { Readable } from "node:stream";
import type { Dispatcher, Pool } from "undici";
import { CosNetworkError } from "./errors";
import type { CosResponse, Handler } from "./pipeline";

/** Socket-level time limits. */
export interface Timeouts {
  /** TCP/TLS connect timeout, ms. */
  connectMs: number;
  /** Time to receive the response headers, and the longest pause while reading the body, ms. */
  requestMs: number;
}

/** Defaults: 10 s to connect, 30 s for headers / between body chunks. */
export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, requestMs: 30_000 };

const pools = new Map<string, Pool>();

/** The two parts of undici the transport uses: the keep-alive pool, and the promise `request` API called on it. */
export interface UndiciParts {
  Pool: typeof Pool;
  request(dispatcher: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
}

let undiciParts: UndiciParts | undefined;

/**
 * undici, loaded with the first pool rather than with the provider: a `pulumi preview` without `--refresh` only
 * checks and diffs and sends no request (issue 15). And only the pool and the request API are loaded, not undici's
 * index: the index also loads its mock agents, caches (SQLite included), proxy agents, interceptors and fetch, and puts
 * the API on the dispatcher prototype, ≈ 100 ms of CPU against ≈ 35 ms for the two modules, in every provider process
 * that sends a request. undici has no `exports` map, so the two files are reachable; should a later undici move them,
 * the public entry point is used instead (same behaviour, the full load).
 * @internal
 */
export function loadUndici(load: (id: string) => unknown = require): UndiciParts {
  try {
    const pool = load("undici/lib/dispatcher/pool");
    const request = load("undici/lib/api/api-request");
    if (typeof pool === "function" && typeof request === "function") {
      const call = request as (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
      return { Pool: pool as typeof Pool, request: (d, options) => call.call(d, options) };
    }
  } catch {
    // another layout: the public entry point below
  }
  const u = load("undici") as typeof import("undici");
  return { Pool: u.Pool, request: (d, options) => d.request(options) };
}

const undici = (): UndiciParts => (undiciParts ??= loadUndici());

/**
 * The shared keep-alive pool for an origin (one per origin and timeout pair). Send through {@link transport}: the
 * pool's own `request` method exists only once something loads undici's index.
 */
export function poolFor(origin: string, timeouts: Timeouts = DEFAULT_TIMEOUTS): Pool {
  const key = `${origin}|${timeouts.connectMs}|${timeouts.requestMs}`;
  let pool = pools.get(key);
  if (!pool || pool.destroyed || pool.closed) {
    pool = new (undici().Pool)(origin, {
      connect: { timeout: timeouts.connectMs },
      headersTimeout: timeouts.requestMs,
      bodyTimeout: timeouts.requestMs,
      keepAliveTimeout: 10_000,
    });
    pools.set(key, pool);
  }
  return pool;
}

/** Closes every cached pool (tests call it in `afterAll`; a long-lived process never needs to). */
export async function closeAllPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close().catch(() => undefined)));
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}

/** Bodies above this size are written chunk by chunk (see {@link wireBody}). */
const BODY_CHUNK = 64 * 1024;

function* chunksOf(body: Buffer): Generator<Buffer> {
  for (let i = 0; i < body.length; i += BODY_CHUNK) yield body.subarray(i, i + BODY_CHUNK);
}

/**
 * The body as undici is given it. A Buffer is handed to the socket in one write, and undici arms its headers timer
 * right after that write, so the time the kernel then spends sending the bytes counted against `requestMs`: an 8 MiB
 * part on a slow uplink timed out on every attempt while the upload was still flowing. Written as chunks, undici
 * waits for each to drain and restarts the timer on it, so `requestMs` is what it says: the longest stall, then the
 * wait for the headers once everything is sent. The Buffer stays the request's, so a retry sends it again.
 */
function wireBody(body: Buffer | undefined): Buffer | Readable | undefined {
  return body && body.length > BODY_CHUNK ? Readable.from(chunksOf(body), { objectMode: false }) : body;
}

/**
 * Builds the transport handler. `dispatcher` replaces the pool cache (tests pass a MockAgent). Any failure
 * before a full response arrives becomes a {@link CosNetworkError} whose `code` is the undici/Node code.
 */
export function transport(timeouts: Timeouts = DEFAULT_TIMEOUTS, dispatcher?: Dispatcher): Handler {
  return async (req): Promise<CosResponse> => {
    try {
      const request = { path: req.wirePath, method: req.method, headers: req.headers, body: wireBody(req.body) };
      // The cached pool already carries the origin and the time limits; an injected dispatcher gets them per request.
      const res = dispatcher
        ? await dispatcher.request({ ...request, origin: req.origin, headersTimeout: timeouts.requestMs, bodyTimeout: timeouts.requestMs })
        : await undici().request(poolFor(req.origin, timeouts), request);
      const body = Buffer.from(await res.body.arrayBuffer());
      return { statusCode: res.statusCode, headers: flattenHeaders(res.headers), body };
    } catch (err) {
      throw new CosNetworkError(req.op, err);
    }
  };
}
