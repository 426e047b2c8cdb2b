/**
 * structure-aware search for a `check` that throws. Random JSON rarely gets past the first validator, so
 * here a valid input of every resource is mutated one path at a time: every value (at any depth, list items
 * included) is replaced by an odd value, and every object gets an extra odd key.
 */
import { resources, setSettings } from "../../../provider";
import { UNKNOWN } from "../../../provider/common/unknowns";

type Kind = keyof typeof resources;
type J = unknown;

const B = "site-1250000000";
const POLICY = {
  version: "2.0",
  Statement: [{ Effect: "allow", Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Action: ["name/cos:GetObject"], Resource: [`qcs::cos:ap-guangzhou:uid/1250000000:${B}/*`], Condition: { ip_equal: { "qcs:ip": ["10.0.0.0/8"] } } }],
};
const BASE: Record<Kind, Record<string, J>> = {
  bucket: { bucket: B, acl: "private", grants: { read: ["100000000001"], fullControl: ["qcs::cam::uin/1:uin/2"] }, tags: { team: "web" }, versioning: "Enabled", encryption: { algorithm: "KMS", kmsKeyId: "k" }, multiAz: false, forceDestroy: true, adopt: false, ownerKey: "aaaaaaaaaaaa.000000000001" },
  bucketCors: { bucket: B, rules: [{ id: "r1", allowedOrigins: ["https://a.example.com"], allowedMethods: ["GET", "PUT"], allowedHeaders: ["*"], exposeHeaders: ["ETag"], maxAgeSeconds: 60 }], responseVary: true },
  bucketLifecycle: { bucket: B, rules: [
    { id: "a", status: "Enabled", filter: { prefix: "logs/", tags: { k: "v" } }, transitions: [{ days: 30, storageClass: "STANDARD_IA" }], expiration: { days: 365 }, noncurrentVersionTransitions: [{ noncurrentDays: 10, storageClass: "ARCHIVE" }], noncurrentVersionExpiration: { noncurrentDays: 40 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
    { id: "b", prefix: "tmp/", expiration: { date: "2030-01-01T00:00:00.000Z" }, transitions: [{ date: "2029-01-01", storageClass: "ARCHIVE" }] },
  ] },
  bucketPolicy: { bucket: B, policy: POLICY },
  replication: { bucket: B, role: "qcs::cam::uin/100000000001:uin/100000000001", rules: [{ id: "r", status: "Enabled", priority: 1, filter: { prefix: "a/", tags: { k: "v" } }, destination: { bucket: "dst-1250000000", region: "ap-shanghai", storageClass: "STANDARD" }, deleteMarkerReplication: "Enabled" }, { id: "s", prefix: "b/", destination: { bucket: "dst-1250000000", region: "ap-shanghai" } }] },
  website: { bucket: B, indexDocument: "index.html", errorDocument: "404.html", routingRules: [{ condition: { httpErrorCodeReturnedEquals: 404, keyPrefixEquals: "docs/" }, redirect: { protocol: "https", replaceKeyPrefixWith: "d/", httpRedirectCode: 301 } }] },
  bucketLogging: { bucket: B, targetBucket: "logs-1250000000", targetPrefix: "x/" },
  bucketReferer: { bucket: B, status: "Enabled", refererType: "White-List", domains: ["*.example.com", "a.example.com"], emptyReferer: "Allow" },
  bucketObject: { bucket: B, key: "a/b.txt", content: "hello", contentType: "text/plain", cacheControl: "max-age=60", contentDisposition: "inline", contentEncoding: "identity", storageClass: "STANDARD", acl: "private", metadata: { owner: "me" }, tags: { k: "v" }, partSizeBytes: 8388608 },
  bucketAcceleration: { bucket: B },
  bucketDomain: { bucket: B, rules: [{ name: "www.example.com", type: "REST", status: "ENABLED" }, { name: "cdn.example.com", type: "WEBSITE", forcedReplacement: "CNAME" }] },
  bucketInventory: { bucket: B, inventoryId: "inv1", enabled: true, destination: { bucket: "dst-1250000000", region: "ap-guangzhou", accountId: "100000000001", prefix: "inv/", encrypted: true }, frequency: "Daily", includedObjectVersions: "All", prefix: "p/", optionalFields: ["Size", "ETag"] },
  syncedFolder: { bucket: B, path: __dirname, prefix: "site/", includeHiddenFiles: false, cacheControl: "no-cache", acl: "private", storageClass: "STANDARD", concurrency: 4 },
} as Record<Kind, Record<string, J>>;

const odd = (): J[] => [
  null, true, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 2, "", "NaN", "Infinity", "1e400", "99999999999999999999999", " 7 ", UNKNOWN,
  [], [null], [UNKNOWN], [[]], {}, { "": 1 }, Object.create(null), Object.assign(Object.create(null), { a: 1 }), [Object.create(null)],
  { toString: 1, valueOf: 2 }, { __proto__: null, length: 5 } as J, "x".repeat(5000),
];

/** Every path to a value in `v`. */
function paths(v: J, at: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = at.length ? [at] : [];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v !== null && typeof v === "object") for (const k of Object.keys(v)) out.push(...paths((v as Record<string, J>)[k], [...at, k]));
  return out;
}
function objectPaths(v: J, at: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...objectPaths(x, [...at, i])));
  else if (v !== null && typeof v === "object") {
    out.push(at);
    for (const k of Object.keys(v)) out.push(...objectPaths((v as Record<string, J>)[k], [...at, k]));
  }
  return out;
}
const clone = (v: J): J => JSON.parse(JSON.stringify(v));
function setAt(root: J, p: (string | number)[], val: J): J {
  const r = clone(root);
  if (p.length === 0) return val;
  let cur = r as Record<string | number, J>;
  for (const k of p.slice(0, -1)) cur = cur[k] as Record<string | number, J>;
  Object.defineProperty(cur, p[p.length - 1], { value: val, enumerable: true, writable: true, configurable: true });
  return r;
}

beforeEach(() => setSettings({ region: "ap-guangzhou", appId: "1250000000" }));

describe.each(Object.keys(BASE) as Kind[])("%s", (kind) => {
  test("the baseline passes check", async () => {
    const r = await resources[kind].check({}, clone(BASE[kind]) as Record<string, unknown>);
    expect(r.failures ?? []).toEqual([]);
  });

  test("no single odd value or odd extra key makes check (or the diff after it) throw", async () => {
    const base = BASE[kind];
    const thrown: string[] = [];
    const cases: [string, J][] = [];
    for (const p of paths(base)) for (const [i, v] of odd().entries()) cases.push([`${p.join(".")} = odd[${i}]`, setAt(base, p, v)]);
    for (const p of objectPaths(base)) for (const [i, v] of odd().entries()) for (const k of ["__proto__", "constructor", "zz"]) cases.push([`${[...p, k].join(".")} = odd[${i}]`, setAt(base, [...p, k], v)]);
    for (const [label, news] of cases) {
      try {
        const r = await resources[kind].check({}, news as Record<string, unknown>);
        if (!(r.inputs !== undefined || (r.failures ?? []).length > 0)) thrown.push(`${label}: neither inputs nor failures`);
        for (const f of r.failures ?? []) if (typeof f.property !== "string" || typeof f.reason !== "string" || !f.reason) thrown.push(`${label}: bad failure ${JSON.stringify(f)}`);
        await resources[kind].diff(B, (r.inputs ?? {}) as Record<string, unknown>, news as Record<string, unknown>);
      } catch (e) {
        thrown.push(`${label}: ${(e as Error).message}`);
      }
    }
    expect(thrown).toEqual([]);
  });
});
