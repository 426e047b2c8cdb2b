/**
 * Loopback-only admin endpoint for the CLI: `GET /-/faults`, `POST /-/faults/<name>` with a JSON body of
 * arguments (`{"n":2,"status":503,"code":"SlowDown"}`, `{"ms":500}`), `POST /-/faults/reset`,
 * `GET /-/requests`, `POST /-/requests/reset`. Bucket names cannot start with `-`, so these paths never
 * collide with path-style bucket requests; virtual-hosted requests never reach here.
 */
import type * as http from "node:http";
import type { FailSpec, FaultMatch } from "./faults";
import type { Route } from "./router";
import type { ServerDeps } from "./server";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

function reply(res: http.ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), Server: "tencent-cos" });
  res.end(body);
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (text === "") return {};
  const v: unknown = JSON.parse(text);
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error("body must be a JSON object");
  return v as Record<string, unknown>;
}

function num(args: Record<string, unknown>, name: string, fallback?: number): number {
  const v = args[name] ?? fallback;
  if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`"${name}" must be a number`);
  return v;
}

function match(args: Record<string, unknown>): FaultMatch | undefined {
  const m: FaultMatch = {};
  if (typeof args.method === "string") m.method = args.method;
  if (typeof args.subresource === "string") m.subresource = args.subresource;
  if (typeof args.bucket === "string") m.bucket = args.bucket;
  return Object.keys(m).length ? m : undefined;
}

/** Serves one admin request. */
export async function handleAdmin(deps: ServerDeps, req: http.IncomingMessage, res: http.ServerResponse, rt: Route): Promise<void> {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? "")) return reply(res, 403, { error: "admin endpoint is loopback-only" });
  const { faults, state } = deps;
  const method = req.method ?? "GET";
  try {
    const args = await readJson(req);
    const p = rt.rawPath;
    if (method === "GET" && p === "/-/faults") return reply(res, 200, faults.describe());
    if (method === "GET" && p === "/-/requests") return reply(res, 200, { count: state.requestCount, requests: state.requests });
    if (method === "POST" && p === "/-/requests/reset") {
      state.resetRequestLog();
      return reply(res, 200, { ok: true });
    }
    const op = /^\/-\/faults\/([A-Za-z]+)$/.exec(p)?.[1];
    if (method !== "POST" || op === undefined) return reply(res, 404, { error: `unknown admin path ${method} ${p}` });
    switch (op) {
      case "failNext": {
        const spec: FailSpec = { ...match(args), status: num(args, "status", 503), code: typeof args.code === "string" ? args.code : "SlowDown" };
        if (typeof args.message === "string") spec.message = args.message;
        if (args.retryAfter !== undefined) spec.retryAfter = num(args, "retryAfter");
        faults.failNext(num(args, "n", 1), spec);
        break;
      }
      case "dropNext":
        faults.dropNext(num(args, "n", 1), match(args));
        break;
      case "dropAfterServingNext":
        faults.dropAfterServingNext(num(args, "n", 1), match(args));
        break;
      case "latency":
        faults.latency(num(args, "ms"), match(args));
        break;
      case "latencyNext":
        faults.latencyNext(num(args, "n", 1), num(args, "ms"), match(args));
        break;
      case "hideNewBuckets":
        faults.hideNewBuckets(num(args, "ms"));
        break;
      case "staleReads":
        faults.staleReads(num(args, "ms"));
        break;
      case "skewClock":
        faults.skewClock(num(args, "ms"));
        break;
      case "reset":
        faults.reset();
        break;
      default:
        return reply(res, 404, { error: `unknown fault ${op}` });
    }
    return reply(res, 200, faults.describe());
  } catch (err) {
    return reply(res, 400, { error: (err as Error).message });
  }
}
