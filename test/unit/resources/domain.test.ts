import { resources, setSettings } from "../../../provider";
import { domainFromXml, domainToXml } from "../../../provider/cos/operations/domain";
import { UNKNOWN } from "../../../provider/common/unknowns";

const B = "site-1250000000";
const p = resources.bucketDomain;
beforeEach(() => setSettings({ region: "ap-guangzhou", appId: "1250000000" }));

const failures = async (news: Record<string, unknown>) =>
  ((await p.check({}, news)).failures ?? []).map((f) => {
    const m = f.property === "" ? /^([^\s:]+): ([\s\S]*)$/.exec(f.reason) : null;
    return m ? { property: m[1]!, reason: m[2]! } : f;
  });

describe("domain serde", () => {
  test("round trip; Status read in any case; one rule is still a list", () => {
    const cfg = { rules: [{ name: "www.example.com", type: "REST" as const, status: "ENABLED" as const, forcedReplacement: "CNAME" as const }] };
    expect(domainFromXml(domainToXml(cfg))).toEqual(cfg);
    expect(domainFromXml("<DomainConfiguration><DomainRule><Status>Enabled</Status><Name>a.example.com</Name><Type>website</Type></DomainRule></DomainConfiguration>"))
      .toEqual({ rules: [{ name: "a.example.com", type: "WEBSITE", status: "ENABLED" }] });
    expect(domainFromXml("<DomainConfiguration/>")).toBeUndefined();
  });
});

describe("BucketDomain check and diff", () => {
  test.each([
    ["rules missing", { bucket: B }, "rules", /required/],
    ["no rules", { bucket: B, rules: [] }, "rules", /at least one/],
    ["scheme in name", { bucket: B, rules: [{ name: "https://a.example.com", type: "REST" }] }, "rules[0].name", /host name/],
    ["port in name", { bucket: B, rules: [{ name: "a.example.com", type: "REST" }, { name: "b.example.com:80", type: "REST" }] }, "rules[1].name", /no port/],
    ["duplicate name (any case)", { bucket: B, rules: [{ name: "a.example.com", type: "REST" }, { name: "A.example.com", type: "WEBSITE" }] }, "rules[1].name", /unique/],
    ["bad type", { bucket: B, rules: [{ name: "a.example.com", type: "CDN" }] }, "rules[0].type", /"REST", "WEBSITE", "ACCELERATE"/],
    ["type missing", { bucket: B, rules: [{ name: "a.example.com" }] }, "rules[0].type", /required/],
    ["bad status", { bucket: B, rules: [{ name: "a.example.com", type: "REST", status: "On" }] }, "rules[0].status", /"ENABLED", "DISABLED"/],
    ["bad forced replacement", { bucket: B, rules: [{ name: "a.example.com", type: "REST", forcedReplacement: "A" }] }, "rules[0].forcedReplacement", /"CNAME", "TXT"/],
    ["unknown rule property", { bucket: B, rules: [{ name: "a.example.com", type: "REST", cname: "x" }] }, "rules[0].cname", /not a known property/],
  ])("%s → a failure naming the property", async (_n, news, prop, rule) => {
    const f = await failures(news);
    expect(f.find((x) => x.property === prop)?.reason).toMatch(rule);
  });

  test("rules are a set by name; enums take COS's spelling; status defaults to ENABLED", async () => {
    const r = await p.check({}, { bucket: B, rules: [{ name: "WWW.example.com", type: "rest" }, { name: "a.example.com", type: "Website", status: "disabled" }] });
    expect(r.failures ?? []).toEqual([]);
    expect(r.inputs).toMatchObject({ rules: [{ name: "a.example.com", type: "WEBSITE", status: "DISABLED" }, { name: "www.example.com", type: "REST", status: "ENABLED" }] });
    const reordered = (await p.check({}, { bucket: B, rules: [{ name: "a.example.com", type: "WEBSITE", status: "DISABLED" }, { name: "www.example.com", type: "REST", status: "Enabled" }] })).inputs;
    expect(await p.diff(B, r.inputs, reordered)).toMatchObject({ changes: false });
    expect(await p.diff(B, r.inputs, { ...reordered, rules: [{ name: "www.example.com", type: "REST", status: "ENABLED" }] })).toMatchObject({ changes: true, replaces: [] });
    expect(await failures({ bucket: B, rules: UNKNOWN })).toEqual([]);
    expect(await failures({ bucket: B, rules: [{ name: UNKNOWN, type: "REST" }] })).toEqual([]);
  });
});
