/** Names and tokens of the `pulumi import --file` entries tencentcos-import-list writes. */
import { entryName } from "../../../provider/native/importList";
import { kindOf, tokenOf } from "../../../provider/native/kinds";

test.each([
  ["site-1250000000", "bucket", "site"],
  ["site-1250000000", "bucketCors", "site-cors"],
  ["site-1250000000", "bucketLifecycle", "site-lifecycle"],
  ["site-1250000000", "website", "site-website"],
  ["a-b-1250000000", "replication", "a-b-replication"],
  ["logs-1250000000", "bucketLogging", "logs-logging"],
])("%s %s → %s", (bucket, kind, name) => {
  expect(entryName(bucket, kind)).toBe(name);
});

test("type tokens round-trip to the provider's kinds; unknown tokens are refused", () => {
  expect(tokenOf("bucketCors")).toBe("tencentcos:index:BucketCors");
  expect(kindOf("tencentcos:index:BucketCors")).toBe("bucketCors");
  expect(kindOf("tencentcos:index:Nope")).toBeUndefined();
  expect(kindOf("cos:index:Bucket")).toBeUndefined();
});
