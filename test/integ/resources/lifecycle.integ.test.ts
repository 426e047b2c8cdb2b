/**
 * Each provider's full cycle, in process, against the local COS server over real HTTP:
 * create → read (no diff) → update → out-of-band change → read shows the drift → out-of-band removal → read drops it
 * → delete. Assertions are on the provider results *and* on the server's state.
 */
import { resources } from "../../../provider";
import type { CosClient } from "../../../provider/cos";
import { type Kind, type Props, type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv(); });
afterAll(async () => { await env.close(); });

interface Case {
  kind: Kind;
  /** Bucket name → inputs of the first version. */
  first(b: string): Props;
  /** The updated inputs. */
  second(b: string): Props;
  /** What the server must hold after the update. */
  live(client: CosClient, b: string): Promise<unknown>;
  expectLive(live: unknown): void;
  /** An out-of-band change made with the client. */
  drift(client: CosClient, b: string): Promise<void>;
  /** The drifted property name and what read must now report for it. */
  drifted: [string, (v: unknown) => void];
  remove(client: CosClient, b: string): Promise<void>;
  setup?(b: string): Promise<void>;
}

const loc = (b: string) => ({ bucket: b, region: "ap-guangzhou" });
const res = (b: string) => `qcs::cos:ap-guangzhou:uid/1250000000:${b}/*`;
const publicRead = (b: string, action = "name/cos:GetObject") => ({ version: "2.0", Statement: [{ Effect: "allow", Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Action: [action], Resource: [res(b)] }] });

const CASES: Case[] = [
  {
    kind: "bucketCors",
    first: (b) => ({ bucket: b, rules: [{ id: "web", allowedOrigins: ["https://www.example.com"], allowedMethods: ["GET", "HEAD"], maxAgeSeconds: 600 }] }),
    second: (b) => ({ bucket: b, rules: [{ id: "web", allowedOrigins: ["https://www.example.com"], allowedMethods: ["GET", "HEAD"], maxAgeSeconds: 60 }, { allowedOrigins: ["*"], allowedMethods: ["GET"] }] }),
    live: (c, b) => c.getBucketCors(loc(b)),
    expectLive: (l) => expect(l).toMatchObject({ rules: [{ id: "web", maxAgeSeconds: 60 }, { allowedOrigins: ["*"] }] }),
    drift: (c, b) => c.putBucketCors(loc(b), { rules: [{ allowedOrigins: ["*"], allowedMethods: ["PUT"] }] }),
    drifted: ["rules", (v) => expect(v).toEqual([{ allowedOrigins: ["*"], allowedMethods: ["PUT"] }])],
    remove: (c, b) => c.deleteBucketCors(loc(b)),
  },
  {
    kind: "bucketLifecycle",
    first: (b) => ({ bucket: b, rules: [{ id: "logs", filter: { prefix: "logs/" }, expiration: { days: 30 } }] }),
    second: (b) => ({ bucket: b, rules: [{ id: "logs", filter: { prefix: "logs/" }, expiration: { days: 90 } }, { id: "tier", transitions: [{ days: 30, storageClass: "standard_ia" }] }] }),
    live: (c, b) => c.getBucketLifecycle(loc(b)),
    expectLive: (l) => expect((l as { rules: { id: string }[] }).rules.map((r) => r.id).sort()).toEqual(["logs", "tier"]),
    drift: async (c, b) => {
      const cur = (await c.getBucketLifecycle(loc(b)))!;
      await c.putBucketLifecycle(loc(b), { rules: cur.rules.map((r) => (r.id === "logs" ? { ...r, status: "Disabled" as const } : r)) });
    },
    drifted: ["rules", (v) => expect((v as { id: string; status: string }[]).find((r) => r.id === "logs")!.status).toBe("Disabled")],
    remove: (c, b) => c.deleteBucketLifecycle(loc(b)),
  },
  {
    kind: "bucketPolicy",
    first: (b) => ({ bucket: b, policy: publicRead(b) }),
    second: (b) => ({ bucket: b, policy: JSON.stringify(publicRead(b, "name/cos:HeadObject")) }),
    live: async (c, b) => JSON.parse((await c.getBucketPolicy(loc(b)))!),
    expectLive: (l) => expect(JSON.stringify(l)).toContain("name/cos:HeadObject"),
    drift: (c, b) => c.putBucketPolicy(loc(b), JSON.stringify({ ...publicRead(b), Statement: [{ ...publicRead(b).Statement[0], Effect: "deny" }] })),
    drifted: ["policy", (v) => expect(JSON.stringify(v)).toMatch(/"deny"/i)],
    remove: (c, b) => c.deleteBucketPolicy(loc(b)),
  },
  {
    kind: "website",
    first: (b) => ({ bucket: b, indexDocument: "index.html", errorDocument: "404.html" }),
    second: (b) => ({ bucket: b, indexDocument: "index.html", errorDocument: "404.html", routingRules: [{ condition: { keyPrefixEquals: "docs/" }, redirect: { replaceKeyPrefixWith: "documentation/" } }] }),
    live: (c, b) => c.getBucketWebsite(loc(b)),
    expectLive: (l) => expect(l).toMatchObject({ routingRules: [{ condition: { keyPrefixEquals: "docs/" }, redirect: { replaceKeyPrefixWith: "documentation/" } }] }),
    drift: (c, b) => c.putBucketWebsite(loc(b), { indexDocument: { suffix: "default.htm" } }),
    drifted: ["indexDocument", (v) => expect(v).toBe("default.htm")],
    remove: (c, b) => c.deleteBucketWebsite(loc(b)),
  },
  {
    kind: "replication",
    setup: async (b) => {
      await env.client.putBucket({ bucket: `dst${b}`, region: "ap-shanghai" });
      await env.client.putBucketVersioning({ bucket: `dst${b}`, region: "ap-shanghai" }, "Enabled");
      await env.client.putBucketVersioning(loc(b), "Enabled");
    },
    first: (b) => ({ bucket: b, role: "qcs::cam::uin/100000000001:uin/100000000001", rules: [{ id: "all", prefix: "", destination: { bucket: `dst${b}`, region: "ap-shanghai" } }] }),
    second: (b) => ({ bucket: b, role: "qcs::cam::uin/100000000001:uin/100000000001", rules: [{ id: "all", prefix: "", destination: { bucket: `dst${b}`, region: "ap-shanghai", storageClass: "STANDARD_IA" } }] }),
    live: (c, b) => c.getBucketReplication(loc(b)),
    expectLive: (l) => expect(l).toMatchObject({ rules: [{ destination: { bucket: expect.stringMatching(/^qcs::cos:ap-shanghai::dst/), storageClass: "STANDARD_IA" } }] }),
    drift: async (c, b) => c.putBucketReplication(loc(b), { role: "qcs::cam::uin/100000000001:uin/100000000001", rules: [{ id: "all", status: "Disabled", prefix: "", destination: { bucket: `qcs::cos:ap-shanghai::dst${b}` } }] }),
    drifted: ["rules", (v) => expect((v as { status: string }[])[0].status).toBe("Disabled")],
    remove: (c, b) => c.deleteBucketReplication(loc(b)),
  },
];

