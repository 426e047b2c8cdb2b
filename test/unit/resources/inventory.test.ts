import { resources, setSettings } from "../../../provider";
import { inventoryFromXml, inventoryToXml, type InventoryConfiguration } from "../../../provider/cos/operations/inventory";
import { UNKNOWN } from "../../../provider/common/unknowns";

const B = "site-1250000000";
const p = resources.bucketInventory;
beforeEach(() => setSettings({ region: "ap-guangzhou", appId: "1250000000" }));
const ok = { bucket: B, inventoryId: "list1", destination: { bucket: B, region: "ap-guangzhou" }, frequency: "Daily" };

const failures = async (news: Record<string, unknown>) =>
  ((await p.check({}, news)).failures ?? []).map((f) => {
    const m = f.property === "" ? /^([^\s:]+): ([\s\S]*)$/.exec(f.reason) : null;
    return m ? { property: m[1]!, reason: m[2]! } : f;
  });

describe("inventory serde", () => {
  test("round trip of every field; the destination travels as qcs::cos:<region>::<bucket>; SSE-COS on the wire", () => {
    const cfg: InventoryConfiguration = {
      id: "list1", enabled: true, frequency: "Weekly", includedObjectVersions: "Current", prefix: "docs/", optionalFields: ["ETag"],
      destination: { bucket: B, region: "ap-beijing", accountId: "100000000001", prefix: "inv/", encrypted: true },
    };
    const xml = inventoryToXml(cfg);
    expect(xml).toContain(`<Bucket>qcs::cos:ap-beijing::${B}</Bucket>`);
    expect(xml).toContain("<Encryption><SSE-COS></SSE-COS></Encryption>");
    expect(inventoryFromXml(xml)).toEqual(cfg);
  });
  test("the seeds' SSECOS spelling reads as encrypted; no optional fields reads as []", () => {
    const cfg = inventoryFromXml(`<InventoryConfiguration><Id>a</Id><IsEnabled>False</IsEnabled><Destination><COSBucketDestination><Format>CSV</Format><Bucket>qcs::cos:ap-guangzhou::${B}</Bucket><Encryption><SSECOS/></Encryption></COSBucketDestination></Destination><Schedule><Frequency>daily</Frequency></Schedule><IncludedObjectVersions>All</IncludedObjectVersions></InventoryConfiguration>`);
    expect(cfg).toMatchObject({ id: "a", enabled: false, frequency: "Daily", optionalFields: [], destination: { bucket: B, region: "ap-guangzhou", encrypted: true } });
  });
});

describe("BucketInventory check and diff", () => {
  test.each([
    ["id missing", { ...ok, inventoryId: undefined }, "inventoryId", /required/],
    ["bad id", { ...ok, inventoryId: "a b" }, "inventoryId", /a-z, A-Z, 0-9/],
    ["destination missing", { ...ok, destination: undefined }, "destination", /required/],
    ["destination bucket without appid", { ...ok, destination: { bucket: "logs", region: "ap-guangzhou" } }, "destination.bucket", /./],
    ["destination region missing", { ...ok, destination: { bucket: B } }, "destination.region", /required/],
    ["bad account", { ...ok, destination: { bucket: B, region: "ap-guangzhou", accountId: "abc" } }, "destination.accountId", /uin/],
    ["unknown destination property", { ...ok, destination: { bucket: B, region: "ap-guangzhou", format: "ORC" } }, "destination.format", /not a known property/],
    ["bad frequency", { ...ok, frequency: "Hourly" }, "frequency", /"Daily", "Weekly"/],
    ["bad versions", { ...ok, includedObjectVersions: "Some" }, "includedObjectVersions", /"All", "Current"/],
    ["bad field", { ...ok, optionalFields: ["Size", "Owner"] }, "optionalFields[1]", /StorageClass/],
  ])("%s → a failure naming the property", async (_n, news, prop, rule) => {
    const f = await failures(news);
    expect(f.find((x) => x.property === prop)?.reason).toMatch(rule);
  });

  test("defaults as COS reads back; fields a set; a new id replaces, a new schedule updates; unknowns pass", async () => {
    const r = await p.check({}, { ...ok, frequency: "weekly", optionalFields: ["Size", "etag", "Size"] });
    expect(r.failures ?? []).toEqual([]);
    expect(r.inputs).toMatchObject({ enabled: true, includedObjectVersions: "All", frequency: "Weekly", optionalFields: ["ETag", "Size"], destination: { encrypted: false } });
    const olds = r.inputs;
    const same = (await p.check({}, { ...ok, frequency: "Weekly", optionalFields: ["ETag", "Size"], enabled: true })).inputs;
    expect(await p.diff(`${B}/list1`, olds, same)).toMatchObject({ changes: false });
    expect(await p.diff(`${B}/list1`, olds, { ...same, frequency: "Daily" })).toMatchObject({ changes: true, replaces: [] });
    expect((await p.diff(`${B}/list1`, olds, { ...same, inventoryId: "list2" })).replaces).toContain("inventoryId");
    expect(await failures({ ...ok, destination: UNKNOWN })).toEqual([]);
  });
});
