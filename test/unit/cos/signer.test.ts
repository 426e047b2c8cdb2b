import { buildAuthorization, deriveSignKey, selectSignedHeaders, SignKeyCache, signParts, SigningClock } from "../../../provider/cos/signer";
import { canonicalList, uriEncode } from "../../../provider/cos/canonical";
import { contentMd5 } from "../../../provider/cos/clientCore";
import {
  D3_BODY,
  DOC_KEY_TIME,
  DOC_SECRET_ID,
  DOC_SECRET_KEY,
  DOC_VECTORS,
  SDK_VECTORS,
  sdkSignedHeaders,
} from "../../fixtures/signingVectors";

describe("signer: 002 worked examples and derived vectors (digest §1.5)", () => {
  it.each(DOC_VECTORS.map((v) => [v.name, v] as const))("%s", (_name, v) => {
    const p = signParts({
      secretId: DOC_SECRET_ID,
      secretKey: DOC_SECRET_KEY,
      method: v.method,
      pathname: v.pathname,
      query: v.query,
      headers: v.headers,
      keyTime: DOC_KEY_TIME,
    });
    expect(p.keyTime).toBe(DOC_KEY_TIME);
    expect(p.signKey).toBe(v.signKey);
    expect(p.httpString).toBe(v.httpString);
    expect(p.stringToSign).toBe(`sha1\n${DOC_KEY_TIME}\n${v.httpStringSha1}\n`);
    expect(p.signature).toBe(v.signature);
    expect(p.authorization).toBe(
      `q-sign-algorithm=sha1&q-ak=${DOC_SECRET_ID}&q-sign-time=${DOC_KEY_TIME}&q-key-time=${DOC_KEY_TIME}` +
        `&q-header-list=${v.headerList}&q-url-param-list=${v.urlParamList}&q-signature=${v.signature}`,
    );
  });

  it("reproduces the doc's TV1 Authorization verbatim (002:L505-556)", () => {
    expect(buildAuthorization({ secretId: DOC_SECRET_ID, secretKey: DOC_SECRET_KEY, method: "PUT", pathname: "/testfile2", query: {}, headers: DOC_VECTORS[0]!.headers, keyTime: DOC_KEY_TIME })).toBe(
      "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1417773892;1417853898&q-key-time=1417773892;1417853898&q-header-list=host;x-cos-content-sha1;x-cos-storage-class&q-url-param-list=&q-signature=84f5be2187452d2fe276dbdca932143ef8161145",
    );
  });

  it("the key as printed by the OCR'd doc (…RSVHIz) gives the documented wrong signature", () => {
    const p = signParts({ secretId: DOC_SECRET_ID, secretKey: "BQYIM75p8x0iWVFSIgqEKwFprpRSVHIz", method: "PUT", pathname: "/testfile2", query: {}, headers: DOC_VECTORS[0]!.headers, keyTime: DOC_KEY_TIME });
    expect(p.signature).toBe("d7374e6f488ca72bf1dac0452017092e941f6c94");
  });

  it("D3's body has the documented Content-MD5", () => {
    expect(Buffer.byteLength(D3_BODY)).toBe(126);
    expect(contentMd5(Buffer.from(D3_BODY))).toBe("8alqrbXMPQqTnk2/Sr7qJw==");
  });

  it("uses q-key-time for the signKey and q-sign-time for the stringToSign (§7 C4)", () => {
    const base = { secretId: "id", secretKey: "key", method: "GET", pathname: "/", query: {}, headers: { host: "h" }, keyTime: "1;100" };
    const p = signParts({ ...base, signTime: "1;50" });
    expect(p.signKey).toBe(signParts(base).signKey);
    expect(p.stringToSign.split("\n")[1]).toBe("1;50");
    expect(p.authorization).toContain("q-sign-time=1;50&q-key-time=1;100");
    expect(p.signature).not.toBe(signParts(base).signature);
  });
});

describe("signer: every vector of signature-vectors.json (cos-nodejs-sdk-v5 3.0.0 and doc 436/7778)", () => {
  it("has all 14 vectors", () => expect(SDK_VECTORS).toHaveLength(14));
  it.each(SDK_VECTORS.map((v) => [v.name, v] as const))("%s", (_name, v) => {
    const p = signParts({
      secretId: v.secretId,
      secretKey: v.secretKey,
      method: v.method,
      pathname: v.pathname,
      query: v.query,
      headers: v.signedHeaders ?? sdkSignedHeaders(v.headers),
      keyTime: v.keyTime,
    });
    if (v.signKey) expect(p.signKey).toBe(v.signKey);
    if (v.httpString) expect(p.httpString).toBe(v.httpString);
    if (v.stringToSign) expect(p.stringToSign).toBe(v.stringToSign);
    expect(p.authorization).toBe(v.expectedAuthorization);
  });
});

