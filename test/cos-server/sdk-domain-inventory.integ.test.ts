/**
 * Custom domain, inventory and global acceleration through the official SDK over real HTTP, their documented
 * errors (409/451 for domains, TooManyConfigurations for inventory), paging, and persistence of the new state.
 */
import type COS from "cos-nodejs-sdk-v5";
import { createHash } from "node:crypto";
import { promises as fsp } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type CosServer, startCosServer } from "./index";
import { REGION, raw, sdkClient, sdkError } from "./testkit";

let server: CosServer;
let cos: COS;
let n = 0;
async function bucket(region = REGION): Promise<{ Bucket: string; Region: string }> {
  const b = { Bucket: `newcfg${++n}-1250000000`, Region: region };
  await cos.putBucket(b);
  return b;
}

beforeAll(async () => {
  server = await startCosServer({ accounts: [{}, {}] });
  cos = sdkClient(server);
});
afterAll(() => server.close());

describe("custom domain (?domain)", () => {
  const rules: COS.DomainRule[] = [
    { Status: "DISABLED", Name: "www.testDomain1.com", Type: "REST" },
    { Status: "ENABLED", Name: "site.example.org", Type: "WEBSITE" },
  ];

  it("round-trips the rules, adds the TXT verification header, and DELETE removes every domain", async () => {
    const b = await bucket();
    expect(await sdkError(cos.getBucketDomain(b))).toMatchObject({ statusCode: 404, code: "NoSuchDomainConfiguration" });
    await cos.putBucketDomain({ ...b, DomainRule: rules });
    const got = await cos.getBucketDomain(b);
    expect(got.DomainRule).toEqual(rules);
    const rec = server.state.getBucket(b.Bucket)!;
    const expected = createHash("md5").update(`cos${REGION}${b.Bucket}${new Date(rec.creationDate).toUTCString()}`).digest("hex");
    expect(got.headers?.["x-cos-domain-txt-verification"]).toBe(expected);
    // PUT replaces the whole configuration; re-binding a domain the bucket already has is not a conflict.
    await cos.putBucketDomain({ ...b, DomainRule: [rules[1]] });
    expect((await cos.getBucketDomain(b)).DomainRule).toEqual([rules[1]]);
    await cos.deleteBucketDomain(b);
    expect(server.state.getConfig(b.Bucket, "domain")).toBeUndefined();
    expect(await sdkError(cos.deleteBucketDomain({ Bucket: "nosuch-1250000000", Region: REGION }))).toMatchObject({ statusCode: 404, code: "NoSuchBucket" });
  });

  it("stores Status upper-case whatever the SDK page's spelling (Enabled)", async () => {
    const b = await bucket();
    await cos.putBucketDomain({ ...b, DomainRule: [{ Status: "Enabled" as "ENABLED", Name: "mixed.example.com", Type: "ACCELERATE" as "REST" }] });
    expect((await cos.getBucketDomain(b)).DomainRule).toEqual([{ Status: "ENABLED", Name: "mixed.example.com", Type: "ACCELERATE" }]);
  });

  it("409 for a domain bound to another bucket (any account) unless ForcedReplacement, which moves it", async () => {
    const first = await bucket();
    await cos.putBucketDomain({ ...first, DomainRule: [{ Status: "ENABLED", Name: "taken.example.com", Type: "REST" }, { Status: "ENABLED", Name: "keep.example.com", Type: "REST" }] });
    const other = sdkClient(server, server.accounts[1]);
    const second = { Bucket: `newcfg${++n}-1250000001`, Region: REGION };
    await other.putBucket(second);
    const conflict = await sdkError(other.putBucketDomain({ ...second, DomainRule: [{ Status: "ENABLED", Name: "TAKEN.example.com", Type: "REST" }] }));
    expect(conflict).toMatchObject({ statusCode: 409, code: "DomainConflict" });
    expect(server.state.getConfig(second.Bucket, "domain")).toBeUndefined();
    await other.putBucketDomain({ ...second, DomainRule: [{ Status: "ENABLED", Name: "taken.example.com", Type: "REST", ForcedReplacement: "CNAME" }] });
    expect((await cos.getBucketDomain(first)).DomainRule).toEqual([{ Status: "ENABLED", Name: "keep.example.com", Type: "REST" }]);
    expect((await other.getBucketDomain(second)).DomainRule).toEqual([{ Status: "ENABLED", Name: "taken.example.com", Type: "REST", ForcedReplacement: "CNAME" }]);
  });

  it("409 for ForcedReplacement of a domain bound nowhere", async () => {
    const b = await bucket();
    const e = await sdkError(cos.putBucketDomain({ ...b, DomainRule: [{ Status: "ENABLED", Name: "free.example.com", Type: "REST", ForcedReplacement: "TXT" }] }));
    expect(e).toMatchObject({ statusCode: 409, code: "DomainConflict" });
  });

  it("451 for a domain without ICP filing on a mainland bucket, not on an overseas one", async () => {
    server.state.unfiledDomains.add("unfiled.example.net");
    const mainland = await bucket("ap-beijing");
    const e = await sdkError(cos.putBucketDomain({ ...mainland, DomainRule: [{ Status: "ENABLED", Name: "www.unfiled.example.net", Type: "WEBSITE" }] }));
    expect(e).toMatchObject({ statusCode: 451, code: "DomainNotFiled" });
    const overseas = await bucket("ap-singapore");
    await cos.putBucketDomain({ ...overseas, DomainRule: [{ Status: "ENABLED", Name: "www.unfiled.example.net", Type: "WEBSITE" }] });
  });

  it.each([
    ["a bad Type", "<DomainRule><Status>ENABLED</Status><Name>a.example.com</Name><Type>CDN</Type></DomainRule>", 400, "InvalidArgument"],
    ["a bad Status", "<DomainRule><Status>ON</Status><Name>a.example.com</Name><Type>REST</Type></DomainRule>", 400, "InvalidArgument"],
    ["a bad name", "<DomainRule><Status>ENABLED</Status><Name>not a domain</Name><Type>REST</Type></DomainRule>", 400, "InvalidArgument"],
    ["a missing Name", "<DomainRule><Status>ENABLED</Status><Type>REST</Type></DomainRule>", 400, "MalformedXML"],
    ["no rule", "", 400, "MalformedXML"],
  ])("rejects %s", async (_name, inner, status, code) => {
    const b = await bucket();
    const r = await raw(server, { method: "PUT", bucket: b.Bucket, query: { domain: "" }, body: `<DomainConfiguration>${inner}</DomainConfiguration>` });
    expect(r).toMatchObject({ status, code });
  });
});

