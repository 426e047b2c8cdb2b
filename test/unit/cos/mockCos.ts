/**
 * Unit-test helper: an undici MockAgent (net connect disabled) that records every request a CosClient makes to
 * one origin and answers with a scripted responder.
 */
import { MockAgent } from "undici";
import { CosClient, type CosClientOptions } from "../../../provider/cos";

/** A request as the mock saw it. */
export interface Recorded {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** A scripted answer. */
export interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export const LOC = { bucket: "examplebucket-1250000000", region: "ap-guangzhou" };
export const COS_HOST = "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com";
export const CREDS = { secretId: "AKIDEXAMPLE", secretKey: "TopSecretKeyValue12345" };

function bodyBuffer(body: unknown): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  return Buffer.from(String(body));
}

const agents: MockAgent[] = [];

/** Closes every MockAgent created so far (call in `afterAll`). */
export async function closeMockAgents(): Promise<void> {
  await Promise.all(agents.splice(0).map((a) => a.close()));
}

/** Creates a MockAgent-backed client; `respond` decides each reply (default 200 empty). */
export function mockCos(
  respond: (req: Recorded) => Reply = () => ({ status: 200 }),
  options: CosClientOptions = {},
  origin = `https://${COS_HOST}`,
): { client: CosClient; requests: Recorded[]; agent: MockAgent } {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agents.push(agent);
  const requests: Recorded[] = [];
  agent
    .get(origin)
    .intercept({ path: () => true, method: () => true })
    .reply((opts) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries((opts.headers ?? {}) as Record<string, string>)) headers[k.toLowerCase()] = String(v);
      const rec: Recorded = { method: opts.method, path: opts.path, headers, body: bodyBuffer(opts.body) };
      requests.push(rec);
      const r = respond(rec);
      return { statusCode: r.status, data: r.body ?? "", responseOptions: { headers: { "x-cos-request-id": "rid-1", ...r.headers } } };
    })
    .persist();
  const client = new CosClient({ credentials: CREDS, dispatcher: agent, retry: { maxAttempts: 1 }, ...options });
  return { client, requests, agent };
}

/** The `q-*` pairs of an Authorization header as a map. */
export function authPairs(auth: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (auth ?? "").split("&")) {
    const i = part.indexOf("=");
    out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}
