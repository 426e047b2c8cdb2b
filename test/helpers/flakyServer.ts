/**
 * A tiny HTTP server on 127.0.0.1:0 that misbehaves on a schedule (undici `test/retry-handler.js` style): each
 * request consumes the next step — drop the socket, hang, or reply — and is recorded so tests can assert on what
 * the client sent. It checks nothing about signatures (that is the COS server's job).
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** What to do with one request. */
export type FlakyStep =
  | { kind: "drop" }
  | { kind: "hang" }
  | { kind: "reply"; status: number; headers?: Record<string, string>; body?: string | ((received: ReceivedRequest) => string) };

/** A request as received. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Remote port of the client socket (same port = reused keep-alive connection). */
  remotePort: number;
}

/** Handle of a running flaky server. */
export interface FlakyServer {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  received: ReceivedRequest[];
  /** Replaces the remaining schedule. */
  schedule(steps: FlakyStep[]): void;
  close(): Promise<void>;
}

/** Convenience: an XML error reply. */
export function errorReply(status: number, code: string, message: string, headers: Record<string, string> = {}): FlakyStep {
  const body = `<?xml version='1.0' encoding='utf-8' ?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>req-${code}</RequestId><TraceId>trace-${code}</TraceId></Error>`;
  return { kind: "reply", status, headers: { "content-type": "application/xml", "x-cos-request-id": `req-${code}`, ...headers }, body };
}

/** Starts the server; requests beyond the schedule get `fallback` (default 200 empty). */
export async function startFlakyServer(
  steps: FlakyStep[] = [],
  fallback: FlakyStep = { kind: "reply", status: 200 },
): Promise<FlakyServer> {
  let queue = [...steps];
  const received: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rec: ReceivedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks),
        remotePort: req.socket.remotePort ?? 0,
      };
      received.push(rec);
      const step = queue.shift() ?? fallback;
      if (step.kind === "drop") {
        req.socket.destroy();
        return;
      }
      if (step.kind === "hang") return; // never answer; the client's timeout must fire
      const body = typeof step.body === "function" ? step.body(rec) : (step.body ?? "");
      res.writeHead(step.status, { "content-length": String(Buffer.byteLength(body)), ...step.headers });
      res.end(req.method === "HEAD" ? undefined : body);
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    received,
    schedule: (s) => {
      queue = [...s];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const s of sockets) s.destroy();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
