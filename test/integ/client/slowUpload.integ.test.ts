/**
 * A body that takes longer to send than `requestMs`. The time limit is documented as the wait for the response
 * headers (and the longest pause between chunks), but a Buffer body is handed to the socket in one write and
 * undici arms its headers timer right away, so the time the kernel spends draining the upload counts against it:
 * an 8 MiB part over a few Mbit/s uplink (four in parallel) timed out on every attempt, although the bytes kept
 * flowing and COS would have answered at once.
 */
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { closeAllPools, CosClient } from "../../../provider/cos";

const LOC = { bucket: "examplebucket-1250000000", region: "ap-guangzhou" };

const sockets: Socket[] = [];

/** A server that reads request bodies at `bytesPerSec`, answering 200 once the whole body arrived. */
function slowReader(bytesPerSec: number): Promise<{ server: Server; endpoint: string }> {
  const server = createServer((sock: Socket) => {
    sockets.push(sock);
    let buf = Buffer.alloc(0);
    let need = -1;
    let got = 0;
    const onData = (chunk: Buffer): void => {
      if (need < 0) {
        buf = Buffer.concat([buf, chunk]);
        const end = buf.indexOf("\r\n\r\n");
        if (end < 0) return;
        need = Number(/content-length:\s*(\d+)/i.exec(buf.subarray(0, end).toString("latin1"))?.[1] ?? 0);
        got = buf.length - end - 4;
      } else got += chunk.length;
      // Throttle: pause for the time this chunk "costs" at the given rate.
      sock.pause();
      if (bytesPerSec > 0) setTimeout(() => sock.resume(), Math.ceil((chunk.length / bytesPerSec) * 1000));
      if (got >= need) {
        sock.write("HTTP/1.1 200 OK\r\ncontent-length: 0\r\nx-cos-request-id: slow\r\n\r\n");
        need = -1;
        buf = Buffer.alloc(0);
      }
    };
    sock.on("data", onData);
    sock.on("error", () => undefined);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })),
  );
}

let srv: { server: Server; endpoint: string };
let stalled: { server: Server; endpoint: string };
beforeAll(async () => {
  srv = await slowReader(8 * 1024 * 1024);
  stalled = await slowReader(0); // reads the first chunk, then nothing more
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await closeAllPools();
  await new Promise((r) => srv.server.close(r));
  await new Promise((r) => stalled.server.close(r));
});
const client = (endpoint: string) =>
  new CosClient({ credentials: { secretId: "AKIDSLOW", secretKey: "SlowKey" }, endpoint, retry: { maxAttempts: 1 }, timeouts: { requestMs: 1000 } });

test("an upload that keeps flowing is not cut off by the response-headers time limit", async () => {
  const body = Buffer.alloc(24 * 1024 * 1024, 7); // ≈ 3 s at 8 MiB/s
  const started = Date.now();
  await expect(client(srv.endpoint).putObject(LOC, "big.bin", body)).resolves.toEqual({ etag: "" });
  expect(Date.now() - started).toBeGreaterThan(1500); // the upload really took longer than requestMs
}, 30_000);

test("an upload that stalls still times out", async () => {
  const body = Buffer.alloc(24 * 1024 * 1024, 7);
  const started = Date.now();
  await expect(client(stalled.endpoint).putObject(LOC, "big.bin", body)).rejects.toMatchObject({ name: "CosNetworkError", code: "UND_ERR_HEADERS_TIMEOUT" });
  expect(Date.now() - started).toBeLessThan(10_000);
}, 30_000);