describe("inventory (?inventory)", () => {
  const config = (id: string, extra: Record<string, unknown> = {}) => ({
    Id: id,
    IsEnabled: "true",
    Destination: { COSBucketDestination: { Format: "CSV", AccountId: "100000000001", Bucket: `qcs::cos:${REGION}::target-1250000000`, Prefix: "inv", Encryption: { SSECOS: "" } } },
    Schedule: { Frequency: "Daily" },
    Filter: { Prefix: "logs/" },
    IncludedObjectVersions: "All",
    OptionalFields: ["Size", "ETag"],
    ...extra,
  });

  it("puts, gets (SSE-COS on the wire), lists and deletes configurations by id", async () => {
    const b = await bucket();
    await cos.putBucketInventory({ ...b, Id: "daily", InventoryConfiguration: config("daily") as never });
    const wire = await raw(server, { method: "GET", bucket: b.Bucket, query: { inventory: "", id: "daily" } });
    expect(wire.body).toContain("<Encryption><SSE-COS/></Encryption>");
    expect(wire.body).toContain("<OptionalFields><Field>Size</Field><Field>ETag</Field></OptionalFields>");
    expect((await cos.getBucketInventory({ ...b, Id: "daily" })).InventoryConfiguration).toEqual(config("daily"));
    const weekly = config("weekly", { Schedule: { Frequency: "Weekly" }, IncludedObjectVersions: "Current" });
    delete (weekly.Destination.COSBucketDestination as { Encryption?: unknown }).Encryption;
    await cos.putBucketInventory({ ...b, Id: "weekly", InventoryConfiguration: weekly as never });
    const list = await cos.listBucketInventory(b);
    expect(list.InventoryConfigurations.map((c: { Id: string }) => c.Id)).toEqual(["daily", "weekly"]);
    expect(list.InventoryConfigurations[1]).toEqual(weekly);
    expect(list.IsTruncated).toBe("false");
    await cos.deleteBucketInventory({ ...b, Id: "daily" });
    expect(await sdkError(cos.getBucketInventory({ ...b, Id: "daily" }))).toMatchObject({ statusCode: 404, code: "NoSuchInventoryConfiguration" });
    expect(Object.keys(server.state.getConfig(b.Bucket, "inventory") ?? {})).toEqual(["weekly"]);
  });

  it("pages the list with continuation tokens", async () => {
    const b = await bucket();
    const all = server.state.getBucket(b.Bucket)!;
    const ids = Array.from({ length: 130 }, (_, i) => `id${String(i).padStart(3, "0")}`);
    // 130 PUTs through the SDK would only be slow; the last two go through HTTP to check the stored shape matches.
    for (const id of ids.slice(0, 128)) {
      await raw(server, { method: "PUT", bucket: b.Bucket, query: { inventory: "", id }, body: inventoryXml(id) });
    }
    for (const id of ids.slice(128)) await cos.putBucketInventory({ ...b, Id: id, InventoryConfiguration: config(id) as never });
    expect(Object.keys(all.configs.inventory!.value!)).toHaveLength(130);
    const first = await cos.listBucketInventory(b);
    expect(first.InventoryConfigurations).toHaveLength(100);
    expect(first.IsTruncated).toBe("true");
    const next = first.NextContinuationToken!;
    const second = await cos.listBucketInventory({ ...b, ContinuationToken: next } as COS.ListBucketInventoryParams);
    expect(second.ContinuationToken).toBe(next);
    expect(second.IsTruncated).toBe("false");
    const pages = [first, second].flatMap((p) => p.InventoryConfigurations as { Id: string }[]);
    expect(pages.map((c) => c.Id)).toEqual(ids);
    expect(await raw(server, { method: "GET", bucket: b.Bucket, query: { inventory: "", "continuation-token": "!!" } })).toMatchObject({ status: 400, code: "InvalidArgument" });
  });

  it("400 TooManyConfigurations beyond 1,000 per bucket, replacing an existing id still allowed", async () => {
    const b = await bucket();
    const rec = server.state.getBucket(b.Bucket)!;
    const many = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`c${i}`, { Id: `c${i}` }]));
    server.state.writeConfig(rec, "inventory", many, Date.now());
    expect(await raw(server, { method: "PUT", bucket: b.Bucket, query: { inventory: "", id: "one-more" }, body: inventoryXml("one-more") })).toMatchObject({ status: 400, code: "TooManyConfigurations" });
    expect(await raw(server, { method: "PUT", bucket: b.Bucket, query: { inventory: "", id: "c7" }, body: inventoryXml("c7") })).toMatchObject({ status: 200 });
  });

  it.each([
    ["no id parameter", {}, inventoryXml("x"), "InvalidArgument"],
    ["an id differing from the body", { id: "y" }, inventoryXml("x"), "InvalidArgument"],
    ["a bad id", { id: "a b" }, inventoryXml("a b"), "InvalidArgument"],
    ["a bad frequency", { id: "x" }, inventoryXml("x").replace("Daily", "Hourly"), "InvalidArgument"],
    ["a bad field", { id: "x" }, inventoryXml("x").replace("<Field>Size</Field>", "<Field>Colour</Field>"), "InvalidArgument"],
    ["a bad destination", { id: "x" }, inventoryXml("x").replace("qcs::cos:", "arn:"), "InvalidArgument"],
    ["no Schedule", { id: "x" }, inventoryXml("x").replace("<Schedule><Frequency>Daily</Frequency></Schedule>", ""), "MalformedXML"],
  ])("rejects %s", async (_name, q: Record<string, string>, body, code) => {
    const b = await bucket();
    expect(await raw(server, { method: "PUT", bucket: b.Bucket, query: { inventory: "", ...q }, body })).toMatchObject({ status: 400, code });
    expect(server.state.getConfig(b.Bucket, "inventory")).toBeUndefined();
  });
});

