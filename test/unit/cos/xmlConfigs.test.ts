import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  aclFromXml,
  aclToXml,
  corsFromXml,
  corsToXml,
  encryptionFromXml,
  encryptionToXml,
  lifecycleFromXml,
  lifecycleToXml,
  loggingFromXml,
  loggingToXml,
  policyFromBody,
  policyToBody,
  refererFromXml,
  refererToXml,
  replicationFromXml,
  replicationToXml,
  taggingFromXml,
  taggingToXml,
  versioningFromXml,
  versioningToXml,
  websiteFromXml,
  websiteToXml,
  CosResponseParseError,
  type AccessControlPolicy,
  type CorsConfiguration,
  type LifecycleConfiguration,
  type ReplicationConfiguration,
  type WebsiteConfiguration,
} from "../../../provider/cos";

const fixture = (name: string): string => readFileSync(join(__dirname, "../../fixtures/xml", name), "utf8");

describe("cors", () => {
  const cfg: CorsConfiguration = {
    rules: [
      { id: "rule-1", allowedOrigins: ["https://www.example.com", "https://app.example.com"], allowedMethods: ["PUT", "GET", "HEAD"], allowedHeaders: ["*"], exposeHeaders: ["ETag", "x-cos-request-id"], maxAgeSeconds: 600 },
      { allowedOrigins: ["*"], allowedMethods: ["GET"], allowedHeaders: ["Authorization"], maxAgeSeconds: 60 },
    ],
    responseVary: false,
  };
  it("round-trips model → XML → model", () => expect(corsFromXml(corsToXml(cfg))).toEqual(cfg));
  it("serializes exactly the body the SDK sent (raw-requests.md putBucketCors)", () => {
    expect(corsToXml(cfg)).toBe(
      "<CORSConfiguration><CORSRule><ID>rule-1</ID><AllowedOrigin>https://www.example.com</AllowedOrigin><AllowedOrigin>https://app.example.com</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><ExposeHeader>x-cos-request-id</ExposeHeader><MaxAgeSeconds>600</MaxAgeSeconds></CORSRule><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedHeader>Authorization</AllowedHeader><MaxAgeSeconds>60</MaxAgeSeconds></CORSRule><ResponseVary>false</ResponseVary></CORSConfiguration>",
    );
  });
  it("parses the 002 sample (002:L1600-1616): single elements become one-item lists, numbers are numbers", () => {
    expect(corsFromXml(fixture("cors-002.xml"))).toEqual({
      rules: [{ id: "1234", allowedOrigins: ["http://www.qq.com"], allowedMethods: ["PUT"], allowedHeaders: ["x-cos-meta-test"], exposeHeaders: ["x-cos-meta-test1"], maxAgeSeconds: 500 }],
    });
  });
  it("reads booleans case-insensitively (002 prints TRUE/FALSE)", () => {
    expect(corsFromXml("<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule><ResponseVary>TRUE</ResponseVary></CORSConfiguration>")?.responseVary).toBe(true);
  });
  it("an empty body or a rule-less document is 'not configured'", () => {
    expect(corsFromXml("")).toBeUndefined();
    expect(corsFromXml("<CORSConfiguration/>")).toBeUndefined();
  });
  it("rejects a different document and malformed XML", () => {
    expect(() => corsFromXml("<LifecycleConfiguration/>")).toThrow(CosResponseParseError);
    expect(() => corsFromXml("<CORSConfiguration><CORSRule></CORSConfiguration>")).toThrow(CosResponseParseError);
  });
  it("escapes XML special characters and keeps surrounding spaces", () => {
    const tricky: CorsConfiguration = { rules: [{ id: " a&b <c> \"d\" 'e' ", allowedOrigins: ["*"], allowedMethods: ["GET"] }] };
    expect(corsFromXml(corsToXml(tricky))).toEqual(tricky);
  });
});

