/**
 * Property (issue 11): `check` never throws. For every resource (the Bucket included), arbitrary JSON inputs — wrong
 * types, missing nested objects, nulls, huge arrays, the right property names at every depth with the wrong values —
 * always yield either inputs or failures, and every failure names a property path (or, for a nested path, starts its
 * reason with it) and a reason. The stored-state path (diff of such inputs, read-back canonicalisation) never throws
 * either.
 */
import fc from "fast-check";
import { resources, setSettings } from "../../../provider";
import { UNKNOWN } from "../../../provider/common/unknowns";
import { runs } from "../property";

type Kind = keyof typeof resources;
const KINDS = Object.keys(resources) as Kind[];

/** Every property name the resources know, at any depth, so generated objects reach the nested validators. */
const NAMES = [
  "bucket", "region", "adopt", "name", "appId", "acl", "grants", "read", "write", "fullControl", "tags", "versioning", "encryption", "algorithm",
  "kmsKeyId", "multiAz", "forceDestroy", "rules", "responseVary", "id", "allowedOrigins", "allowedMethods", "allowedHeaders", "exposeHeaders",
  "maxAgeSeconds", "status", "prefix", "filter", "transitions", "days", "date", "storageClass", "expiration", "expiredObjectDeleteMarker",
  "noncurrentVersionTransitions", "noncurrentDays", "noncurrentVersionExpiration", "abortIncompleteMultipartUpload", "daysAfterInitiation",
  "policy", "version", "Version", "Statement", "statement", "Effect", "Principal", "qcs", "service", "Action", "Resource", "Condition",
  "role", "destination", "priority", "deleteMarkerReplication", "indexDocument", "errorDocument", "redirectAllRequestsTo", "protocol",
  "routingRules", "condition", "redirect", "httpErrorCodeReturnedEquals", "keyPrefixEquals", "replaceKeyWith", "replaceKeyPrefixWith",
  "httpRedirectCode", "targetBucket", "targetPrefix", "domains", "type", "emptyReferer", "__proto__", "constructor", "toString",
];

const scalar = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.string({ maxLength: 8 }), fc.constant(UNKNOWN),
  fc.constantFrom("site-1250000000", "ap-guangzhou", "Enabled", "GET", "*", "2030-01-01", "qcs::cam::anyone:anyone", "{", "[]", "{\"Statement\":1}"),
);
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...NAMES), tie("value"), { maxKeys: 5 }),
  ),
}));
/** Top-level inputs: mostly known names, with anything as values; sometimes a huge array. */
const inputs = fc.oneof(
  fc.dictionary(fc.constantFrom(...NAMES), value, { maxKeys: 8 }),
  fc.record({ bucket: fc.constant("site-1250000000"), rules: fc.array(value, { minLength: 1000, maxLength: 1200 }) }),
  fc.record({ bucket: fc.constant("site-1250000000"), tags: fc.dictionary(fc.string({ maxLength: 4 }), value, { minKeys: 60, maxKeys: 80 }) }),
);

beforeEach(() => setSettings({ region: "ap-guangzhou", appId: "1250000000" }));

describe.each(KINDS)("%s", (kind) => {
  test("check returns inputs or named failures for any JSON input, never an exception", async () => {
    await fc.assert(fc.asyncProperty(inputs, async (news) => {
      const r = await resources[kind].check({}, news as Record<string, unknown>);
      expect(r.inputs !== undefined || (r.failures ?? []).length > 0).toBe(true);
      for (const f of r.failures ?? []) {
        expect(typeof f.property).toBe("string");
        expect(typeof f.reason).toBe("string");
        expect(f.reason.length).toBeGreaterThan(0);
        if (f.property === "") expect(f.reason).toMatch(/^.+: ./s); // a nested path leads the reason
      }
      // What the engine then does with those inputs never throws either (stored state is read tolerantly).
      await resources[kind].diff("site-1250000000", (r.inputs ?? {}) as Record<string, unknown>, news as Record<string, unknown>);
    }), { numRuns: runs(200), timeout: 5000, endOnFailure: true });
  });
});
