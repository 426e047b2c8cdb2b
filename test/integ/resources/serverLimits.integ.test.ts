/**
 * The local COS server enforces the same documented limits as `check` (issue 11): each invalid document, sent with
 * our client straight past the provider's check, is refused over real HTTP with a COS error — and the configuration
 * stays as it was. The valid twin of each is accepted, so the server does not simply refuse everything.
 */
import type { CosClient } from "../../../provider/cos";
import { type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv(); });
afterAll(async () => { await env.close(); });

const R = (b: string) => `qcs::cos:ap-guangzhou:uid/1250000000:${b}/*`;
const statement = (b: string, extra: Record<string, unknown> = {}) => ({ Effect: "allow", Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Action: ["name/cos:GetObject"], Resource: [R(b)], ...extra });
type Loc = { bucket: string; region: string };

interface Row {
  name: string;
  /** The refused write and the COS code it must get. */
  bad: (c: CosClient, l: Loc, dst: string) => Promise<unknown>;
  code: string;
  /** The accepted twin. */
  good: (c: CosClient, l: Loc, dst: string) => Promise<unknown>;
  /** Reads what is configured (to see the refused write changed nothing). */
  get: (c: CosClient, l: Loc) => Promise<unknown>;
}

const origin = (o: string) => ({ rules: [{ allowedOrigins: [o], allowedMethods: ["GET"] }] });
const bigCors = (len: number) => ({ rules: Array.from({ length: 100 }, (_, i) => ({ allowedOrigins: [`https://s${i}.${"x".repeat(len)}.example`], allowedMethods: ["GET"] })) });
const lc = (date: string, tags?: { key: string; value: string }[]) => ({ rules: [{ id: "r", status: "Enabled" as const, filter: tags ? { tags } : undefined, expiration: { date } }] });
const repl = (dst: string, rules: Record<string, unknown>[]) => ({ role: "qcs::cam::uin/100000000001:uin/100000000001", rules: rules.map((r) => ({ status: "Enabled", destination: { bucket: `qcs::cos:ap-shanghai::${dst}` }, ...r })) }) as never;
const site = (redirect: Record<string, string>) => ({ indexDocument: { suffix: "index.html" }, routingRules: [{ condition: { keyPrefixEquals: "a/" }, redirect }] });

const readers = (n: number) => ({ grants: { read: Array.from({ length: n }, (_, i) => `qcs::cam::uin/${100000000100 + i}:uin/${100000000100 + i}`) } });