describe("signer: doc 436/7778 examples with the SDK's header choice", () => {
  const docs = SDK_VECTORS.filter((v) => v.sdkAuthorization !== undefined);
  it("covers both doc examples", () => expect(docs).toHaveLength(2));
  it.each(docs.map((v) => [v.name, v] as const))("%s without Date gives sdkAuthorization", (_name, v) => {
    const auth = buildAuthorization({ secretId: v.secretId, secretKey: v.secretKey, method: v.method, pathname: v.pathname, query: v.query, headers: sdkSignedHeaders(v.headers), keyTime: v.keyTime });
    expect(auth).toBe(v.sdkAuthorization);
  });
});

describe("SignKeyCache", () => {
  it("derives once per (secretKey, keyTime) and again when either changes", () => {
    const cache = new SignKeyCache();
    const first = cache.get(DOC_SECRET_KEY, DOC_KEY_TIME);
    expect(first).toBe(DOC_VECTORS[0]!.signKey);
    expect(cache.get(DOC_SECRET_KEY, DOC_KEY_TIME)).toBe(first);
    expect(cache.get(DOC_SECRET_KEY, "1;2")).toBe(deriveSignKey(DOC_SECRET_KEY, "1;2"));
    expect(cache.get("rotated", "1;2")).toBe(deriveSignKey("rotated", "1;2"));
    expect(cache.get(DOC_SECRET_KEY, DOC_KEY_TIME)).toBe(first);
  });
  it("a supplied signKey is the one signParts uses", () => {
    const v = DOC_VECTORS[0]!;
    const input = { secretId: DOC_SECRET_ID, secretKey: DOC_SECRET_KEY, method: v.method, pathname: v.pathname, query: v.query, headers: v.headers, keyTime: DOC_KEY_TIME };
    expect(signParts({ ...input, signKey: v.signKey }).signature).toBe(v.signature);
    expect(signParts({ ...input, signKey: deriveSignKey("other", DOC_KEY_TIME) }).signature).not.toBe(v.signature);
  });
});

describe("canonical encoding (digest §1.4)", () => {
  it("is strict RFC 3986 with uppercase hex", () => {
    expect(uriEncode("a b+c/d=e")).toBe("a%20b%2Bc%2Fd%3De");
    expect(uriEncode("!*'()")).toBe("%21%2A%27%28%29");
    expect(uriEncode("-_.~AZaz09")).toBe("-_.~AZaz09");
    expect(uriEncode("文")).toBe("%E6%96%87");
    expect(uriEncode("")).toBe("");
    expect(uriEncode("1B2M2Y8AsgTpgAmY7PhCfg==")).toBe("1B2M2Y8AsgTpgAmY7PhCfg%3D%3D");
    expect(uriEncode("a(b)")).toBe("a%28b%29");
  });
  it("lowercases encoded names, keeps value case, sorts, and signs valueless params as name=", () => {
    expect(canonicalList({ versionId: "AbC", acl: "", "Max-Keys": 20 })).toEqual({
      list: "acl;max-keys;versionid",
      formatted: "acl=&max-keys=20&versionid=AbC",
    });
  });
});

describe("selectSignedHeaders (digest §1.7)", () => {
  it("signs host, content-type/md5/length and every x-cos-* header, nothing else", () => {
    expect(
      selectSignedHeaders({
        host: "h",
        "Content-Type": "application/xml",
        "content-md5": "m",
        "content-length": "3",
        "x-cos-security-token": "t",
        "X-Cos-Acl": "private",
        "user-agent": "ua",
        range: "bytes=0-1",
        date: "d",
      }),
    ).toEqual({
      host: "h",
      "content-type": "application/xml",
      "content-md5": "m",
      "content-length": "3",
      "x-cos-security-token": "t",
      "x-cos-acl": "private",
    });
  });
});

describe("SigningClock", () => {
  it("opens the window 60 s in the past and closes it 900 s ahead", () => {
    const clock = new SigningClock(() => 1_700_000_000_500);
    expect(clock.keyTime()).toBe("1699999940;1700000900");
  });
  it("adopts server Date − local now as its offset", () => {
    const clock = new SigningClock(() => Date.parse("2024-01-01T00:00:00Z"));
    expect(clock.adoptServerDate("Mon, 01 Jan 2024 00:20:00 GMT")).toBe(true);
    expect(clock.offsetMs).toBe(20 * 60_000);
    expect(clock.keyTime()).toBe(`${Date.parse("2024-01-01T00:20:00Z") / 1000 - 60};${Date.parse("2024-01-01T00:20:00Z") / 1000 + 900}`);
    expect(clock.adoptServerDate("not a date")).toBe(false);
    expect(clock.adoptServerDate(undefined)).toBe(false);
    expect(clock.offsetMs).toBe(20 * 60_000);
  });
});
