/**
 * Property (issue 11, "refresh never loses what is live"): for generated live documents — including forms the input
 * rules refuse (a `+08:00` date, a `*://` origin, an archive replica class, a 200 redirect code, out-of-range numbers)
 * — `read` returns, as inputs, every element of the document the model has a place for. Reading is a tolerant
 * mapping; only `check` is strict. The client is a stand-in that answers the configuration GET with the document.
 */
import fc from "fast-check";
import * as config from "../../../provider/config";
import { resources, setSettings } from "../../../provider";
import type { CorsConfiguration } from "../../../provider/cos/operations/cors";
import type { LifecycleConfiguration } from "../../../provider/cos/operations/lifecycle";
import type { ReplicationConfiguration } from "../../../provider/cos/operations/replication";
import type { WebsiteConfiguration } from "../../../provider/cos/operations/website";
import { runs } from "../property";

const B = "site-1250000000";
type Kind = "bucketCors" | "bucketLifecycle" | "bucketPolicy" | "replication" | "website";
const GET: Record<Kind, string> = {
  bucketCors: "getBucketCors", bucketLifecycle: "getBucketLifecycle", bucketPolicy: "getBucketPolicy", replication: "getBucketReplication", website: "getBucketWebsite",
};

/** A client whose configuration GET answers `live`; every other call answers nothing. */
function fakeClient(kind: Kind, live: unknown): unknown {
  return new Proxy({}, { get: (_t, name) => async () => (name === GET[kind] ? live : undefined) });
}

let spy: jest.SpyInstance;
beforeEach(() => setSettings({ region: "ap-guangzhou", appId: "1250000000" }));
afterEach(() => spy?.mockRestore());

async function readBack(kind: Kind, live: unknown): Promise<Record<string, unknown>> {
  spy = jest.spyOn(config, "providerClient").mockReturnValue(fakeClient(kind, live) as ReturnType<typeof config.providerClient>);
  const r = await resources[kind].read(B, { bucket: B, region: "ap-guangzhou" });
  expect(r.id).toBe(B);
  return r.inputs as Record<string, unknown>;
}

/** Every scalar of a value, as lower-case text (methods and classes are upper-cased by canonicalisation). */
function leaves(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => leaves(x, out));
  else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) { out.push(`key:${k.toLowerCase()}`); leaves(x, out); }
  else if (v !== undefined && v !== null) out.push(String(v).toLowerCase());
  return out;
}

function expectKept(expected: string[], inputs: unknown): void {
  const have = new Set(leaves(inputs));
  expect(expected.map((x) => x.toLowerCase()).filter((x) => !have.has(x))).toEqual([]);
}

const word = fc.stringMatching(/^[A-Za-z0-9*:/._+-]{1,12}$/);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const date = fc.oneof(
  fc.constantFrom("2031-01-01T00:00:00+08:00", "2030-12-31T16:00:00.000Z", "2030-01-01", "2030-13-01T00:00:00Z", "2030-01-01T12:00:00Z"),
  word,
);
const storageClass = fc.oneof(fc.constantFrom("STANDARD_IA", "Archive", "standard", "GLACIER", "DEEP_ARCHIVE"), word);
const tags = fc.uniqueArray(fc.record({ key: word, value: word }), { selector: (t) => t.key, maxLength: 3 });

const cors: fc.Arbitrary<CorsConfiguration> = fc.record({
  rules: fc.array(fc.record({
    id: maybe(word),
    allowedOrigins: fc.array(fc.oneof(fc.constantFrom("*", "*://static.example.com", "https://*.*.example.com", "example.com"), word), { minLength: 1, maxLength: 3 }),
    allowedMethods: fc.array(fc.oneof(fc.constantFrom("GET", "put", "PATCH"), word), { minLength: 1, maxLength: 3 }),
    allowedHeaders: maybe(fc.array(word, { minLength: 1, maxLength: 3 })),
    exposeHeaders: maybe(fc.array(word, { minLength: 1, maxLength: 3 })),
    maxAgeSeconds: maybe(fc.integer({ min: -5, max: 1e6 })),
  }, { requiredKeys: ["allowedOrigins", "allowedMethods"] }), { minLength: 1, maxLength: 4 }),
  responseVary: maybe(fc.boolean()),
}, { requiredKeys: ["rules"] });