describe("lifecycle", () => {
  const cfg: LifecycleConfiguration = {
    rules: [
      { id: "expire-logs", status: "Enabled", filter: { prefix: "logs/" }, transitions: [{ days: 30, storageClass: "STANDARD_IA" }, { days: 90, storageClass: "ARCHIVE" }], expiration: { days: 365 } },
      { id: "abort-mpu", status: "Disabled", abortIncompleteMultipartUpload: { daysAfterInitiation: 7 }, noncurrentVersionExpiration: { noncurrentDays: 30 }, noncurrentVersionTransitions: [{ noncurrentDays: 10, storageClass: "STANDARD_IA" }] },
      { id: "tagged", status: "Enabled", filter: { prefix: "a/", tags: [{ key: "k1", value: "v1" }, { key: "k2", value: "v2" }] }, expiration: { expiredObjectDeleteMarker: true } },
      { status: "Enabled", filter: { tags: [{ key: "only", value: "tag" }] }, transitions: [{ date: "2030-01-01T00:00:00.000Z", storageClass: "ARCHIVE" }] },
    ],
  };
  it("round-trips model → XML → model", () => expect(lifecycleFromXml(lifecycleToXml(cfg))).toEqual(cfg));
  it("wraps >1 filter condition in And, a single tag directly, and always emits Filter", () => {
    const xml = lifecycleToXml(cfg);
    expect(xml).toContain("<Filter><And><Prefix>a/</Prefix><Tag><Key>k1</Key><Value>v1</Value></Tag><Tag><Key>k2</Key><Value>v2</Value></Tag></And></Filter>");
    expect(xml).toContain("<Filter><Tag><Key>only</Key><Value>tag</Value></Tag></Filter>");
    expect(xml).toContain("<ID>abort-mpu</ID><Filter></Filter><Status>Disabled</Status>");
  });
  it("parses the 002 sample with rules id1/id2 (002:L2828-2850)", () => {
    expect(lifecycleFromXml(fixture("lifecycle-002.xml"))).toEqual({
      rules: [
        { id: "id1", status: "Enabled", filter: { prefix: "documents/" }, transitions: [{ days: 100, storageClass: "ARCHIVE" }] },
        { id: "id2", status: "Enabled", filter: { prefix: "logs/" }, expiration: { days: 10 } },
      ],
    });
  });
  it("reads a legacy rule-level Prefix into filter.prefix, and <Filter/> as no filter", () => {
    const got = lifecycleFromXml("<LifecycleConfiguration><Rule><ID>x</ID><Prefix>old/</Prefix><Status>enabled</Status><Expiration><Days>1</Days></Expiration></Rule><Rule><Filter/><Status>Disabled</Status></Rule></LifecycleConfiguration>");
    expect(got).toEqual({ rules: [{ id: "x", status: "Enabled", filter: { prefix: "old/" }, expiration: { days: 1 } }, { status: "Disabled" }] });
  });
  it("parses the SDK's wire body (raw-requests.md putBucketLifecycle)", () => {
    const xml = "<LifecycleConfiguration><Rule><ID>expire-logs</ID><Status>Enabled</Status><Filter><Prefix>logs/</Prefix></Filter><Transition><Days>30</Days><StorageClass>STANDARD_IA</StorageClass></Transition><Expiration><Days>365</Days></Expiration></Rule><Rule><ID>abort-mpu</ID><Status>Enabled</Status><Filter></Filter><AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload><NoncurrentVersionExpiration><NoncurrentDays>30</NoncurrentDays></NoncurrentVersionExpiration></Rule></LifecycleConfiguration>";
    expect(lifecycleFromXml(xml)?.rules[1]).toEqual({ id: "abort-mpu", status: "Enabled", abortIncompleteMultipartUpload: { daysAfterInitiation: 7 }, noncurrentVersionExpiration: { noncurrentDays: 30 } });
  });
});

describe("policy", () => {
  it("passes JSON through unchanged and rejects non-objects", () => {
    const p = '{"version":"2.0","Statement":[]}';
    expect(policyFromBody(policyToBody(p))).toBe(p);
    expect(() => policyToBody("[1]")).toThrow(/JSON object/);
    expect(() => policyToBody("{nope")).toThrow();
    expect(policyFromBody("  ")).toBeUndefined();
  });
});

