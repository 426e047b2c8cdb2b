/**
 * Bucket configuration check and diff regressions: a documented default refused by check, a preview that showed an
 * update where the apply replaces, and a replication to the bucket itself sent to COS.
 */
import { resources, setSettings } from "../../../provider";
import { UNKNOWN } from "../../../provider/common/unknowns";

const B = "site-1250000000";
beforeEach(() => setSettings({ region: "ap-guangzhou", appId: "1250000000" }));

test("BucketLogging: targetPrefix \"\" (the default COS reads back) passes check; a leading / still fails", async () => {
  const r = await resources.bucketLogging.check({}, { bucket: B, targetBucket: B, targetPrefix: "" });
  expect(r.failures ?? []).toEqual([]);
  expect(r.inputs).toMatchObject({ targetPrefix: "" });
  const bad = await resources.bucketLogging.check({}, { bucket: B, targetBucket: B, targetPrefix: "/logs" });
  expect(bad.failures?.[0]).toMatchObject({ property: "targetPrefix" });
});

test("BucketInventory: an inventoryId not known yet (preview) is a possible replacement, as an unknown bucket is", async () => {
  const olds = (await resources.bucketInventory.check({}, { bucket: B, inventoryId: "one", destination: { bucket: B, region: "ap-guangzhou" }, frequency: "Daily" })).inputs;
  const d = await resources.bucketInventory.diff(`${B}/one`, olds, { ...olds, inventoryId: UNKNOWN });
  expect(d).toMatchObject({ changes: true });
  expect(d.replaces).toContain("inventoryId");
});

test("Replication: a rule replicating into the source bucket itself fails check, naming the property", async () => {
  const r = await resources.replication.check({}, { bucket: B, role: "qcs::cam::uin/100000000001:uin/100000000001", rules: [{ destination: { bucket: B, region: "ap-guangzhou" } }] });
  const f = (r.failures ?? []).map((x) => x.reason).join("\n");
  expect(f).toMatch(/rules\[0\]\.destination\.bucket: .*source bucket/);
  // the same bucket name in another region would be another bucket name entirely; a different bucket passes
  const ok = await resources.replication.check({}, { bucket: B, role: "qcs::cam::uin/100000000001:uin/100000000001", rules: [{ destination: { bucket: "dest-1250000000", region: "ap-guangzhou" } }] });
  expect(ok.failures ?? []).toEqual([]);
});

test("BucketLifecycle: a UTC offset beyond ±14:00 (hours and minutes together) fails check; +14:00 passes", async () => {
  const at = (date: string) => resources.bucketLifecycle.check({}, { bucket: B, rules: [{ status: "Enabled", expiration: { date } }] });
  for (const date of ["2031-01-01T00:00:00+14:30", "2031-01-01T00:00:00-14:01"]) {
    expect((await at(date)).failures).toEqual([expect.objectContaining({ reason: expect.stringMatching(/impossible UTC offset/) })]);
  }
  expect((await at("2031-01-01T00:00:00+14:00")).failures ?? []).toEqual([]);
});

test("BucketInventory: a new inventoryId creates the new job before the old one is deleted", async () => {
  const olds = (await resources.bucketInventory.check({}, { bucket: B, inventoryId: "one", destination: { bucket: B, region: "ap-guangzhou" }, frequency: "Daily" })).inputs;
  const news = (await resources.bucketInventory.check(olds, { bucket: B, inventoryId: "two", destination: { bucket: B, region: "ap-guangzhou" }, frequency: "Daily" })).inputs;
  expect(await resources.bucketInventory.diff(`${B}/one`, olds, news)).toMatchObject({ changes: true, replaces: expect.arrayContaining(["inventoryId"]), deleteBeforeReplace: false });
});