const dayOrDate = fc.oneof(fc.record({ days: fc.integer({ min: -1, max: 5000 }) }), fc.record({ date }), fc.record({ days: fc.integer({ min: 0, max: 9 }), date }));
const lifecycle: fc.Arbitrary<LifecycleConfiguration> = fc.record({
  rules: fc.uniqueArray(fc.record({
    id: maybe(word),
    status: fc.constantFrom("Enabled" as const, "Disabled" as const),
    filter: maybe(fc.record({ prefix: maybe(word), tags: maybe(tags) })),
    transitions: maybe(fc.array(fc.tuple(dayOrDate, storageClass).map(([d, s]) => ({ ...d, storageClass: s })), { maxLength: 2 })),
    expiration: maybe(fc.oneof(dayOrDate, fc.record({ expiredObjectDeleteMarker: fc.boolean() }))),
    noncurrentVersionTransitions: maybe(fc.array(fc.record({ noncurrentDays: fc.integer({ min: -1, max: 5000 }), storageClass }), { maxLength: 2 })),
    noncurrentVersionExpiration: maybe(fc.record({ noncurrentDays: fc.integer({ min: 0, max: 5000 }) })),
    abortIncompleteMultipartUpload: maybe(fc.record({ daysAfterInitiation: fc.integer({ min: 0, max: 5000 }) })),
  }, { requiredKeys: ["status"] }), { minLength: 1, maxLength: 3, selector: (r) => r.id ?? Math.random() }),
});

const replication: fc.Arbitrary<ReplicationConfiguration> = fc.record({
  role: maybe(fc.oneof(fc.constant("qcs::cam::uin/1:uin/1"), word)),
  rules: fc.array(fc.record({
    id: maybe(word),
    status: fc.constantFrom("Enabled" as const, "Disabled" as const),
    priority: maybe(fc.integer({ min: -3, max: 50 })),
    prefix: maybe(word),
    filter: maybe(fc.record({ prefix: maybe(word), tags: maybe(tags) })),
    destination: fc.record({
      bucket: fc.oneof(fc.constantFrom("qcs::cos:ap-shanghai::dst-1250000000", "qcs::cos:ap-beijing:uid/1250000000:d2-1250000000"), word),
      storageClass: maybe(storageClass),
    }, { requiredKeys: ["bucket"] }),
    deleteMarkerReplication: maybe(fc.constantFrom("Enabled" as const, "Disabled" as const)),
  }, { requiredKeys: ["status", "destination"] }), { minLength: 1, maxLength: 3 }),
}, { requiredKeys: ["rules"] });

const code = fc.oneof(fc.constantFrom("404", "500", "200", "301", "abc"), word);
const website: fc.Arbitrary<WebsiteConfiguration> = fc.record({
  indexDocument: fc.record({ suffix: fc.oneof(fc.constant("/index.html"), word) }),
  errorDocument: maybe(fc.record({ key: word })),
  redirectAllRequestsTo: maybe(fc.record({ protocol: fc.constantFrom("https", "http", "ftp") })),
  routingRules: maybe(fc.array(fc.record({
    condition: fc.record({ httpErrorCodeReturnedEquals: maybe(code), keyPrefixEquals: maybe(word) }),
    redirect: fc.record({ protocol: maybe(fc.constantFrom("https", "http")), replaceKeyWith: maybe(word), replaceKeyPrefixWith: maybe(word), httpRedirectCode: maybe(code) }),
  }), { maxLength: 3 })),
}, { requiredKeys: ["indexDocument"] });

