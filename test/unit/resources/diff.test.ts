import { resources, setSettings } from "../../../provider";
import { UNKNOWN } from "../../../provider/common/unknowns";
import { canonicalPolicy } from "../../../provider/resources/bucketPolicy";

type Kind = keyof typeof resources;
const B = "site-1250000000";
const RES = `qcs::cos:ap-guangzhou:uid/1250000000:${B}/*`;

beforeEach(() => setSettings({ region: "ap-guangzhou", appId: "1250000000" }));

/** Runs check on both sides (as the engine does), then diff of old outputs vs new inputs. */
async function diff(kind: Kind, a: Record<string, unknown>, b: Record<string, unknown>) {
  const olds = (await resources[kind].check({}, a)).inputs!;
  const news = (await resources[kind].check(olds, b)).inputs!;
  return resources[kind].diff(B, olds, news);
}

const SAME: [string, Kind, Record<string, unknown>, Record<string, unknown>][] = [
  ["CORS: method case and origin order inside a rule", "bucketCors",
    { bucket: B, rules: [{ allowedOrigins: ["https://a.example", "https://b.example"], allowedMethods: ["get", "PUT"] }] },
    { bucket: B, rules: [{ allowedOrigins: ["https://b.example", "https://a.example"], allowedMethods: ["PUT", "GET", "GET"] }] }],
  ["CORS: responseVary false vs omitted", "bucketCors",
    { bucket: B, rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"] }] },
    { bucket: B, responseVary: false, rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"], allowedHeaders: [] }] }],
  ["CORS: explicit default region", "bucketCors",
    { bucket: B, rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"] }] },
    { bucket: B, region: "ap-guangzhou", rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"] }] }],
  ["lifecycle: rule order, storage-class case, status default, date form", "bucketLifecycle",
    { bucket: B, rules: [{ id: "b", transitions: [{ days: 30, storageClass: "standard_ia" }] }, { id: "a", status: "enabled", expiration: { date: "2030-01-01" } }] },
    { bucket: B, rules: [{ id: "a", expiration: { date: "2030-01-01T00:00:00.000Z" } }, { id: "b", status: "Enabled", transitions: [{ days: 30, storageClass: "STANDARD_IA" }] }] }],
  ["lifecycle: empty filter is the whole bucket", "bucketLifecycle",
    { bucket: B, rules: [{ id: "a", filter: { prefix: "" }, expiration: { days: 1 } }] },
    { bucket: B, rules: [{ id: "a", expiration: { days: 1 } }] }],
  ["policy: Sid added, key case, scalars vs arrays, Effect case, JSON string vs object", "bucketPolicy",
    { bucket: B, policy: { version: "2.0", Statement: [{ Effect: "allow", Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Action: ["name/cos:GetObject"], Resource: [RES] }] } },
    { bucket: B, policy: JSON.stringify({ Version: "2.0", statement: [{ Sid: "costs-1539833197000000307620-46518-39", effect: "Allow", principal: { qcs: "qcs::cam::anyone:anyone" }, action: "name/cos:GetObject", resource: RES }] }) }],
  ["policy: statement order and condition value scalar vs list", "bucketPolicy",
    { bucket: B, policy: { version: "2.0", Statement: [
      { Effect: "allow", Principal: { qcs: ["qcs::cam::uin/1:uin/1"] }, Action: ["name/cos:GetObject"], Resource: [RES], Condition: { ip_equal: { "qcs:ip": "10.0.0.0/8" } } },
      { Effect: "deny", Principal: { qcs: ["qcs::cam::uin/1:uin/2"] }, Action: ["name/cos:PutObject"], Resource: [RES] }] } },
    { bucket: B, policy: { version: "2.0", Statement: [
      { Effect: "deny", Principal: { qcs: ["qcs::cam::uin/1:uin/2"] }, Action: "name/cos:PutObject", Resource: RES },
      { Effect: "allow", Principal: { qcs: ["qcs::cam::uin/1:uin/1"] }, Action: ["name/cos:GetObject"], Resource: [RES], Condition: { ip_equal: { "qcs:ip": ["10.0.0.0/8"] } } }] } }],
  ["replication: status default, storage-class case, rule order", "replication",
    { bucket: B, role: "qcs::cam::uin/1:uin/1", rules: [{ prefix: "b/", destination: { bucket: "d-1250000000", region: "ap-shanghai", storageClass: "standard" } }, { prefix: "a/", destination: { bucket: "d-1250000000", region: "ap-shanghai" } }] },
    { bucket: B, role: "qcs::cam::uin/1:uin/1", rules: [{ prefix: "a/", status: "Enabled", destination: { bucket: "d-1250000000", region: "ap-shanghai" } }, { prefix: "b/", destination: { bucket: "d-1250000000", region: "ap-shanghai", storageClass: "STANDARD" } }] }],
  ["website: protocol case, empty routing rules", "website",
    { bucket: B, indexDocument: "index.html", redirectAllRequestsTo: { protocol: "HTTPS" } },
    { bucket: B, indexDocument: "index.html", redirectAllRequestsTo: { protocol: "https" }, routingRules: [] }],
  ["bucket: bare uin vs full principal, grant order; adopt (create-time only) is not compared", "bucket",
    { bucket: B, grants: { read: ["100000000011", "qcs::cam::uin/1:uin/1"] } },
    { bucket: B, grants: { read: ["qcs::cam::uin/1:uin/1", "qcs::cam::uin/100000000011:uin/100000000011"] }, adopt: true }],
  // issue 11: every documented form has zero diff against its canonical twin
  ["lifecycle: one date in its documented forms (compared by instant)", "bucketLifecycle",
    { bucket: B, rules: [{ id: "a", transitions: [{ date: "2030-01-01T00:00:00.000Z", storageClass: "ARCHIVE" }], expiration: { date: "2031-01-01" } }] },
    { bucket: B, rules: [{ id: "a", transitions: [{ date: "2030-01-01T00:00:00+00:00", storageClass: "ARCHIVE" }], expiration: { date: "2031-01-01T00:00:00Z" } }] }],
  ["lifecycle: legacy rule-level prefix vs filter.prefix", "bucketLifecycle",
    { bucket: B, rules: [{ id: "a", prefix: "logs/", expiration: { days: 1 } }] },
    { bucket: B, rules: [{ id: "a", filter: { prefix: "logs/" }, expiration: { days: 1 } }] }],
  ["lifecycle: a rule without id vs the id COS assigned it", "bucketLifecycle",
    { bucket: B, rules: [{ id: "cos-assigned-1", expiration: { days: 1 } }, { id: "b", expiration: { days: 2 } }] },
    { bucket: B, rules: [{ id: "b", expiration: { days: 2 } }, { expiration: { days: 1 } }] }],
  ["CORS: header names ignore case", "bucketCors",
    { bucket: B, rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"], allowedHeaders: ["Content-Type", "x-cos-meta-A"], exposeHeaders: ["Etag"] }] },
    { bucket: B, rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"], allowedHeaders: ["content-type", "X-COS-META-A", "Content-Type"], exposeHeaders: ["ETag"] }] }],
  ["CORS: a wildcard-scheme origin", "bucketCors",
    { bucket: B, rules: [{ allowedOrigins: ["*://static.example.com", "https://*.example.com"], allowedMethods: ["GET"] }] },
    { bucket: B, rules: [{ allowedOrigins: ["https://*.example.com", "*://static.example.com"], allowedMethods: ["GET"] }] }],
  ["policy: service principal, lower-case keys vs capitalised", "bucketPolicy",
    { bucket: B, policy: { version: "2.0", statement: [{ effect: "allow", principal: { service: ["cos.qcloud.com"] }, action: ["name/cos:GetObject"], resource: [RES], condition: { string_like_if_exist: { "cos:content-type": "image/*" } } }] } },
    { bucket: B, policy: { Version: "2.0", Statement: [{ Effect: "Allow", Principal: { service: "cos.qcloud.com" }, Action: "name/cos:GetObject", Resource: RES, Condition: { STRING_LIKE_IF_EXIST: { "cos:content-type": ["image/*"] } } }] } }],
  ["policy: a document-level principal vs the same principal in each statement", "bucketPolicy",
    { bucket: B, policy: { version: "2.0", principal: { qcs: ["qcs::cam::uin/1:uin/2"] }, statement: [{ effect: "allow", action: ["name/cos:GetObject"], resource: [RES] }] } },
    { bucket: B, policy: { version: "2.0", statement: [{ effect: "allow", principal: { qcs: "qcs::cam::uin/1:uin/2" }, action: ["name/cos:GetObject"], resource: [RES] }] } }],
  ["replication: filter, priority and delete markers; rule order", "replication",
    { bucket: B, role: "qcs::cam::uin/1:uin/1", rules: [
      { id: "b", priority: 2, filter: { prefix: "b/", tags: { k: "v" } }, deleteMarkerReplication: "enabled", destination: { bucket: "d-1250000000", region: "ap-shanghai" } },
      { id: "a", priority: 1, prefix: "a/", destination: { bucket: "d-1250000000", region: "ap-shanghai" } }] },
    { bucket: B, role: "qcs::cam::uin/1:uin/1", rules: [
      { id: "a", priority: 1, prefix: "a/", destination: { bucket: "d-1250000000", region: "ap-shanghai" } },
      { id: "b", priority: "2", filter: { prefix: "b/", tags: { k: "v" } }, deleteMarkerReplication: "Enabled", destination: { bucket: "d-1250000000", region: "ap-shanghai" } }] }],
  ["website: httpRedirectCode number vs string", "website",
    { bucket: B, indexDocument: "index.html", routingRules: [{ condition: { keyPrefixEquals: "a/" }, redirect: { replaceKeyPrefixWith: "b/", httpRedirectCode: 301 } }] },
    { bucket: B, indexDocument: "index.html", routingRules: [{ condition: { keyPrefixEquals: "a/" }, redirect: { replaceKeyPrefixWith: "b/", httpRedirectCode: "301" } }] }],
];

const CHANGED: [string, Kind, Record<string, unknown>, Record<string, unknown>, string[]][] = [
  ["CORS rule order (first match wins)", "bucketCors",
    { bucket: B, rules: [{ allowedOrigins: ["https://a.example"], allowedMethods: ["GET"] }, { allowedOrigins: ["*"], allowedMethods: ["GET"] }] },
    { bucket: B, rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"] }, { allowedOrigins: ["https://a.example"], allowedMethods: ["GET"] }] }, []],
  ["lifecycle Enabled vs Disabled", "bucketLifecycle",
    { bucket: B, rules: [{ id: "a", expiration: { days: 1 } }] }, { bucket: B, rules: [{ id: "a", status: "Disabled", expiration: { days: 1 } }] }, []],
  ["lifecycle STANDARD_IA vs MAZ_STANDARD_IA", "bucketLifecycle",
    { bucket: B, rules: [{ id: "a", transitions: [{ days: 30, storageClass: "STANDARD_IA" }] }] }, { bucket: B, rules: [{ id: "a", transitions: [{ days: 30, storageClass: "MAZ_STANDARD_IA" }] }] }, []],
  ["policy allow vs deny", "bucketPolicy",
    { bucket: B, policy: { version: "2.0", Statement: [{ Effect: "allow", Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Action: ["name/cos:GetObject"], Resource: [RES] }] } },
    { bucket: B, policy: { version: "2.0", Statement: [{ Effect: "deny", Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Action: ["name/cos:GetObject"], Resource: [RES] }] } }, []],
  ["policy root account vs sub-account principal", "bucketPolicy",
    { bucket: B, policy: { version: "2.0", Statement: [{ Effect: "allow", Principal: { qcs: ["qcs::cam::uin/1:uin/1"] }, Action: ["name/cos:GetObject"], Resource: [RES] }] } },
    { bucket: B, policy: { version: "2.0", Statement: [{ Effect: "allow", Principal: { qcs: ["qcs::cam::uin/1:uin/2"] }, Action: ["name/cos:GetObject"], Resource: [RES] }] } }, []],
  ["lifecycle midnight UTC vs midnight +08:00 (different instants)", "bucketLifecycle",
    { bucket: B, rules: [{ id: "a", expiration: { date: "2031-01-01T00:00:00Z" } }] }, { bucket: B, rules: [{ id: "a", expiration: { date: "2031-01-01T00:00:00+08:00" } }] }, []],
  ["lifecycle: two id-less rules are not the same as one", "bucketLifecycle",
    { bucket: B, rules: [{ expiration: { days: 1 } }] }, { bucket: B, rules: [{ expiration: { days: 1 } }, { transitions: [{ days: 1, storageClass: "ARCHIVE" }] }] }, []],
  ["CORS header names that differ in more than case", "bucketCors",
    { bucket: B, rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"], allowedHeaders: ["Content-Type"] }] }, { bucket: B, rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"], allowedHeaders: ["Content-Length"] }] }, []],
  ["policy qcs vs service principal", "bucketPolicy",
    { bucket: B, policy: { version: "2.0", Statement: [{ Effect: "allow", Principal: { qcs: ["qcs::cam::uin/1:uin/1"] }, Action: ["name/cos:GetObject"], Resource: [RES] }] } },
    { bucket: B, policy: { version: "2.0", Statement: [{ Effect: "allow", Principal: { service: ["cos.qcloud.com"] }, Action: ["name/cos:GetObject"], Resource: [RES] }] } }, []],
  ["policy: a document-level principal is not the same as another per-statement one", "bucketPolicy",
    { bucket: B, policy: { version: "2.0", principal: { qcs: ["qcs::cam::uin/1:uin/2"] }, statement: [{ effect: "allow", action: ["name/cos:GetObject"], resource: [RES] }] } },
    { bucket: B, policy: { version: "2.0", statement: [{ effect: "allow", principal: { qcs: ["qcs::cam::uin/1:uin/3"] }, action: ["name/cos:GetObject"], resource: [RES] }] } }, []],
  ["replication delete markers Enabled vs Disabled", "replication",
    { bucket: B, role: "qcs::cam::uin/1:uin/1", rules: [{ prefix: "a/", deleteMarkerReplication: "Enabled", destination: { bucket: "d-1250000000", region: "ap-shanghai" } }] },
    { bucket: B, role: "qcs::cam::uin/1:uin/1", rules: [{ prefix: "a/", deleteMarkerReplication: "Disabled", destination: { bucket: "d-1250000000", region: "ap-shanghai" } }] }, []],
  ["bucket region replaces", "bucket", { bucket: B }, { bucket: B, region: "ap-shanghai" }, ["region"]],
  ["bucket multiAz replaces", "bucket", { bucket: B }, { bucket: B, multiAz: true }, ["multiAz"]],
  ["bucket forceDestroy updates state in place (destroy reads it from state)", "bucket", { bucket: B }, { bucket: B, forceDestroy: true }, []],
  ["bucket tags update in place", "bucket", { bucket: B, tags: { a: "1" } }, { bucket: B, tags: { a: "2" } }, []],
  ["configuration bucket replaces", "website", { bucket: B, indexDocument: "index.html" }, { bucket: "other-1250000000", indexDocument: "index.html" }, ["bucket"]],
];

describe("diff: equivalent inputs never produce a change", () => {
  test.each(SAME)("%s", async (_n, kind, a, b) => {
    expect(await diff(kind, a, b)).toMatchObject({ changes: false, replaces: [] });
  });
});

describe("diff: real differences change (and replace only when they must)", () => {
  test.each(CHANGED)("%s", async (_n, kind, a, b, replaces) => {
    const d = await diff(kind, a, b);
    expect(d.changes).toBe(true);
    expect(d.replaces).toEqual(replaces);
    if (replaces.length) expect(d.deleteBeforeReplace).toBe(true);
  });

  test("an unknown bucket (preview of a replaced bucket) is a possible replacement", async () => {
    const olds = (await resources.bucketCors.check({}, { bucket: B, rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"] }] })).inputs!;
    const d = await resources.bucketCors.diff(B, olds, { ...olds, bucket: UNKNOWN });
    expect(d).toMatchObject({ changes: true, replaces: ["bucket"] });
  });

  test("diff tolerates outputs in olds (endpoint, websiteEndpoint, __provider)", async () => {
    const olds = (await resources.website.check({}, { bucket: B, indexDocument: "index.html" })).inputs!;
    const d = await resources.website.diff(B, { ...olds, websiteEndpoint: "x", __provider: "p" }, { ...olds, __provider: "q" });
    expect(d.changes).toBe(false);
  });
});

test("canonicalPolicy keeps what matters and drops what COS adds", () => {
  const c = canonicalPolicy({ Version: "2.0", Statement: [{ Sid: "s1", Effect: "Allow", Principal: "*", Action: "name/cos:GetObject", Resource: RES }] });
  expect(c).toEqual({ version: "2.0", statement: [{ effect: "allow", principal: { qcs: ["qcs::cam::anyone:anyone"] }, action: ["name/cos:GetObject"], resource: [RES] }] });
});