describe("global acceleration (?accelerate)", () => {
  it("is an empty configuration until set, then Enabled / Suspended", async () => {
    const b = await bucket();
    expect((await accelerate(cos, b))).toEqual({});
    await cos.putBucketAccelerate({ ...b, AccelerateConfiguration: { Status: "Enabled" } });
    expect((await accelerate(cos, b))).toMatchObject({ Status: "Enabled" });
    await cos.putBucketAccelerate({ ...b, AccelerateConfiguration: { Status: "Suspended" } });
    expect((await accelerate(cos, b))).toMatchObject({ Status: "Suspended" });
    expect(server.state.getConfig(b.Bucket, "accelerate")).toEqual({ Status: "Suspended", Type: "COS" });
  });

  it("serves <bucket>.cos.accelerate.myqcloud.com only while acceleration is Enabled", async () => {
    const b = await bucket("ap-beijing");
    await cos.putObject({ ...b, Key: "k.txt", Body: "fast" });
    const fast = sdkClient(server, server.accounts[0], { UseAccelerate: true });
    expect(await sdkError(fast.getObject({ ...b, Key: "k.txt" }))).toMatchObject({ statusCode: 400, code: "InvalidRequest" });
    await cos.putBucketAccelerate({ ...b, AccelerateConfiguration: { Status: "Enabled" } });
    server.resetRequestLog();
    expect((await fast.getObject({ ...b, Key: "k.txt" })).Body.toString()).toBe("fast");
    expect(server.requests[0].host).toBe(`${b.Bucket}.cos.accelerate.myqcloud.com`);
    await cos.putBucketAccelerate({ ...b, AccelerateConfiguration: { Status: "Suspended" } });
    expect(await sdkError(fast.getObject({ ...b, Key: "k.txt" }))).toMatchObject({ statusCode: 400, code: "InvalidRequest" });
  });

  it.each([
    ["a bad Status", "<Status>On</Status>", "MalformedXML"],
    ["no Status", "<Type>COS</Type>", "MalformedXML"],
    ["a bad Type", "<Status>Enabled</Status><Type>CDN</Type>", "InvalidArgument"],
  ])("rejects %s; there is no DELETE", async (_name, inner, code) => {
    const b = await bucket();
    expect(await raw(server, { method: "PUT", bucket: b.Bucket, query: { accelerate: "" }, body: `<AccelerateConfiguration>${inner}</AccelerateConfiguration>` })).toMatchObject({ status: 400, code });
    expect(await raw(server, { method: "DELETE", bucket: b.Bucket, query: { accelerate: "" } })).toMatchObject({ status: 405 });
  });
});

