import { resources, setSettings } from "../../../provider";
import { UNKNOWN } from "../../../provider/common/unknowns";

type Kind = keyof typeof resources;
const B = "site-1250000000";

beforeEach(() => setSettings({ region: "ap-guangzhou", appId: "1250000000" }));

/**
 * The failures, each with its exact property path. A nested path travels to the engine as `property: ""` with the
 * reason starting `<path>: ` (provider/common/inputCheck.ts forEngine), so it is read back from there.
 */
async function failures(kind: Kind, news: Record<string, unknown>): Promise<{ property: string; reason: string }[]> {
  const r = await resources[kind].check({}, news);
  return (r.failures ?? []).map((f) => {
    const m = f.property === "" ? /^([^\s:]*(?:\["[^"]*"\][^\s:]*)*): ([\s\S]*)$/.exec(f.reason) : null;
    return m ? { property: m[1]!, reason: m[2]! } : { property: f.property, reason: f.reason };
  });
}

const cors = (rule: Record<string, unknown>) => ({ bucket: B, rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"], ...rule }] });
const lc = (rule: Record<string, unknown>) => ({ bucket: B, rules: [{ id: "r1", expiration: { days: 30 }, ...rule }] });
const policy = (st: Record<string, unknown>) => ({
  bucket: B,
  policy: { version: "2.0", Statement: [{ Effect: "allow", Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Action: ["name/cos:GetObject"], Resource: [`qcs::cos:ap-guangzhou:uid/1250000000:${B}/*`], ...st }] },
});
const repl = (over: Record<string, unknown>, rule: Record<string, unknown> = {}) => ({
  bucket: B, role: "qcs::cam::uin/100000000001:uin/100000000001",
  rules: [{ prefix: "a/", destination: { bucket: "dst-1250000000", region: "ap-shanghai" }, ...rule }], ...over,
});

// Each row: a bad input, the property the failure must name, and a fragment of the rule it must state.
const BAD: [string, Kind, Record<string, unknown>, string, RegExp][] = [
  ["bucket with upper case", "bucket", { bucket: "MyBucket-1250000000" }, "bucket", /lower|must/i],
  ["bucket without appid", "bucket", { bucket: "mybucket" }, "bucket", /appid|APPID|must/i],
  ["bucket and name", "bucket", { bucket: B, name: "site" }, "name", /either/],
  ["name with underscore", "bucket", { name: "my_site" }, "name", /lower-case/],
  ["appId not digits", "bucket", { name: "site", appId: "abc" }, "appId", /digits/],
  ["bad region", "bucket", { bucket: B, region: "Guangzhou" }, "region", /./],
  ["bad acl", "bucket", { bucket: B, acl: "public" }, "acl", /one of "private"/],
  ["grant principal", "bucket", { bucket: B, grants: { read: ["alice"] } }, "grants.read[0]", /CAM principal/],
  ["tag too long", "bucket", { bucket: B, tags: { ["k".repeat(129)]: "v" } }, `tags["${"k".repeat(129)}"]`, /1–128/],
  ["versioning off", "bucket", { bucket: B, versioning: "Disabled" }, "versioning", /"Enabled", "Suspended"/],
  ["kms key without KMS", "bucket", { bucket: B, encryption: { algorithm: "AES256", kmsKeyId: "k" } }, "encryption.kmsKeyId", /KMS/],
  ["cors no rules", "bucketCors", { bucket: B, rules: [] }, "rules", /at least one/],
  ["cors negative max age", "bucketCors", cors({ maxAgeSeconds: -1 }), "rules[0].maxAgeSeconds", /integer ≥ 0/],
  ["cors fractional max age", "bucketCors", cors({ maxAgeSeconds: 1.5 }), "rules[0].maxAgeSeconds", /integer/],
  ["cors bad method", "bucketCors", cors({ allowedMethods: ["GET", "PATCH"] }), "rules[0].allowedMethods[1]", /one of/],
  ["cors bad origin", "bucketCors", cors({ allowedOrigins: ["example.com"] }), "rules[0].allowedOrigins[0]", /protocol:\/\/domain/],
  ["cors unknown key", "bucketCors", cors({ allowedOrigin: ["*"] }), "rules[0].allowedOrigin", /not a known property/],
  ["cors duplicate id", "bucketCors", { bucket: B, rules: [{ id: "a", allowedOrigins: ["*"], allowedMethods: ["GET"] }, { id: "a", allowedOrigins: ["*"], allowedMethods: ["PUT"] }] }, "rules[1].id", /unique/],
  ["cors too many rules", "bucketCors", { bucket: B, rules: Array.from({ length: 101 }, () => ({ allowedOrigins: ["*"], allowedMethods: ["GET"] })) }, "rules", /at most 100/],
  ["sub-resource bad bucket", "bucketCors", { ...cors({}), bucket: "x" }, "bucket", /./],
  ["lifecycle empty id", "bucketLifecycle", lc({ id: "" }), "rules[0].id", /must not be empty/],
  ["lifecycle no action", "bucketLifecycle", { bucket: B, rules: [{ id: "r1" }] }, "rules[0]", /at least one action/],
  ["lifecycle days and date", "bucketLifecycle", lc({ transitions: [{ days: 30, date: "2030-01-01", storageClass: "ARCHIVE" }] }), "rules[0].transitions[0]", /only one of days, date/],
  ["lifecycle bad class", "bucketLifecycle", lc({ transitions: [{ days: 30, storageClass: "GLACIER" }] }), "rules[0].transitions[0].storageClass", /one of/],
  ["lifecycle expiration 0 days", "bucketLifecycle", lc({ expiration: { days: 0 } }), "rules[0].expiration.days", /≥ 1/],
  ["lifecycle date not midnight", "bucketLifecycle", lc({ expiration: { date: "2030-01-01T12:00:00Z" } }), "rules[0].expiration.date", /at midnight/],
  ["lifecycle cos: tag", "bucketLifecycle", lc({ filter: { tags: { "cos:x": "1" } } }), 'rules[0].filter.tags["cos:x"]', /cos:/],
  ["lifecycle duplicate ids", "bucketLifecycle", { bucket: B, rules: [{ id: "a", expiration: { days: 1 } }, { id: "a", expiration: { days: 2 } }] }, "rules[1].id", /unique/],
  ["lifecycle bad status", "bucketLifecycle", lc({ status: "On" }), "rules[0].status", /"Enabled", "Disabled"/],
  ["policy not JSON", "bucketPolicy", { bucket: B, policy: "{nope" }, "policy", /valid JSON/],
  ["policy no statements", "bucketPolicy", { bucket: B, policy: { version: "2.0", Statement: [] } }, "policy.Statement", /non-empty/],
  ["policy bad effect", "bucketPolicy", policy({ Effect: "permit" }), "policy.Statement[0].Effect", /allow.*deny/],
  ["policy bad principal", "bucketPolicy", policy({ Principal: { qcs: ["uin/1"] } }), "policy.Statement[0].Principal.qcs[0]", /CAM principal/],
  ["policy bad action", "bucketPolicy", policy({ Action: ["GetObject"] }), "policy.Statement[0].Action[0]", /name\/cos:GetObject/],
  ["policy foreign resource", "bucketPolicy", policy({ Resource: ["qcs::cos:ap-guangzhou:uid/1250000000:other-1250000000/*"] }), "policy.Statement[0].Resource[0]", /belong to bucket/],
  ["policy version", "bucketPolicy", { ...policy({}), policy: { version: "1.0", Statement: (policy({}).policy as { Statement: unknown[] }).Statement } }, "policy.version", /"2.0"/],
  ["replication bad role", "replication", repl({ role: "admin" }), "role", /CAM role/],
  ["replication two destinations", "replication", repl({ rules: [{ prefix: "a/", destination: { bucket: "d1-1250000000", region: "ap-shanghai" } }, { prefix: "b/", destination: { bucket: "d2-1250000000", region: "ap-shanghai" } }] }), "rules[1].destination", /same bucket/],
  ["replication overlapping prefixes", "replication", repl({ rules: [{ prefix: "logs/", destination: { bucket: "d-1250000000", region: "ap-shanghai" } }, { prefix: "logs/2024/", destination: { bucket: "d-1250000000", region: "ap-shanghai" } }] }), "rules[1].prefix", /overlaps/],
  ["replication bad destination region", "replication", repl({}, { destination: { bucket: "dst-1250000000", region: "Shanghai" } }), "rules[0].destination.region", /./],
  ["website no index", "website", { bucket: B }, "indexDocument", /required/],
  ["website 500 condition", "website", { bucket: B, indexDocument: "index.html", routingRules: [{ condition: { httpErrorCodeReturnedEquals: 500 }, redirect: { replaceKeyWith: "e.html" } }] }, "routingRules[0].condition.httpErrorCodeReturnedEquals", /≥ 400 and ≤ 499/],
  ["website prefix replace without prefix condition", "website", { bucket: B, indexDocument: "index.html", routingRules: [{ condition: { httpErrorCodeReturnedEquals: 404 }, redirect: { replaceKeyPrefixWith: "x/" } }] }, "routingRules[0].redirect.replaceKeyPrefixWith", /keyPrefixEquals/],
  ["website http protocol", "website", { bucket: B, indexDocument: "index.html", redirectAllRequestsTo: { protocol: "http" } }, "redirectAllRequestsTo.protocol", /"https"/],
  // issue 11: every invalid input named at check, each rule with its exact property path
  ["bucket tag qcs: prefix (reserved)", "bucket", { bucket: B, tags: { "qcs:env": "x" } }, 'tags["qcs:env"]', /`qcs:`.*reserved/],
  ["bucket tag project prefix (reserved)", "bucket", { bucket: B, tags: { projectId: "7" } }, 'tags["projectId"]', /`project`.*reserved/],
  ["bucket tag qcloud key (reserved)", "bucket", { bucket: B, tags: { qcloud: "x" } }, 'tags["qcloud"]', /reserved/],
  ["bucket too many grants", "bucket", { bucket: B, grants: { read: Array.from({ length: 60 }, (_, i) => `${100000000100 + i}`), write: Array.from({ length: 40 }, (_, i) => `${100000000200 + i}`) } }, "grants", /at most 97/],
  ["lifecycle filter tag qcs: (reserved)", "bucketLifecycle", lc({ filter: { tags: { "qcs:x": "1" } } }), 'rules[0].filter.tags["qcs:x"]', /reserved/],
  ["lifecycle month 13", "bucketLifecycle", lc({ expiration: { date: "2030-13-01T00:00:00.000Z" } }), "rules[0].expiration.date", /not a calendar date/],
  ["lifecycle February 30", "bucketLifecycle", lc({ expiration: undefined, transitions: [{ date: "2031-02-30T00:00:00+08:00", storageClass: "ARCHIVE" }] }), "rules[0].transitions[0].date", /not a calendar date/],
  ["lifecycle offset beyond ±14:00", "bucketLifecycle", lc({ expiration: { date: "2030-01-01T00:00:00+15:00" } }), "rules[0].expiration.date", /offset/],
  ["lifecycle legacy prefix and filter", "bucketLifecycle", lc({ prefix: "a/", filter: { prefix: "b/" } }), "rules[0]", /only one of prefix, filter/],
  ["lifecycle legacy prefix not a string", "bucketLifecycle", lc({ prefix: 7 }), "rules[0].prefix", /string/],
  ["cors origin with two wildcards", "bucketCors", cors({ allowedOrigins: ["https://*.*.example.com"] }), "rules[0].allowedOrigins[0]", /at most one `\*`/],
  ["cors wildcard scheme and host", "bucketCors", cors({ allowedOrigins: ["*://*.example.com"] }), "rules[0].allowedOrigins[0]", /at most one `\*`/],
  ["cors body over 64 KB", "bucketCors", { bucket: B, rules: Array.from({ length: 100 }, (_, i) => ({ allowedOrigins: [`https://s${i}.${"x".repeat(700)}.example`], allowedMethods: ["GET"] })) }, "rules", /at most 65536 bytes/],
  ["replication without destination (never a TypeError)", "replication", repl({}, { destination: undefined }), "rules[0].destination", /required/],
  ["replication duplicate ids", "replication", repl({ rules: [{ id: "x", prefix: "a/", destination: { bucket: "d-1250000000", region: "ap-shanghai" } }, { id: "x", prefix: "b/", destination: { bucket: "d-1250000000", region: "ap-shanghai" } }] }), "rules[1].id", /unique/],
  ["replication duplicate priorities", "replication", repl({ rules: [{ priority: 1, prefix: "a/", destination: { bucket: "d-1250000000", region: "ap-shanghai" } }, { priority: 1, prefix: "b/", destination: { bucket: "d-1250000000", region: "ap-shanghai" } }] }), "rules[1].priority", /unique/],
  ["replication archive replica class", "replication", repl({}, { destination: { bucket: "dst-1250000000", region: "ap-shanghai", storageClass: "archive" } }), "rules[0].destination.storageClass", /archive class/],
  ["replication deep-archive replica class", "replication", repl({}, { destination: { bucket: "dst-1250000000", region: "ap-shanghai", storageClass: "DEEP_ARCHIVE" } }), "rules[0].destination.storageClass", /archive class/],
  ["replication prefix and filter", "replication", repl({}, { filter: { prefix: "b/" } }), "rules[0]", /only one of prefix, filter/],
  ["replication filter tag reserved", "replication", repl({}, { prefix: undefined, filter: { tags: { "qcs:a": "1" } } }), 'rules[0].filter.tags["qcs:a"]', /reserved/],
  ["replication negative priority", "replication", repl({}, { priority: -1 }), "rules[0].priority", /≥ 0/],
  ["replication bad delete-marker status", "replication", repl({}, { deleteMarkerReplication: "On" }), "rules[0].deleteMarkerReplication", /"Enabled", "Disabled"/],
  ["replication overlapping filter prefixes", "replication", repl({ rules: [{ prefix: "logs/", destination: { bucket: "d-1250000000", region: "ap-shanghai" } }, { filter: { prefix: "logs/a/" }, destination: { bucket: "d-1250000000", region: "ap-shanghai" } }] }), "rules[1].filter.prefix", /overlaps/],
  ["website redirect that replaces nothing", "website", { bucket: B, indexDocument: "index.html", routingRules: [{ condition: { keyPrefixEquals: "a/" }, redirect: { protocol: "https" } }] }, "routingRules[0].redirect", /give one of replaceKeyWith, replaceKeyPrefixWith/],
  ["website redirect code not a redirect", "website", { bucket: B, indexDocument: "index.html", routingRules: [{ condition: { keyPrefixEquals: "a/" }, redirect: { replaceKeyWith: "b", httpRedirectCode: 200 } }] }, "routingRules[0].redirect.httpRedirectCode", /301, 302/],
  ["policy undocumented condition operator", "bucketPolicy", policy({ Condition: { ip_in: { "qcs:ip": "10.0.0.0/8" } } }), "policy.Statement[0].Condition.ip_in", /not a condition operator/],
  ["policy unknown principal kind", "bucketPolicy", policy({ Principal: { user: ["alice"] } }), "policy.Statement[0].Principal.user", /principal kind/],
  ["policy bad service principal", "bucketPolicy", policy({ Principal: { service: ["not a service"] } }), "policy.Statement[0].Principal.service[0]", /service name/],
  ["website both replace forms", "website", { bucket: B, indexDocument: "index.html", routingRules: [{ condition: { keyPrefixEquals: "a/" }, redirect: { replaceKeyWith: "x", replaceKeyPrefixWith: "b/" } }] }, "routingRules[0].redirect", /only one of/],
];

describe("check rejects bad input before any API call, naming the property and the rule", () => {
  test.each(BAD)("%s", async (_name, kind, news, property, rule) => {
    const f = await failures(kind, news);
    const hit = f.find((x) => x.property === property);
    expect(hit).toBeDefined();
    expect(hit!.reason).toMatch(rule);
  });

  test("a missing region with no default names the config to set", async () => {
    setSettings({ appId: "1250000000" });
    const saved = process.env.TENCENTCLOUD_REGION;
    delete process.env.TENCENTCLOUD_REGION;
    try {
      const f = await failures("bucketCors", cors({}));
      expect(f).toContainEqual({ property: "region", reason: expect.stringMatching(/tencentcloud:region/) });
    } finally {
      if (saved !== undefined) process.env.TENCENTCLOUD_REGION = saved;
    }
  });
});

describe("check accepts good input and normalises it", () => {
  test("region and appId come from the provider config; name + appId makes the full bucket name", async () => {
    const r = await resources.bucket.check({}, { name: "site" });
    expect(r.failures).toBeUndefined();
    expect(r.inputs).toMatchObject({ bucket: B, appId: "1250000000", region: "ap-guangzhou", acl: "private", multiAz: false, forceDestroy: false });
  });

  test("auto-naming derives from the Pulumi name, fits 60 characters, and stays stable across checks", async () => {
    const first = await resources.bucket.check({}, { autoNameBase: "My_Static.Site".repeat(5) });
    const name = first.inputs!.bucket as string;
    expect(name).toMatch(/^my-static-site[a-z0-9-]*-[0-9a-f]{7}-1250000000$/);
    expect(name.length).toBeLessThanOrEqual(60);
    const again = await resources.bucket.check(first.inputs!, { autoNameBase: "My_Static.Site".repeat(5) });
    expect(again.inputs!.bucket).toBe(name);
    const other = await resources.bucket.check({}, { autoNameBase: "x" });
    expect(other.inputs!.bucket).not.toBe(name);
  });

  test("unknown values (preview) pass check untouched", async () => {
    for (const [kind, news] of [
      ["bucketCors", { bucket: UNKNOWN, rules: UNKNOWN }],
      ["bucketLifecycle", { bucket: UNKNOWN, rules: [{ id: "a", expiration: { days: UNKNOWN } }] }],
      ["bucketPolicy", { bucket: UNKNOWN, policy: UNKNOWN }],
      ["website", { bucket: UNKNOWN, indexDocument: UNKNOWN }],
      ["replication", { bucket: B, role: "qcs::cam::uin/1:uin/1", rules: [{ prefix: "", destination: UNKNOWN }] }],
      ["bucket", { bucket: UNKNOWN, tags: UNKNOWN }],
    ] as [Kind, Record<string, unknown>][]) {
      const r = await resources[kind].check({}, news);
      expect({ kind, failures: r.failures }).toEqual({ kind, failures: undefined });
    }
  });

  test("string numbers and booleans from config are accepted", async () => {
    const r = await resources.bucketCors.check({}, cors({ maxAgeSeconds: "600" }));
    expect(r.failures).toBeUndefined();
    expect((r.inputs!.rules as { maxAgeSeconds: number }[])[0].maxAgeSeconds).toBe(600);
  });
});
