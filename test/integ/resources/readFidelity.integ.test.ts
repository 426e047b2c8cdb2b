/**
 * Refresh never loses what is live (issue 11), over real HTTP: a configuration changed out of band to a form the
 * server accepts but `check` refuses is reported exactly as live — in inputs and outputs — and the drift shows in the
 * next diff. Before, `read` re-validated the live document with the input rules and the value vanished.
 */
import { resources } from "../../../provider";
import type { CosClient } from "../../../provider/cos";
import { type Kind, type Props, type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv(); });
afterAll(async () => { await env.close(); });

const loc = (b: string) => ({ bucket: b, region: "ap-guangzhou" });

const CASES: [string, Kind, (b: string) => Props, (c: CosClient, b: string) => Promise<void>, string][] = [
  ["lifecycle date at noon UTC", "bucketLifecycle",
    (b) => ({ bucket: b, rules: [{ id: "r", expiration: { date: "2031-01-01T00:00:00+08:00" } }] }),
    (c, b) => c.putBucketLifecycle(loc(b), { rules: [{ id: "r", status: "Enabled", expiration: { date: "2031-01-01T12:00:00.000Z" } }] }),
    "2031-01-01T12:00:00.000Z"],
  ["website redirect to http", "website",
    (b) => ({ bucket: b, indexDocument: "index.html", redirectAllRequestsTo: { protocol: "https" } }),
    (c, b) => c.putBucketWebsite(loc(b), { indexDocument: { suffix: "index.html" }, redirectAllRequestsTo: { protocol: "http" } }),
    "http"],
  ["policy resource in any region", "bucketPolicy",
    (b) => ({ bucket: b, policy: { version: "2.0", Statement: [{ Effect: "allow", Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Action: ["name/cos:GetObject"], Resource: [`qcs::cos:ap-guangzhou:uid/1250000000:${b}/*`] }] } }),
    (c, b) => c.putBucketPolicy(loc(b), JSON.stringify({ version: "2.0", Statement: [{ Effect: "allow", Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Action: ["name/cos:GetObject"], Resource: [`qcs::cos:*:uid/1250000000:${b}/*`] }] })),
    "qcs::cos:*:uid/1250000000:"],
];

test.each(CASES)("%s: read reports it as live, and the next diff shows the drift", async (_n, kind, make, drift, value) => {
  const b = env.bucketName("rf");
  await env.client.putBucket(loc(b));
  const news = make(b);
  const created = await env.create(kind, news);
  await drift(env.client, b);
  const r = await resources[kind].read(created.id, created.outs);
  expect(JSON.stringify(r.inputs)).toContain(value);
  expect(JSON.stringify(r.props)).toContain(value);
  // The refreshed state is read back again without losing it (stored state is canonicalised tolerantly too).
  const again = await resources[kind].read(created.id, r.props as Props);
  expect(again.inputs).toEqual(r.inputs);
  const program = await env.check(kind, r.inputs as Props, news);
  expect(await resources[kind].diff(b, r.props as Props, program)).toMatchObject({ changes: true });
});
