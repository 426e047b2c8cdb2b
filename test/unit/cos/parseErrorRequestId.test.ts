/**
 * A 2xx whose body is not the document the operation expects is a COS failure like any other, and what Tencent
 * support asks for is its request id. CosServiceError carries it; CosResponseParseError dropped it, so a truncated
 * listing or a proxy's HTML page surfaced as "cannot parse response" with nothing to trace it by.
 */
import { CosResponseParseError } from "../../../provider/cos";
import { LOC, mockCos, closeMockAgents } from "./mockCos";

afterAll(closeMockAgents);

describe("CosResponseParseError carries the request id", () => {
  // A body cut short (a proxy dropped the rest): not well-formed XML for any operation.
  const broken = "<?xml version='1.0' encoding='utf-8' ?><Result><Item><Key>a</Key></Item><It";
  const cases: [string, (c: ReturnType<typeof mockCos>["client"]) => Promise<unknown>, string?][] = [
    ["getBucketCors", (c) => c.getBucketCors(LOC)],
    ["getBucketAcl", (c) => c.getBucketAcl(LOC)],
    ["getBucketLifecycle", (c) => c.getBucketLifecycle(LOC)],
    ["listObjects", (c) => c.listObjects(LOC)],
    ["listObjectVersions", (c) => c.listObjectVersions(LOC)],
    ["listMultipartUploads", (c) => c.listMultipartUploads(LOC)],
    ["getBucketLocation", (c) => c.getBucketLocation(LOC)],
    ["getObjectTagging", (c) => c.getObjectTagging(LOC, "k")],
    ["getBucketInventory", (c) => c.getBucketInventory(LOC, "inv")],
    ["deleteObjects", (c) => c.deleteObjects(LOC, [{ key: "k" }])],
    ["initiateMultipartUpload (no UploadId)", (c) => c.initiateMultipartUpload(LOC, "k"), "<InitiateMultipartUploadResult></InitiateMultipartUploadResult>"],
    ["completeMultipartUpload (no ETag)", (c) => c.completeMultipartUpload(LOC, "k", "u", [{ partNumber: 1, etag: '"a"' }]), "<CompleteMultipartUploadResult></CompleteMultipartUploadResult>"],
  ];
  it("getService", async () => {
    const { client } = mockCos(() => ({ status: 200, body: broken, headers: { "x-cos-request-id": "NjVhY2Rl-req-42" } }), {}, "https://service.cos.myqcloud.com");
    const e = await client.getService().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CosResponseParseError);
    expect((e as CosResponseParseError).message).toContain("(request id NjVhY2Rl-req-42)");
  });
  it.each(cases)("%s", async (_name, call, body = broken) => {
    const { client } = mockCos(() => ({ status: 200, body, headers: { "x-cos-request-id": "NjVhY2Rl-req-42" } }));
    const e = await call(client).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CosResponseParseError);
    const err = e as CosResponseParseError;
    expect(err.requestId).toBe("NjVhY2Rl-req-42");
    expect(err.message).toContain("(request id NjVhY2Rl-req-42)");
    expect(err.toJSON()).toMatchObject({ requestId: "NjVhY2Rl-req-42" });
  });
});
