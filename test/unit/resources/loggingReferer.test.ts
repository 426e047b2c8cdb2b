import { resources, setSettings } from "../../../provider";
import { UNKNOWN } from "../../../provider/common/unknowns";

const B = "site-1250000000";
beforeEach(() => setSettings({ region: "ap-guangzhou", appId: "1250000000" }));

/** A failure whose property the engine could not show travels as `property: ""`, its reason naming the path (inputCheck.ts forEngine). */
const failures = async (kind: "bucketLogging" | "bucketReferer", news: Record<string, unknown>) =>
  ((await resources[kind].check({}, news)).failures ?? []).map((f) => {
    const m = f.property === "" ? /^([^\s:]+): ([\s\S]*)$/.exec(f.reason) : null;
    return m ? { property: m[1]!, reason: m[2]! } : f;
  });

describe("BucketLogging check", () => {
  test.each([
    ["target missing", { bucket: B }, "targetBucket", /required/],
    ["target without appid", { bucket: B, targetBucket: "logs" }, "targetBucket", /./],
    ["prefix starting with /", { bucket: B, targetBucket: B, targetPrefix: "/logs" }, "targetPrefix", /must not start with \//],
    ["prefix not a string", { bucket: B, targetBucket: B, targetPrefix: 3 }, "targetPrefix", /string/],
  ])("%s → a failure naming the property", async (_n, news, prop, rule) => {
    const f = await failures("bucketLogging", news);
    expect(f.find((x) => x.property === prop)?.reason).toMatch(rule);
  });

  test("the prefix defaults to the empty string COS reads back, so omitted and \"\" do not diff", async () => {
    const a = (await resources.bucketLogging.check({}, { bucket: B, targetBucket: B })).inputs;
    const b = (await resources.bucketLogging.check({}, { bucket: B, targetBucket: B, targetPrefix: "" })).inputs;
    expect(a).toMatchObject({ targetPrefix: "" });
    expect(await resources.bucketLogging.diff(B, a, b)).toMatchObject({ changes: false });
  });

  test("a new target is an update, a new bucket a replacement; unknowns pass check", async () => {
    const olds = (await resources.bucketLogging.check({}, { bucket: B, targetBucket: B })).inputs;
    expect(await resources.bucketLogging.diff(B, olds, { ...olds, targetBucket: "logs-1250000000" })).toMatchObject({ changes: true, replaces: [] });
    expect(await resources.bucketLogging.diff(B, olds, { ...olds, bucket: "other-1250000000" })).toMatchObject({ replaces: ["bucket"] });
    expect(await failures("bucketLogging", { bucket: B, targetBucket: UNKNOWN })).toEqual([]);
  });
});

describe("BucketReferer check", () => {
  test.each([
    ["type missing", { bucket: B, domains: ["a.com"] }, "refererType", /required/],
    ["bad type", { bucket: B, refererType: "Allow-List", domains: ["a.com"] }, "refererType", /"Black-List", "White-List"/],
    ["no domains", { bucket: B, refererType: "White-List", domains: [] }, "domains", /at least one/],
    ["scheme in domain", { bucket: B, refererType: "White-List", domains: ["https://a.com"] }, "domains[0]", /no scheme/],
    ["path in domain", { bucket: B, refererType: "White-List", domains: ["ok.com", "a.com/x"] }, "domains[1]", /no scheme, no path/],
    ["bad status", { bucket: B, refererType: "White-List", domains: ["a.com"], status: "On" }, "status", /"Enabled", "Disabled"/],
    ["bad empty referer", { bucket: B, refererType: "White-List", domains: ["a.com"], emptyReferer: "maybe" }, "emptyReferer", /"Allow", "Deny"/],
  ])("%s → a failure naming the property", async (_n, news, prop, rule) => {
    const f = await failures("bucketReferer", news);
    expect(f.find((x) => x.property === prop)?.reason).toMatch(rule);
  });

  test("domains are a case-insensitive set; enums take COS's spelling; defaults as COS", async () => {
    const r = await resources.bucketReferer.check({}, { bucket: B, refererType: "white-list", domains: ["B.example.com", "*.a.com", "b.example.com"] });
    expect(r.failures ?? []).toEqual([]);
    expect(r.inputs).toMatchObject({ refererType: "White-List", status: "Enabled", emptyReferer: "Deny", domains: ["*.a.com", "b.example.com"] });
    const reordered = (await resources.bucketReferer.check({}, { bucket: B, refererType: "White-List", domains: ["b.example.com", "*.a.com"], emptyReferer: "Deny" })).inputs;
    expect(await resources.bucketReferer.diff(B, r.inputs, reordered)).toMatchObject({ changes: false });
    expect(await resources.bucketReferer.diff(B, r.inputs, { ...reordered, refererType: "Black-List" })).toMatchObject({ changes: true, replaces: [] });
  });
});