describe.each(CASES)("$kind full cycle", (tc) => {
  test("create → read → update → drift → removal → delete", async () => {
    const b = env.bucketName(tc.kind.toLowerCase());
    await env.client.putBucket(loc(b));
    await tc.setup?.(b);
    const p = resources[tc.kind];

    const created = await env.create(tc.kind, tc.first(b));
    expect(created.id).toBe(b);
    expect(JSON.stringify(created.outs)).not.toContain(env.secretKey);

    // read right after create: the live state means exactly what was declared
    const r1 = await p.read(created.id, created.outs);
    expect(r1.id).toBe(b);
    expect(await p.diff(b, r1.props as Props, created.inputs)).toMatchObject({ changes: false });

    // update
    const news = await env.check(tc.kind, created.inputs, tc.second(b));
    const d = await p.diff(b, created.outs, news);
    expect(d).toMatchObject({ changes: true, replaces: [] });
    const updated = await p.update(b, created.outs, news);
    tc.expectLive(await tc.live(env.client, b));
    const r2 = await p.read(b, updated.outs as Props);
    expect(await p.diff(b, r2.props as Props, news)).toMatchObject({ changes: false });

    // out-of-band change → read reports it, in outputs and inputs, and the program's inputs now diff
    await tc.drift(env.client, b);
    const r3 = await p.read(b, r2.props as Props);
    const [prop, expectation] = tc.drifted;
    expectation((r3.inputs as Props)[prop]);
    expectation((r3.props as Props)[prop]);
    expect(await p.diff(b, r3.props as Props, news)).toMatchObject({ changes: true });

    // removed out of band → read drops it from state (blank id)
    await tc.remove(env.client, b);
    expect((await p.read(b, r3.props as Props)).id).toBeFalsy();

    // re-create and delete: the configuration is gone, the bucket stays
    const again = await p.create(news);
    await p.delete(again.id, again.outs as Props);
    expect(await tc.live(env.client, b).catch(() => undefined)).toBeUndefined();
    expect(env.server.state.getBucket(b)).toBeDefined();
    await p.delete(again.id, again.outs as Props); // idempotent
  });
});

test("bucket full cycle: create → read → update → drift → delete", async () => {
  const p = resources.bucket;
  const b = env.bucketName("bkt");
  const created = await env.create("bucket", { bucket: b, acl: "public-read", tags: { team: "web" }, versioning: "Enabled", encryption: { algorithm: "AES256" } });
  expect(created.outs).toMatchObject({ bucket: b, appId: env.appId, region: "ap-guangzhou", endpoint: `https://${b}.cos.ap-guangzhou.myqcloud.com`, resourceName: `qcs::cos:ap-guangzhou:uid/${env.appId}:${b}` });
  const rec = env.server.state.getBucket(b)!;
  expect(rec.configs.versioning?.value).toBe("Enabled");
  expect(await env.client.getBucketTagging(loc(b))).toEqual([{ key: "team", value: "web" }]);

  const r1 = await p.read(b, created.outs);
  expect(await p.diff(b, r1.props as Props, created.inputs)).toMatchObject({ changes: false });

  const news = await env.check("bucket", created.inputs, { bucket: b, acl: "private", tags: { team: "web", env: "prod" }, versioning: "Suspended", encryption: { algorithm: "AES256" } });
  await p.update(b, created.outs, news);
  expect(await env.client.getBucketVersioning(loc(b))).toBe("Suspended");
  expect((await env.client.getBucketTagging(loc(b)))!.map((t) => t.key).sort()).toEqual(["env", "team"]);
  expect((await p.read(b, news)).inputs).toMatchObject({ acl: "private" });

  // drift: tags removed and ACL opened in a console
  await env.client.deleteBucketTagging(loc(b));
  await env.client.putBucketAcl(loc(b), { acl: "public-read-write" });
  const r3 = await p.read(b, news);
  expect(r3.inputs).toMatchObject({ acl: "public-read-write", tags: {} });
  expect(await p.diff(b, r3.props as Props, news)).toMatchObject({ changes: true, replaces: [] });

  await p.delete(b, news);
  expect(env.server.state.getBucket(b)).toBeUndefined();
  expect((await p.read(b, news)).id).toBeFalsy(); // gone: dropped from state
  await p.delete(b, news); // already gone: success
});