describe("read keeps every live element the model has a place for", () => {
  test("CORS", async () => {
    await fc.assert(fc.asyncProperty(cors, async (live) => {
      const inputs = await readBack("bucketCors", live);
      expectKept(leaves(live).filter((x) => !x.startsWith("key:")), inputs);
    }), { numRuns: runs(150) });
  });

  test("lifecycle", async () => {
    await fc.assert(fc.asyncProperty(lifecycle, async (live) => {
      const inputs = await readBack("bucketLifecycle", live);
      // Tags become a map: their keys and values are kept as map keys and values.
      const expected = live.rules.flatMap((r) => [
        ...leaves({ ...r, filter: undefined }).filter((x) => !x.startsWith("key:")),
        ...(r.filter?.prefix ? [r.filter.prefix] : []),
        ...(r.filter?.tags ?? []).flatMap((t) => [`key:${t.key}`, t.value]),
      ]);
      expectKept(expected, inputs);
    }), { numRuns: runs(150) });
  });

  test("replication", async () => {
    await fc.assert(fc.asyncProperty(replication, async (live) => {
      const inputs = await readBack("replication", live);
      const expected = [
        ...(live.role !== undefined ? [live.role] : []),
        ...live.rules.flatMap((r) => {
          const m = /^qcs::cos:([a-z0-9-]+):(?:uid\/\d+)?:([a-z0-9-]+)$/.exec(r.destination.bucket);
          return [
            r.status, ...(r.id !== undefined ? [r.id] : []), ...(r.priority !== undefined ? [String(r.priority)] : []),
            ...(r.filter ? [...(r.filter.prefix !== undefined ? [r.filter.prefix] : []), ...(r.filter.tags ?? []).flatMap((t) => [`key:${t.key}`, t.value])] : r.prefix ? [r.prefix] : []),
            ...(m ? [m[1]!, m[2]!] : [r.destination.bucket]),
            ...(r.destination.storageClass !== undefined ? [r.destination.storageClass] : []),
            ...(r.deleteMarkerReplication !== undefined ? [r.deleteMarkerReplication] : []),
          ];
        }),
      ];
      expectKept(expected, inputs);
    }), { numRuns: runs(150) });
  });

  test("website", async () => {
    await fc.assert(fc.asyncProperty(website, async (live) => {
      const inputs = await readBack("website", live);
      expectKept(leaves(live).filter((x) => !x.startsWith("key:")), inputs);
    }), {
      numRuns: runs(150),
      // found by CI: a code with a leading zero was read back as the number 0, losing its text
      examples: [[{ indexDocument: { suffix: "/index.html" }, routingRules: [{ condition: { httpErrorCodeReturnedEquals: "00" }, redirect: { httpRedirectCode: "0301" } }, { condition: { httpErrorCodeReturnedEquals: "-0" }, redirect: {} }] }]],
    });
  });

  test("policy: the live document is kept whole, whatever it holds", async () => {
    await fc.assert(fc.asyncProperty(fc.jsonValue(), async (doc) => {
      const inputs = await readBack("bucketPolicy", JSON.stringify({ Statement: [doc] }));
      expectKept(leaves(doc).filter((x) => !x.startsWith("key:")), inputs);
    }), { numRuns: runs(100) });
  });

  test("Bucket: live tags with reserved keys and grants to principals check refuses are kept", async () => {
    const answers: Record<string, unknown> = {
      getBucketAcl: { owner: { id: "qcs::cam::uin/1:uin/1" }, grants: [
        { grantee: { type: "CanonicalUser", id: "qcs::cam::uin/1:uin/1" }, permission: "FULL_CONTROL" },
        { grantee: { type: "CanonicalUser", id: "qcs::cam::uin/1:groupid/7" }, permission: "READ" }] },
      getBucketTagging: [{ key: "project", value: "p" }, { key: "qcs:x", value: "y" }, { key: "team", value: "t" }],
      getBucketVersioning: "Enabled",
    };
    spy = jest.spyOn(config, "providerClient").mockReturnValue(new Proxy({}, { get: (_t, name) => async () => answers[name as string] }) as ReturnType<typeof config.providerClient>);
    const r = await resources.bucket.read(B, { bucket: B, region: "ap-guangzhou", tags: { team: "t" }, versioning: "Enabled" });
    expect((r.inputs as { tags: Record<string, string> }).tags).toMatchObject({ project: "p", "qcs:x": "y", team: "t" });
    expect((r.inputs as { grants: { read: string[] } }).grants.read).toEqual(["qcs::cam::uin/1:groupid/7"]);
    // and state that holds them is read back tolerantly too: the next refresh keeps them
    const again = await resources.bucket.read(B, r.props as Record<string, unknown>);
    expect(again.inputs).toEqual(r.inputs);
  });

  test("the issue's examples: a +08:00 date and a *:// origin", async () => {
    const lc = await readBack("bucketLifecycle", { rules: [{ id: "r", status: "Enabled", expiration: { date: "2031-01-01T00:00:00+08:00" } }] });
    expect(lc.rules).toEqual([{ id: "r", status: "Enabled", expiration: { date: "2031-01-01T00:00:00+08:00" } }]);
    const c = await readBack("bucketCors", { rules: [{ allowedOrigins: ["https://a.example", "*://static.example.com"], allowedMethods: ["GET"] }] });
    expect((c.rules as { allowedOrigins: string[] }[])[0]!.allowedOrigins).toEqual(["*://static.example.com", "https://a.example"]);
  });
});

// fast-check's counterexample (seed -1332357826): a tag key `__proto__` assigned to a plain object set its prototype
// and the tag was lost on read.
test("a filter tag keyed __proto__ is kept (replication and lifecycle)", async () => {
  const tags = [{ key: "__proto__", value: "a" }];
  const repl = await readBack("replication", { rules: [{ status: "Enabled", filter: { tags }, destination: { bucket: "/" } }] });
  expect(leaves(repl)).toEqual(expect.arrayContaining(["key:__proto__", "a"]));
  const lc = await readBack("bucketLifecycle", { rules: [{ id: "r", status: "Enabled", filter: { tags }, expiration: { days: 1 } }] });
  expect(leaves(lc)).toEqual(expect.arrayContaining(["key:__proto__", "a"]));
});