describe("persistence of domain, inventory and acceleration", () => {
  it("survives a restart on the same data directory", async () => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "cos-server-newcfg-"));
    try {
      const first = await startCosServer({ dataDir: dir });
      const c1 = sdkClient(first);
      const b = { Bucket: "persist-new-1250000000", Region: REGION };
      await c1.putBucket(b);
      await c1.putBucketDomain({ ...b, DomainRule: [{ Status: "ENABLED", Name: "p.example.com", Type: "REST" }] });
      await c1.putBucketInventory({ ...b, Id: "p", InventoryConfiguration: { Id: "p", IsEnabled: "false", Destination: { COSBucketDestination: { Format: "CSV", Bucket: `qcs::cos:${REGION}::${b.Bucket}` } }, Schedule: { Frequency: "Weekly" }, IncludedObjectVersions: "Current" } as never });
      await c1.putBucketAccelerate({ ...b, AccelerateConfiguration: { Status: "Enabled" } });
      await first.close();
      const second = await startCosServer({ dataDir: dir });
      try {
        const c2 = sdkClient(second);
        expect((await c2.getBucketDomain(b)).DomainRule).toEqual([{ Status: "ENABLED", Name: "p.example.com", Type: "REST" }]);
        expect((await c2.getBucketInventory({ ...b, Id: "p" })).InventoryConfiguration).toMatchObject({ Id: "p", IsEnabled: "false" });
        expect((await accelerate(c2, b))).toMatchObject({ Status: "Enabled" });
      } finally {
        await second.close();
      }
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });
});

/** The SDK resolves getBucketAccelerate with the parsed body, which its typings do not declare. */
async function accelerate(client: COS, b: { Bucket: string; Region: string }): Promise<Record<string, string>> {
  return ((await client.getBucketAccelerate(b)) as unknown as { AccelerateConfiguration: Record<string, string> }).AccelerateConfiguration;
}

function inventoryXml(id: string): string {
  return (
    `<InventoryConfiguration><Id>${id}</Id><IsEnabled>true</IsEnabled><Destination><COSBucketDestination><Format>CSV</Format>` +
    `<AccountId>100000000001</AccountId><Bucket>qcs::cos:${REGION}::target-1250000000</Bucket><Prefix>inv</Prefix><Encryption><SSE-COS/></Encryption>` +
    `</COSBucketDestination></Destination><Schedule><Frequency>Daily</Frequency></Schedule><Filter><Prefix>logs/</Prefix></Filter>` +
    `<IncludedObjectVersions>All</IncludedObjectVersions><OptionalFields><Field>Size</Field><Field>ETag</Field></OptionalFields></InventoryConfiguration>`
  );
}
