/**
 * bucketCors check skips building the XML document when a bound of its size is within COS's 64 KB (issue 15: check
 * runs on every resource at every preview). The skip is only sound if the bound is never below the real size.
 */
import fc from "fast-check";
import { corsToXml, type CorsRule } from "../../../provider/cos/operations/cors";
import { corsXmlBytesAtMost } from "../../../provider/resources/bucketCors";
import { runs } from "../property";

// Every kind of text: XML specials (escaped to entities), multi-byte and astral characters.
const text = fc.string({ unit: fc.constantFrom("a", "&", "<", ">", '"', "'", "é", "中", "😀", " ", "*"), minLength: 1, maxLength: 40 });
const rule: fc.Arbitrary<CorsRule> = fc.record(
  {
    id: text,
    allowedOrigins: fc.array(text, { minLength: 1, maxLength: 8 }),
    allowedMethods: fc.array(fc.constantFrom("GET", "PUT", "POST", "DELETE", "HEAD"), { minLength: 1, maxLength: 5 }),
    allowedHeaders: fc.array(text, { maxLength: 8 }),
    exposeHeaders: fc.array(text, { maxLength: 8 }),
    maxAgeSeconds: fc.nat(),
  },
  { requiredKeys: ["allowedOrigins", "allowedMethods"] },
);

test("the bound is never below the size of the document corsToXml builds", () => {
  fc.assert(
    fc.property(fc.array(rule, { minLength: 1, maxLength: 20 }), fc.boolean(), (rules, responseVary) => {
      expect(corsXmlBytesAtMost(rules)).toBeGreaterThanOrEqual(Buffer.byteLength(corsToXml({ rules, responseVary })));
    }),
    { numRuns: runs(500) },
  );
});

test("a configuration near the limit still gets the exact measurement (the bound exceeds 64 KB)", () => {
  const rules = Array.from({ length: 100 }, (_, i) => ({ allowedOrigins: [`https://s${i}.${"x".repeat(700)}.example`], allowedMethods: ["GET"] }));
  expect(Buffer.byteLength(corsToXml({ rules }))).toBeGreaterThan(64 * 1024);
  expect(corsXmlBytesAtMost(rules)).toBeGreaterThan(64 * 1024);
});