describe("replication", () => {
  const cfg: ReplicationConfiguration = {
    role: "qcs::cam::uin/100000000001:uin/100000000001",
    rules: [
      { id: "r1", status: "Enabled", prefix: "img/", destination: { bucket: "qcs::cos:ap-beijing::destbucket-1250000000", storageClass: "Standard" } },
      { status: "Disabled", prefix: "", destination: { bucket: "qcs::cos:ap-beijing::destbucket-1250000000" } },
    ],
  };
  it("round-trips, always sending Prefix", () => {
    const xml = replicationToXml(cfg);
    expect(xml).toContain("<Prefix></Prefix>");
    expect(replicationFromXml(xml)).toEqual(cfg);
  });
  it("serializes the SDK's wire body (raw-requests.md putBucketReplication)", () => {
    expect(replicationToXml({ role: cfg.role, rules: [cfg.rules[0]!] })).toBe(
      "<ReplicationConfiguration><Role>qcs::cam::uin/100000000001:uin/100000000001</Role><Rule><ID>r1</ID><Status>Enabled</Status><Prefix>img/</Prefix><Destination><Bucket>qcs::cos:ap-beijing::destbucket-1250000000</Bucket><StorageClass>Standard</StorageClass></Destination></Rule></ReplicationConfiguration>",
    );
  });
  it("round-trips Priority, Filter (prefix, one tag, And) and DeleteMarkerReplication; Filter replaces the rule-level Prefix", () => {
    const v2: ReplicationConfiguration = {
      role: cfg.role,
      rules: [
        { id: "a", status: "Enabled", priority: 1, filter: { prefix: "logs/" }, destination: { bucket: "qcs::cos:ap-beijing::destbucket-1250000000" }, deleteMarkerReplication: "Disabled" },
        { id: "b", status: "Enabled", priority: 2, filter: { tags: [{ key: "k", value: "v" }] }, destination: { bucket: "qcs::cos:ap-beijing::destbucket-1250000000" } },
        { id: "c", status: "Disabled", priority: 3, filter: { prefix: "img/", tags: [{ key: "a", value: "1" }, { key: "b", value: "2" }] }, destination: { bucket: "qcs::cos:ap-beijing::destbucket-1250000000" }, deleteMarkerReplication: "Enabled" },
      ],
    };
    const xml = replicationToXml(v2);
    expect(xml).not.toContain("<Prefix></Prefix>");
    expect(xml).toContain("<Priority>1</Priority><Filter><Prefix>logs/</Prefix></Filter>");
    expect(xml).toContain("<Filter><And><Prefix>img/</Prefix><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>b</Key><Value>2</Value></Tag></And></Filter>");
    expect(xml).toContain("<DeleteMarkerReplication><Status>Enabled</Status></DeleteMarkerReplication>");
    expect(replicationFromXml(xml)).toEqual(v2);
  });
});

describe("versioning", () => {
  it("round-trips both states and reads 'never enabled' as undefined", () => {
    expect(versioningFromXml(versioningToXml("Enabled"))).toBe("Enabled");
    expect(versioningFromXml(versioningToXml("Suspended"))).toBe("Suspended");
    expect(versioningFromXml("<VersioningConfiguration/>")).toBeUndefined();
    expect(versioningFromXml("<VersioningConfiguration><Status>ENABLED</Status></VersioningConfiguration>")).toBe("Enabled");
  });
});

describe("website", () => {
  const cfg: WebsiteConfiguration = {
    indexDocument: { suffix: "index.html" },
    redirectAllRequestsTo: { protocol: "https" },
    errorDocument: { key: "404.html" },
    routingRules: [
      { condition: { httpErrorCodeReturnedEquals: "404" }, redirect: { protocol: "https", replaceKeyWith: "404.html" } },
      { condition: { keyPrefixEquals: "docs/" }, redirect: { protocol: "https", replaceKeyPrefixWith: "documents/", httpRedirectCode: "301" } },
    ],
  };
  it("round-trips", () => expect(websiteFromXml(websiteToXml(cfg))).toEqual(cfg));
  it("uses RoutingRules > RoutingRule nesting and the recommended order", () => {
    expect(websiteToXml({ ...cfg, routingRules: [cfg.routingRules![0]!] })).toBe(
      "<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix></IndexDocument><RedirectAllRequestsTo><Protocol>https</Protocol></RedirectAllRequestsTo><ErrorDocument><Key>404.html</Key></ErrorDocument><RoutingRules><RoutingRule><Condition><HttpErrorCodeReturnedEquals>404</HttpErrorCodeReturnedEquals></Condition><Redirect><Protocol>https</Protocol><ReplaceKeyWith>404.html</ReplaceKeyWith></Redirect></RoutingRule></RoutingRules></WebsiteConfiguration>",
    );
  });
  it("minimal document round-trips", () => expect(websiteFromXml(websiteToXml({ indexDocument: { suffix: "i.html" } }))).toEqual({ indexDocument: { suffix: "i.html" } }));
});

describe("tagging", () => {
  it("round-trips, with XML escaping (raw-requests.md putBucketTagging)", () => {
    const tags = [{ key: "env", value: "prod" }, { key: "team", value: `a&b <c> "d" 'e'` }];
    expect(taggingFromXml(taggingToXml(tags))).toEqual(tags);
    expect(taggingFromXml("<Tagging><TagSet><Tag><Key>team</Key><Value>a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos;</Value></Tag></TagSet></Tagging>")).toEqual([{ key: "team", value: `a&b <c> "d" 'e'` }]);
    expect(taggingFromXml("<Tagging><TagSet/></Tagging>")).toBeUndefined();
  });
});

