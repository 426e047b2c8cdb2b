/**
 * The HTTP layer: common response headers (digest §3.2), the `<Error>` body (§4.1), fault injection,
 * signature verification, persistence after writes, the request log and the loopback admin endpoint.
 */
import { createHash, randomBytes } from "node:crypto";
import * as http from "node:http";
import { SIGNATURE_EMPTY, identifyUnverified, verifyRequest } from "./auth";
import { handleAdmin } from "./admin";
import type { CosResponse, Ctx } from "./context";
import { dispatch } from "./dispatch";
import { CosError, accessDenied } from "./errors";
import type { Faults } from "./faults";
import { route, type Route } from "./router";
import { websiteTarget } from "./websiteEndpoint";
import { serveWebsite } from "./websiteHosting";
import type { State } from "./state";
import type { Account } from "./types";
import { buildXml } from "./xml";

/** Configuration of {@link createCosHttpServer}. */
export interface ServerDeps {
  readonly state: State;
  readonly faults: Faults;
  readonly accounts: readonly Account[];
  readonly verifySignatures: boolean;
  readonly defaultRegion: string;
}

let counter = 0;
/** A unique, base64-looking request id like COS's `NTg3NzRiMjVfYmRjMzVfMTViMl82ZGZmNw==`. */
function newRequestId(): string {
  counter = (counter + 1) % 0xffffffff;
  return Buffer.from(`${Date.now().toString(16)}_${counter.toString(16)}_${randomBytes(3).toString("hex")}`).toString("base64");
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function errorResponse(err: unknown, rt: { host: string; rawPath: string }, requestId: string): CosResponse & { code: string } {
  const e = err instanceof CosError ? err : new CosError(500, "InternalError", "We encountered an internal error. Please try again.");
  if (!(err instanceof CosError)) process.stderr.write(`cos-server: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
  const traceId = randomBytes(24).toString("base64");
  const body = buildXml("Error", {
    Code: e.code,
    Message: e.message,
    Resource: `${rt.host.replace(/:\d+$/, "")}${rt.rawPath}`,
    RequestId: requestId,
    TraceId: traceId,
  });
  return { status: e.status, body, contentType: "application/xml", headers: { ...e.headers, "x-cos-trace-id": traceId }, code: e.code };
}

/**
 * The APIs an anonymous request may reach, each deciding from the ACLs itself: GET/HEAD Object (public objects),
 * GET Bucket (a public-read bucket, 002:L1100), the object writes and POST ?delete (a public-read-write bucket,
 * 002:L4655, L3400), and CORS preflight.
 */
function anonymousAllowed(rt: Route, method: string): boolean {
  if (method === "OPTIONS") return true;
  if (rt.target.kind !== "bucket") return false;
  const sub = rt.subresource;
  if (rt.target.key === "") return (sub === "" && method === "GET") || (sub === "delete" && method === "POST");
  if (sub === "") return ["GET", "HEAD", "PUT", "DELETE"].includes(method);
  return (sub === "uploads" && method === "POST") || (sub === "uploadId" && method !== "GET") || (sub === "append" && method === "POST");
}

/** Handles one API request after routing; returns the response to write. */
async function serve(deps: ServerDeps, req: http.IncomingMessage, rt: Route, body: Buffer): Promise<CosResponse> {
  const method = (req.method ?? "GET").toUpperCase();
  const md5 = req.headers["content-md5"];
  // Content-MD5, when present, is always verified (digest §7 C32).
  if (typeof md5 === "string" && createHash("md5").update(body).digest("base64") !== md5.trim()) {
    throw new CosError(400, "InvalidDigest", "The Content-MD5 you specified did not match what we received.");
  }
  const signed = { method, httpUri: rt.httpUri, headers: req.headers, query: rt.query };
  const caller = deps.verifySignatures
    ? verifyRequest(signed, deps.accounts, deps.faults.now())
    : identifyUnverified(signed, deps.accounts);
  const target = rt.target;
  if (!caller) {
    // Anonymous access only for public resources (002:L171, L339) and CORS preflight; checked by the handler.
    if (!anonymousAllowed(rt, method)) throw accessDenied(SIGNATURE_EMPTY);
  }
  const ctx: Ctx = {
    method,
    route: rt,
    bucketName: target.kind === "bucket" ? target.bucket : "",
    key: target.kind === "bucket" ? target.key : "",
    headers: req.headers,
    rawHeaders: req.rawHeaders,
    body,
    caller,
    state: deps.state,
    faults: deps.faults,
    defaultRegion: deps.defaultRegion,
  };
  const res = await dispatch(ctx);
  if (res.status < 300 && (method === "PUT" || method === "POST" || method === "DELETE")) await deps.state.persist();
  return res;
}

function write(res: http.ServerResponse, method: string, requestId: string, now: number, r: CosResponse): void {
  const body = r.body === undefined ? undefined : typeof r.body === "string" ? Buffer.from(r.body, "utf8") : r.body;
  res.statusCode = r.status;
  res.sendDate = false;
  res.setHeader("Server", "tencent-cos");
  res.setHeader("Date", new Date(now).toUTCString());
  res.setHeader("x-cos-request-id", requestId);
  res.setHeader("Content-Type", r.contentType ?? "application/xml");
  for (const [k, v] of Object.entries(r.headers ?? {})) res.setHeader(k, v);
  if (!res.hasHeader("Content-Length")) res.setHeader("Content-Length", String(body?.length ?? 0));
  if (method === "HEAD" || body === undefined || r.status === 204 || r.status === 304) res.end();
  else res.end(body);
}

/** Creates (but does not start) the HTTP server. */
export function createCosHttpServer(deps: ServerDeps): http.Server {
  const server = http.createServer((req, res) => {
    void handleRequest(deps, req, res);
  });
  server.keepAliveTimeout = 30_000;
  return server;
}

async function handleRequest(deps: ServerDeps, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const requestId = newRequestId();
  const method = (req.method ?? "GET").toUpperCase();
  const host = req.headers.host ?? "";
  const url = req.url ?? "/";
  // The static website endpoint shares the socket: chosen by Host, custom domain or the /-/website/ alias.
  const site = websiteTarget(deps.state, host, url);
  if (site) {
    serveWebsite(deps, req, res, site, requestId);
    return;
  }
  let rt: Route;
  try {
    rt = route(host, url);
  } catch (err) {
    const q = url.indexOf("?");
    write(res, method, requestId, deps.faults.now(), errorResponse(err, { host, rawPath: q < 0 ? url : url.slice(0, q) }, requestId));
    return;
  }
  if (rt.plainHost && rt.rawPath.startsWith("/-/")) {
    await handleAdmin(deps, req, res, rt);
    return;
  }
  const bucket = rt.target.kind === "bucket" ? rt.target.bucket : undefined;
  const key = rt.target.kind === "bucket" && rt.target.key !== "" ? rt.target.key : undefined;
  const log = (status: number, code?: string): void =>
    deps.state.logRequest({ method, host, path: rt.rawPath, subresource: rt.subresource, status, bucket, key, code, requestId });
  const fr = { method, subresource: rt.subresource, bucket };
  if (deps.faults.takeDrop(fr)) {
    log(0, "DroppedConnection");
    req.socket.destroy();
    return;
  }
  const delay = deps.faults.delayFor(fr);
  let response: CosResponse & { code?: string };
  try {
    const body = await readBody(req);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const fail = deps.faults.takeFailure(fr);
    if (fail) {
      const headers: Record<string, string> = fail.retryAfter !== undefined ? { "Retry-After": String(fail.retryAfter) } : {};
      throw new CosError(fail.status, fail.code, fail.message ?? `Injected fault: ${fail.code}`, headers);
    }
    response = await serve(deps, req, rt, body);
  } catch (err) {
    response = errorResponse(err, rt, requestId);
  }
  if (deps.faults.takeDropAfterServing(fr)) {
    log(response.status, "DroppedAfterServing");
    req.socket.destroy();
    return;
  }
  log(response.status, response.code);
  if (!res.destroyed) write(res, method, requestId, deps.faults.now(), response);
}
