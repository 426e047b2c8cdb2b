/**
 * `check` must never throw, for any JSON-like input. The property test (checkNeverThrows.property.test.ts)
 * never generates the hidden input `autoNameBase`, nor the property names of BucketObject, SyncedFolder, inventory,
 * logging, referer and acceleration, and it never makes a prototype-less object (what the dynamic-provider host builds
 * from a Struct key `__proto__`, and what the code elsewhere guards against with `asText`).
 */
import fc from "fast-check";
import { resources, setSettings } from "../../../provider";
import { UNKNOWN } from "../../../provider/common/unknowns";
import { runs } from "../property";

type Kind = keyof typeof resources;
const KINDS = Object.keys(resources) as Kind[];

beforeEach(() => setSettings({ region: "ap-guangzhou", appId: "1250000000" }));

const nullProto = (o: Record<string, unknown> = {}): Record<string, unknown> => Object.assign(Object.create(null), o);

describe("Bucket check with an odd autoNameBase", () => {
  it.each([
    ["a prototype-less object", nullProto()],
    ["a list holding a prototype-less object", [nullProto()]],
  ])("autoNameBase = %s: returns failures or inputs, never throws", async (_label, autoNameBase) => {
    const r = await resources.bucket.check({}, { autoNameBase, ownerKey: "aaaaaaaaaaaa.000000000001" });
    expect(r.inputs !== undefined || (r.failures ?? []).length > 0).toBe(true);
  });
});

/** Every input name the resources read, at any depth. */
const NAMES = [
  "__provider", "abortIncompleteMultipartUpload", "accountId", "acl", "adopt", "algorithm", "allowedHeaders", "allowedMethods", "allowedOrigins", "appId",
  "autoNameBase", "bucket", "cacheControl", "condition", "content", "contentBase64", "contentDisposition", "contentEncoding", "contentType", "concurrency",
  "date", "days", "daysAfterInitiation", "deleteMarkerReplication", "destination", "domains", "emptyReferer", "enabled", "encrypted", "encryption",
  "errorDocument", "expiration", "expiredObjectDeleteMarker", "exposeHeaders", "filter", "forceDestroy", "forcedReplacement", "frequency", "fullControl",
  "grants", "httpErrorCodeReturnedEquals", "httpRedirectCode", "id", "includeHiddenFiles", "includedObjectVersions", "indexDocument", "inventoryId", "key",
  "keyPrefixEquals", "kmsKeyId", "maxAgeSeconds", "metadata", "multiAz", "name", "noncurrentDays", "noncurrentVersionExpiration", "noncurrentVersionTransitions",
  "optionalFields", "ownerKey", "partSizeBytes", "path", "policy", "prefix", "priority", "protocol", "read", "readAcp", "redirect", "redirectAllRequestsTo",
  "refererType", "region", "replaceKeyPrefixWith", "replaceKeyWith", "responseVary", "role", "routingRules", "rules", "source", "status", "storageClass",
  "tags", "targetBucket", "targetPrefix", "transitions", "type", "versioning", "write", "writeAcp", "Statement", "Effect", "Principal", "Action", "Resource",
  "Condition", "qcs", "service", "text", "uri", "4dabf18193072939515e22adb298388d", "__proto__", "constructor", "toString", "valueOf",
];
const scalar = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.string({ maxLength: 6 }), fc.constant(UNKNOWN),
  fc.constantFrom("site-1250000000", "ap-guangzhou", "Enabled", "GET", "*", "NaN", "Infinity", "-0", "1e400", "99999999999999999999999", "0x10", " 7 ", "c44067f5952c0a294b673a41bacd8c17", "2030-01-01", "Daily", "a.txt"),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 53, -0),
);
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...NAMES), tie("value"), { maxKeys: 4 }),
    fc.dictionary(fc.constantFrom(...NAMES), tie("value"), { maxKeys: 3 }).map((o) => nullProto(o)),
  ),
}));
const inputs = fc.oneof(
  fc.dictionary(fc.constantFrom(...NAMES), value, { maxKeys: 8 }),
  fc.dictionary(fc.constantFrom(...NAMES), value, { maxKeys: 8 }).map((o) => nullProto(o)),
);

describe.each(KINDS)("%s: check never throws (all names, prototype-less objects, odd numbers)", (kind) => {
  test("property", async () => {
    await fc.assert(fc.asyncProperty(inputs, async (news) => {
      const r = await resources[kind].check({}, news as Record<string, unknown>);
      expect(r.inputs !== undefined || (r.failures ?? []).length > 0).toBe(true);
    }), { numRuns: runs(300), timeout: 5000, endOnFailure: true });
  });
});
