import { bucketHost, resolveTarget, serviceHost, validateBucketName, validateRegion } from "../../../provider/cos";

describe("bucket name validation (digest §2.1)", () => {
  it.each(["examplebucket-1250000000", "a-1", "my-bucket-01-1250000000", "0-1"])("accepts %s", (n) => expect(validateBucketName(n)).toBeUndefined());
  it.each([
    ["", /non-empty/],
    ["Example-1250000000", /lowercase/],
    ["examplebucket", /<name>-<appid>/],
    ["-bucket-1250000000", /<name>-<appid>/],
    ["bucket--1250000000", /<name>-<appid>/],
    ["bucket_x-1250000000", /<name>-<appid>/],
    ["bucket-125000000a", /<name>-<appid>/],
    [`${"a".repeat(50)}-1250000000`, /at most 60/],
  ])("rejects %j", (n, re) => expect(validateBucketName(n)).toMatch(re));
  it("accepts exactly 60 characters", () => expect(validateBucketName(`${"a".repeat(49)}-1250000000`)).toBeUndefined());
});

describe("region validation (digest §2.2)", () => {
  it.each(["ap-guangzhou", "ap-beijing-1", "eu-frankfurt", "na-siliconvalley"])("accepts %s", (r) => expect(validateRegion(r)).toBeUndefined());
  it.each(["guangzhou", "AP-guangzhou", "ap_guangzhou", "ap-", "cos.ap-beijing", "ap-beijing-1-2"])("rejects %s", (r) =>
    expect(validateRegion(r)).toMatch(/not a COS region/),
  );
});

describe("hosts and targets (digest §2.3)", () => {
  const loc = { bucket: "b-1250000000", region: "ap-guangzhou" };
  it("virtual-hosted over HTTPS by default", () => {
    expect(bucketHost(loc.bucket, loc.region)).toBe("b-1250000000.cos.ap-guangzhou.myqcloud.com");
    expect(resolveTarget(loc, "a b/c", {})).toEqual({ origin: "https://b-1250000000.cos.ap-guangzhou.myqcloud.com", host: "b-1250000000.cos.ap-guangzhou.myqcloud.com", wirePath: "/a%20b/c", signPath: "/a b/c" });
  });
  it("service hosts", () => {
    expect(serviceHost()).toBe("service.cos.myqcloud.com");
    expect(serviceHost("ap-beijing")).toBe("cos.ap-beijing.myqcloud.com");
    expect(resolveTarget(undefined, "", {}, "ap-beijing").host).toBe("cos.ap-beijing.myqcloud.com");
  });
  it("endpoint override changes only the origin", () => {
    expect(resolveTarget(loc, "", { endpoint: "http://127.0.0.1:9000/ignored" })).toMatchObject({ origin: "http://127.0.0.1:9000", host: "b-1250000000.cos.ap-guangzhou.myqcloud.com" });
  });
  it("path style signs /<bucket>/<key>", () => {
    expect(resolveTarget(loc, "k", { forcePathStyle: true })).toEqual({ origin: "https://cos.ap-guangzhou.myqcloud.com", host: "cos.ap-guangzhou.myqcloud.com", wirePath: "/b-1250000000/k", signPath: "/b-1250000000/k" });
  });
});
