/**
 * Object keys whose path addresses the bucket itself. URL handling normalises dot segments and empty paths
 * (RFC 3986 §5.2.4; WHATWG `new URL("https://h/a/..").pathname` is "/"), and COS does too: the official SDK refuses
 * such a key before GET Object "so that it does not become GET Bucket" (cos-nodejs-sdk-v5 `ObjectKeySimplifyCheck`,
 * on by default, `util.simplifyPath(key) === "/"`). Our client sent them as they were, signed, so `deleteObject(loc,
 * "a/..")` was a signed `DELETE /a/..` — DELETE Bucket once normalised — and `getObject` returned the bucket listing
 * as the object's content. No request may leave for such a key.
 */
import { CosValidationError } from "../../../provider/cos";
import { LOC, mockCos, closeMockAgents } from "./mockCos";

afterAll(closeMockAgents);

const BUCKET_KEYS = ["", ".", "..", "./", "a/..", "a/b/../..", "./.", "x/./..", "/", "//"];

describe("object keys that normalise to the bucket", () => {
  it.each(BUCKET_KEYS)("%j is refused before any request, for every object call", async (key) => {
    const { client, requests } = mockCos(() => ({ status: 204 }));
    const calls: [string, () => Promise<unknown>][] = [
      ["deleteObject", () => client.deleteObject(LOC, key)],
      ["getObject", () => client.getObject(LOC, key)],
      ["headObject", () => client.headObject(LOC, key)],
      ["putObject", () => client.putObject(LOC, key, "x")],
      ["abortMultipartUpload", () => client.abortMultipartUpload(LOC, key, "u1")],
      ["putObjectTagging", () => client.putObjectTagging(LOC, key, [{ key: "a", value: "b" }])],
    ];
    for (const [name, call] of calls) {
      const e = await call().catch((x: unknown) => x);
      expect([name, e]).toEqual([name, expect.any(CosValidationError)]);
      expect((e as Error).message).toContain(JSON.stringify(key));
    }
    expect(requests).toEqual([]);
  });

  it("keys that merely contain dots are sent as before", async () => {
    const { client, requests } = mockCos(() => ({ status: 204 }));
    for (const key of ["...", "a/...", ".hidden", "a..b", "a/./b", "a/../b", "dir/"]) await client.deleteObject(LOC, key);
    expect(requests.map((r) => r.method)).toEqual(Array(7).fill("DELETE"));
  });
});

describe("BucketObject check", () => {
  it.each(["a/..", "./", "x/./.."])("fails key %j at preview instead of at the first request", async (key) => {
    const { normalizeObject } = await import("../../../provider/resources/objectInputs");
    const r = await normalizeObject({ bucket: LOC.bucket, region: LOC.region, key, content: "x" });
    expect(r.failures).toEqual([expect.objectContaining({ property: "key" })]);
  });
});
