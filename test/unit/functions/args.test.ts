import { checkGetBucketArgs, checkGetBucketsArgs, FunctionArgumentError } from "../../../provider/functions";
import { setSettings } from "../../../provider/config";

describe("lookup function arguments", () => {
  beforeEach(() => setSettings({}));
  it("getBucket requires a valid bucket name", () => {
    expect(() => checkGetBucketArgs({ region: "ap-guangzhou" })).toThrow(/getBucket: bucket is required/);
    expect(() => checkGetBucketArgs({ bucket: "NoAppId", region: "ap-guangzhou" })).toThrow(FunctionArgumentError);
    expect(() => checkGetBucketArgs({ bucket: 5 })).toThrow(/bucket must be a string/);
  });
  it("getBucket validates and defaults the region", () => {
    expect(() => checkGetBucketArgs({ bucket: "a-1250000000", region: "Nowhere" })).toThrow(/getBucket: region/);
    const saved = process.env.TENCENTCLOUD_REGION;
    delete process.env.TENCENTCLOUD_REGION;
    try {
      expect(() => checkGetBucketArgs({ bucket: "a-1250000000" })).toThrow(/region is required/);
      setSettings({ region: "ap-beijing" });
      expect(checkGetBucketArgs({ bucket: "a-1250000000" })).toEqual({ bucket: "a-1250000000", region: "ap-beijing" });
    } finally {
      if (saved !== undefined) process.env.TENCENTCLOUD_REGION = saved;
    }
  });
  it("getBuckets validates region and tags", () => {
    expect(() => checkGetBucketsArgs({ region: "x" })).toThrow(/getBuckets: region/);
    expect(() => checkGetBucketsArgs({ tags: { a: 1 } })).toThrow(/getBuckets: tags\.a must be a string/);
    expect(() => checkGetBucketsArgs({ tags: ["a"] })).toThrow(/tags must be a map/);
    expect(() => checkGetBucketsArgs("x")).toThrow(/args must be an object/);
    expect(checkGetBucketsArgs({ prefix: "p", region: "ap-guangzhou", tags: { a: "b" } })).toEqual({ prefix: "p", region: "ap-guangzhou", tags: { a: "b" } });
  });
});
