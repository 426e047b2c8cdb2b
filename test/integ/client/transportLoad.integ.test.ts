/**
 * How the transport loads undici (issue 15): its pool and request API alone, and the public entry point when a later
 * undici moves those files. Every case sends a real request, over a plain Node server on 127.0.0.1, through what
 * loadUndici returns.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { loadUndici, type UndiciParts } from "../../../provider/cos/transport";

let server: http.Server;
let origin: string;

beforeAll(async () => {
  server = http.createServer((req, res) => res.end(`${req.method} ${req.url}`));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function roundTrip(parts: UndiciParts): Promise<string> {
  const pool = new parts.Pool(origin);
  try {
    const res = await parts.request(pool, { path: "/x?tagging", method: "GET" });
    return `${res.statusCode} ${await res.body.text()}`;
  } finally {
    await pool.close();
  }
}

test("by default: the pool and request modules, which send", async () => {
  const asked: string[] = [];
  const parts = loadUndici((id) => (asked.push(id), require(id)));
  expect(asked).toEqual(["undici/lib/dispatcher/pool", "undici/lib/api/api-request"]);
  await expect(roundTrip(parts)).resolves.toBe("200 GET /x?tagging");
});

test("a layout without those files falls back to undici's public entry point", async () => {
  const asked: string[] = [];
  const parts = loadUndici((id) => {
    asked.push(id);
    if (id !== "undici") throw Object.assign(new Error(`Cannot find module '${id}'`), { code: "MODULE_NOT_FOUND" });
    return require(id);
  });
  expect(asked).toEqual(["undici/lib/dispatcher/pool", "undici"]);
  await expect(roundTrip(parts)).resolves.toBe("200 GET /x?tagging");
});

test("files of another shape (not the constructor and function expected) fall back too", async () => {
  const parts = loadUndici((id) => (id === "undici" ? require(id) : { moved: true }));
  await expect(roundTrip(parts)).resolves.toBe("200 GET /x?tagging");
});
