import { resources } from "../../../provider";
import { accelerateFromXml, accelerateToXml } from "../../../provider/cos/operations/accelerate";
import { UNKNOWN } from "../../../provider/common/unknowns";
import { setSettings } from "../../../provider";

const B = "site-1250000000";
const p = resources.bucketAcceleration;
beforeEach(() => setSettings({ region: "ap-guangzhou", appId: "1250000000" }));

describe("accelerate serde", () => {
  test("writes Status and the only documented Type, COS", () => {
    expect(accelerateToXml({ status: "Enabled" })).toMatch(/<AccelerateConfiguration><Status>Enabled<\/Status><Type>COS<\/Type><\/AccelerateConfiguration>/);
  });
  test.each([
    ["<AccelerateConfiguration><Status>Enabled</Status><Type>COS</Type></AccelerateConfiguration>", { status: "Enabled" }],
    ["<AccelerateConfiguration><Status>suspended</Status></AccelerateConfiguration>", { status: "Suspended" }],
    ["<AccelerateConfiguration/>", undefined], // never configured: an empty document
    ["<AccelerateConfiguration></AccelerateConfiguration>", undefined],
  ])("reads %s", (xml, want) => {
    expect(accelerateFromXml(xml)).toEqual(want);
  });
});

describe("BucketAcceleration check and diff", () => {
  test.each([
    ["bucket missing", {}, "bucket", /required/],
    ["bucket without appid", { bucket: "site" }, "bucket", /./],
    ["unknown property (an enabled flag it does not have)", { bucket: B, enabled: false }, "enabled", /./],
    ["bad adopt", { bucket: B, adopt: "yes" }, "adopt", /boolean/],
  ])("%s → a failure naming the property", async (_n, news, prop, rule) => {
    const f = ((await p.check({}, news)).failures ?? []).map((x) =>
      x.property === "" ? { property: /^([^\s:]+):/.exec(x.reason)?.[1] ?? "", reason: x.reason } : x);
    expect(f.find((x) => x.property === prop)?.reason).toMatch(rule);
  });

  test("a new bucket is a replacement; nothing else diffs; unknowns pass check", async () => {
    const olds = (await p.check({}, { bucket: B })).inputs;
    expect(await p.diff(B, olds, { ...olds })).toMatchObject({ changes: false });
    expect(await p.diff(B, olds, { ...olds, bucket: "other-1250000000" })).toMatchObject({ replaces: ["bucket"] });
    expect((await p.check({}, { bucket: UNKNOWN })).failures ?? []).toEqual([]);
  });
});