const ROWS: Row[] = [
  { name: "ACL of more than 100 grants by grant headers (002:L1439)", code: "InvalidArgument", bad: (c, l) => c.putBucketAcl(l, readers(101)), good: (c, l) => c.putBucketAcl(l, readers(97)), get: (c, l) => c.getBucketAcl(l) },
  { name: "CORS origin with two *", code: "InvalidArgument", bad: (c, l) => c.putBucketCors(l, origin("https://*.*.example.com")), good: (c, l) => c.putBucketCors(l, origin("*://static.example.com")), get: (c, l) => c.getBucketCors(l) },
  { name: "CORS body over 64 KB", code: "EntityTooLarge", bad: (c, l) => c.putBucketCors(l, bigCors(700)), good: (c, l) => c.putBucketCors(l, bigCors(500)), get: (c, l) => c.getBucketCors(l) },
  { name: "lifecycle date that does not exist (Feb 30)", code: "InvalidArgument", bad: (c, l) => c.putBucketLifecycle(l, lc("2031-02-30T00:00:00+08:00")), good: (c, l) => c.putBucketLifecycle(l, lc("2031-02-28T00:00:00+08:00")), get: (c, l) => c.getBucketLifecycle(l) },
  { name: "lifecycle tag key with a reserved prefix", code: "InvalidArgument", bad: (c, l) => c.putBucketLifecycle(l, lc("2031-01-01T00:00:00.000Z", [{ key: "qcs:x", value: "1" }])), good: (c, l) => c.putBucketLifecycle(l, lc("2031-01-01T00:00:00.000Z", [{ key: "x", value: "1" }])), get: (c, l) => c.getBucketLifecycle(l) },
  { name: "replication archive replica class", code: "InvalidArgument", bad: (c, l, d) => c.putBucketReplication(l, repl(d, [{ prefix: "a/", destination: { bucket: `qcs::cos:ap-shanghai::${d}`, storageClass: "ARCHIVE" } }])), good: (c, l, d) => c.putBucketReplication(l, repl(d, [{ prefix: "a/", destination: { bucket: `qcs::cos:ap-shanghai::${d}`, storageClass: "STANDARD_IA" } }])), get: (c, l) => c.getBucketReplication(l) },
  { name: "replication duplicate rule ids", code: "InvalidArgument", bad: (c, l, d) => c.putBucketReplication(l, repl(d, [{ id: "x", prefix: "a/" }, { id: "x", prefix: "b/" }])), good: (c, l, d) => c.putBucketReplication(l, repl(d, [{ id: "x", prefix: "a/" }, { id: "y", prefix: "b/" }])), get: (c, l) => c.getBucketReplication(l) },
  { name: "replication duplicate priorities", code: "InvalidArgument", bad: (c, l, d) => c.putBucketReplication(l, repl(d, [{ priority: 1, filter: { prefix: "a/" } }, { priority: 1, filter: { prefix: "b/" } }])), good: (c, l, d) => c.putBucketReplication(l, repl(d, [{ priority: 1, filter: { prefix: "a/" } }, { priority: 2, filter: { prefix: "b/" }, deleteMarkerReplication: "Enabled" }])), get: (c, l) => c.getBucketReplication(l) },
  { name: "replication overlapping filter prefixes", code: "InvalidArgument", bad: (c, l, d) => c.putBucketReplication(l, repl(d, [{ prefix: "logs/" }, { filter: { prefix: "logs/a/" } }])), good: (c, l, d) => c.putBucketReplication(l, repl(d, [{ prefix: "logs/" }, { filter: { prefix: "img/" } }])), get: (c, l) => c.getBucketReplication(l) },
  { name: "website redirect that replaces nothing", code: "InvalidArgument", bad: (c, l) => c.putBucketWebsite(l, site({ protocol: "https" })), good: (c, l) => c.putBucketWebsite(l, site({ protocol: "https", replaceKeyPrefixWith: "b/" })), get: (c, l) => c.getBucketWebsite(l) },
  { name: "website redirect code 200", code: "InvalidArgument", bad: (c, l) => c.putBucketWebsite(l, site({ replaceKeyWith: "b", httpRedirectCode: "200" })), good: (c, l) => c.putBucketWebsite(l, site({ replaceKeyWith: "b", httpRedirectCode: "301" })), get: (c, l) => c.getBucketWebsite(l) },
  { name: "policy with an undocumented condition operator", code: "InvalidPolicyDocument", bad: (c, l) => c.putBucketPolicy(l, JSON.stringify({ version: "2.0", Statement: [statement(l.bucket, { Condition: { ip_in: { "qcs:ip": "10.0.0.0/8" } } })] })), good: (c, l) => c.putBucketPolicy(l, JSON.stringify({ version: "2.0", Statement: [statement(l.bucket, { Condition: { "for_any_value:string_like_if_exist": { "cos:content-type": "image/*" } } })] })), get: (c, l) => c.getBucketPolicy(l) },
  { name: "policy with an unknown principal kind", code: "InvalidPolicyDocument", bad: (c, l) => c.putBucketPolicy(l, JSON.stringify({ version: "2.0", Statement: [statement(l.bucket, { Principal: { user: ["x"] } })] })), good: (c, l) => c.putBucketPolicy(l, JSON.stringify({ version: "2.0", statement: [statement(l.bucket, { Principal: { service: ["cos.qcloud.com"] } })] })), get: (c, l) => c.getBucketPolicy(l) },
];

test.each(ROWS.map((r) => [r.name, r] as const))("%s: refused by the server, nothing changed; the valid twin is accepted", async (_n, row) => {
  const b = env.bucketName("lim");
  const l = { bucket: b, region: "ap-guangzhou" };
  const dst = `dst${b}`;
  await env.client.putBucket(l);
  await env.client.putBucketVersioning(l, "Enabled");
  await env.client.putBucket({ bucket: dst, region: "ap-shanghai" });
  await env.client.putBucketVersioning({ bucket: dst, region: "ap-shanghai" }, "Enabled");
  await row.good(env.client, l, dst);
  const before = await row.get(env.client, l);
  expect(before).toBeDefined();
  const err = await row.bad(env.client, l, dst).then(() => undefined, (e: unknown) => e);
  expect(err).toMatchObject({ code: row.code, statusCode: 400 });
  expect(await row.get(env.client, l)).toEqual(before);
});

test("a bucket tag key Tencent Cloud reserves is refused by the server; an ordinary one is accepted", async () => {
  const l = { bucket: env.bucketName("tag"), region: "ap-guangzhou" };
  await env.client.putBucket(l);
  await env.client.putBucketTagging(l, [{ key: "team", value: "web" }]);
  for (const key of ["qcs:env", "project", "projectId", "qcloud", "tencent"]) {
    const err = await env.client.putBucketTagging(l, [{ key, value: "x" }]).then(() => undefined, (e: unknown) => e);
    expect({ key, err }).toMatchObject({ key, err: { code: "InvalidArgument", statusCode: 400 } });
  }
  expect(await env.client.getBucketTagging(l)).toEqual([{ key: "team", value: "web" }]);
});

test("a lifecycle rule sent without an ID gets one from the server, as COS assigns one", async () => {
  const b = env.bucketName("lid");
  const l = { bucket: b, region: "ap-guangzhou" };
  await env.client.putBucket(l);
  await env.client.putBucketLifecycle(l, { rules: [{ status: "Enabled", expiration: { days: 3 } }, { id: "mine", status: "Enabled", expiration: { days: 4 } }] });
  const live = await env.client.getBucketLifecycle(l);
  const ids = live!.rules.map((r) => r.id);
  expect(ids).toContain("mine");
  expect(ids.filter((x) => x !== "mine")).toEqual([expect.stringMatching(/^\S+$/)]);
});
