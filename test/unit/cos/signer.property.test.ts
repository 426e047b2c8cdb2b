/**
 * Property: for hundreds of generated requests our Authorization equals the official SDK's
 * `COS.getAuthorization` (cos-nodejs-sdk-v5 3.0.0) given the same KeyTime and the same signed header set.
 * The SDK chooses headers itself (`sdk/util.js` getSignHeaderObj: x-cos-*, x-ci-* and an allow-list), so our
 * pure signer is fed exactly that set ({@link sdkSignedHeaders}); a second property checks that the headers our
 * client signs are a subset the SDK would sign too.
 *
 * Query parameter *names* are drawn from unreserved characters (plus upper case): the SDK sorts names by their
 * raw lowercased form while the digest (§1.3) sorts the encoded form; the two orders differ only for names
 * containing reserved characters, which no COS API uses. Values, keys and header values are unrestricted.
 * Header names are generated as `[a-z0-9-]` suffixes, which cannot spell `__proto__`.
 */
import fc from "fast-check";
import { selectSignedHeaders, signParts } from "../../../provider/cos";
import { sdkSignedHeaders } from "../../fixtures/signingVectors";
import { runs } from "../property";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const COS = require("cos-nodejs-sdk-v5") as { getAuthorization(o: Record<string, unknown>): string };

const SPECIAL = [..."!*'();:@&=+$,/?#[] %~-_."];
const special = fc.constantFrom(...SPECIAL);
const unicode = fc.constantFrom("文", "件", "é", "Zoë", "😀", "ß", "年");
const ascii = fc.constantFrom(..."abcXYZ019");
const anyText = fc.array(fc.oneof(special, unicode, ascii, fc.string({ unit: "grapheme", maxLength: 3 })), { maxLength: 12 }).map((a) => a.join(""));

const key = anyText.map((k) => k.replace(/^\/+/, ""));
// `__proto__` is excluded: the SDK's `clone()` assigns it as a prototype and silently drops it (util.js:299).
const paramName = fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/).filter((n) => n !== "__proto__");
const query = fc.uniqueArray(fc.tuple(paramName, fc.oneof(fc.constant(""), anyText)), {
  maxLength: 5,
  selector: ([name]) => name.toLowerCase(),
}).map((pairs) => Object.fromEntries(pairs));

const headerValue = anyText.map((v) => v.trim());
const cosHeaderName = fc.stringMatching(/^[a-z0-9-]{1,10}$/).chain((suffix) =>
  fc.constantFrom(`x-cos-meta-${suffix}`, `X-Cos-Meta-${suffix}`, `x-cos-${suffix}`),
);
const headers = fc
  .record(
    {
      Host: fc.constantFrom("examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com", "127.0.0.1:9000"),
      "Content-Type": fc.constantFrom("application/xml", "text/plain; charset=utf-8", "application/json"),
      "Content-MD5": fc.base64String({ minLength: 24, maxLength: 24 }),
      "Content-Length": fc.nat({ max: 1_000_000 }).map(String),
      "x-cos-security-token": headerValue,
      "User-Agent": fc.constant("not-signed/1.0"),
      Range: fc.constant("bytes=0-9"),
    },
    { requiredKeys: ["Host"] },
  )
  .chain((base) =>
    fc.uniqueArray(fc.tuple(cosHeaderName, headerValue), { maxLength: 4, selector: ([n]) => n.toLowerCase() }).map((extra) => ({
      ...base,
      ...Object.fromEntries(extra),
    })),
  );
const keyTime = fc.tuple(fc.integer({ min: 1_400_000_000, max: 2_000_000_000 }), fc.integer({ min: 1, max: 7200 })).map(([s, d]) => `${s};${s + d}`);
const method = fc.constantFrom("GET", "PUT", "POST", "DELETE", "HEAD");
const secretKey = fc.stringMatching(/^[A-Za-z0-9]{16,40}$/);

describe("signer vs cos-nodejs-sdk-v5 getAuthorization (property)", () => {
  it("produces the SDK's Authorization for generated requests", () => {
    fc.assert(
      fc.property(method, key, query, headers, keyTime, secretKey, (m, k, q, h, kt, sk) => {
        const pathname = `/${k}`;
        const ours = signParts({ secretId: "AKIDPROP", secretKey: sk, method: m, pathname, query: q, headers: sdkSignedHeaders(h), keyTime: kt });
        const sdk = COS.getAuthorization({ SecretId: "AKIDPROP", SecretKey: sk, Method: m, Pathname: pathname, Query: q, Headers: h, KeyTime: kt });
        expect(ours.authorization).toBe(sdk);
      }),
      { numRuns: runs(400) },
    );
  });

  it("our client's signed header set is one the SDK signs too", () => {
    fc.assert(
      fc.property(headers, (h) => {
        const ours = selectSignedHeaders(h);
        const sdk = Object.fromEntries(Object.entries(sdkSignedHeaders(h)).map(([n, v]) => [n.toLowerCase(), v]));
        for (const [n, v] of Object.entries(ours)) expect(sdk[n]).toBe(v);
        expect(Object.keys(ours)).toContain("host");
        expect(Object.keys(ours)).not.toContain("user-agent");
      }),
      { numRuns: runs(200) },
    );
  });
});