describe("encryption", () => {
  it("round-trips and accepts ApplySideEncryptionConfiguration (§7 C16)", () => {
    expect(encryptionFromXml(encryptionToXml({ sseAlgorithm: "AES256" }))).toEqual({ sseAlgorithm: "AES256" });
    expect(encryptionFromXml(encryptionToXml({ sseAlgorithm: "KMS", kmsMasterKeyId: "k-1" }))).toEqual({ sseAlgorithm: "KMS", kmsMasterKeyId: "k-1" });
    expect(encryptionToXml({ sseAlgorithm: "AES256" })).toBe("<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>");
    expect(encryptionFromXml("<ServerSideEncryptionConfiguration><Rule><ApplySideEncryptionConfiguration><SSEAlgorithm>AES256</SSEAlgorithm></ApplySideEncryptionConfiguration></Rule></ServerSideEncryptionConfiguration>")).toEqual({ sseAlgorithm: "AES256" });
  });
});

describe("logging", () => {
  it("round-trips, and an empty BucketLoggingStatus means disabled", () => {
    const cfg = { targetBucket: "logs-1250000000", targetPrefix: "b/" };
    expect(loggingFromXml(loggingToXml(cfg))).toEqual(cfg);
    expect(loggingToXml(undefined)).toBe("<BucketLoggingStatus></BucketLoggingStatus>");
    expect(loggingFromXml(loggingToXml(undefined))).toBeUndefined();
    expect(loggingFromXml("<BucketLoggingStatus/>")).toBeUndefined();
  });
});

describe("referer", () => {
  it("round-trips and reads enum values case-insensitively", () => {
    const cfg = { status: "Enabled", refererType: "White-List", domains: ["*.qq.com", "*.qcloud.com"], emptyReferConfiguration: "Allow" } as const;
    expect(refererFromXml(refererToXml({ ...cfg, domains: [...cfg.domains] }))).toEqual(cfg);
    expect(refererFromXml("<RefererConfiguration><Status>disabled</Status><RefererType>black-list</RefererType><DomainList><Domain>a.com</Domain></DomainList></RefererConfiguration>")).toEqual({ status: "Disabled", refererType: "Black-List", domains: ["a.com"] });
  });
});

describe("acl", () => {
  const policy: AccessControlPolicy = {
    owner: { id: "qcs::cam::uin/1:uin/1", displayName: "1" },
    grants: [
      { grantee: { type: "CanonicalUser", id: "qcs::cam::uin/1:uin/1", displayName: "1" }, permission: "FULL_CONTROL" },
      { grantee: { type: "Group", uri: "http://cam.qcloud.com/groups/global/AllUsers" }, permission: "READ" },
      { grantee: { type: "CanonicalUser", id: "qcs::cam::uin/1:uin/2" }, permission: "WRITE_ACP" },
    ],
  };
  it("round-trips with xsi:type CanonicalUser/Group", () => {
    const xml = aclToXml(policy);
    expect(xml).toContain('<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>');
    expect(aclFromXml(xml)).toEqual(policy);
  });
  it("parses the 002 sample: RootAccount → CanonicalUser, 'FULL CONTROL' → FULL_CONTROL (002:L1473)", () => {
    expect(aclFromXml(fixture("acl-002.xml"))).toEqual({
      owner: { id: "qcs::cam::uin/12345:uin/12345", displayName: "qcs::cam::uin/12345:uin/12345" },
      grants: [
        { grantee: { type: "CanonicalUser", id: "qcs::cam::uin/12345:uin/12345", displayName: "qcs::cam::uin/12345:uin/12345" }, permission: "FULL_CONTROL" },
        { grantee: { type: "CanonicalUser", id: "qcs::cam::uin/54321:uin/54321", displayName: "qcs::cam::anyone:anyone" }, permission: "READ" },
      ],
    });
  });
  it("accepts SubAccount and a Grantee without xsi:type (the SDK's body has none)", () => {
    const sdk = "<AccessControlPolicy><Owner><ID>qcs::cam::uin/100000000001:uin/100000000001</ID></Owner><AccessControlList><Grant><Permission>READ</Permission><Grantee><ID>qcs::cam::uin/100000000002:uin/100000000002</ID></Grantee></Grant><Grant><Grantee xsi:type=\"SubAccount\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><ID>x</ID></Grantee><Permission>WRITE</Permission></Grant></AccessControlList></AccessControlPolicy>";
    expect(aclFromXml(sdk).grants).toEqual([
      { grantee: { type: "CanonicalUser", id: "qcs::cam::uin/100000000002:uin/100000000002" }, permission: "READ" },
      { grantee: { type: "CanonicalUser", id: "x" }, permission: "WRITE" },
    ]);
  });
});
