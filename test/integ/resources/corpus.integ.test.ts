/**
 * Round-trip corpus: for each resource, many realistic configurations — including the documents' own samples — where
 * create → read → diff reports no change. This is what "no spurious diffs" means on every `pulumi preview`.
 */
import { resources } from "../../../provider";
import { type Kind, type Props, type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv(); });
afterAll(async () => { await env.close(); });

const R = (b: string, p = "*") => `qcs::cos:ap-guangzhou:uid/1250000000:${b}/${p}`;
const ROLE = "qcs::cam::uin/100000000001:uin/100000000001";

const CORPUS: Record<Exclude<Kind, "bucket" | "bucketObject" | "syncedFolder">, [string, (b: string) => Props][]> = {
  bucketCors: [
    // 002_a43fefa69e5e82d1.txt L2600-2610 (PUT Bucket cors sample)
    ["002 sample", (b) => ({ bucket: b, rules: [{ id: "1234", allowedOrigins: ["http://www.qq.com"], allowedMethods: ["PUT"], allowedHeaders: ["x-cos-meta-test"], maxAgeSeconds: 500, exposeHeaders: ["x-cos-meta-test1"] }] })],
    // reference/raw-requests.md putBucketCors body (official SDK)
    ["official SDK sample", (b) => ({ bucket: b, responseVary: false, rules: [
      { id: "rule-1", allowedOrigins: ["https://www.example.com", "https://app.example.com"], allowedMethods: ["PUT", "GET", "HEAD"], allowedHeaders: ["*"], exposeHeaders: ["ETag", "x-cos-request-id"], maxAgeSeconds: 600 },
      { allowedOrigins: ["*"], allowedMethods: ["GET"], allowedHeaders: ["Authorization"], maxAgeSeconds: 60 }] })],
    ["response vary, all methods, zero max age", (b) => ({ bucket: b, responseVary: true, rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET", "PUT", "POST", "DELETE", "HEAD"], maxAgeSeconds: 0 }] })],
    ["lower-case methods, duplicate origins", (b) => ({ bucket: b, rules: [{ allowedOrigins: ["https://a.example:8443", "https://a.example:8443"], allowedMethods: ["get", "head"] }] })],
    ["many ordered rules", (b) => ({ bucket: b, rules: Array.from({ length: 20 }, (_, i) => ({ id: `r${i}`, allowedOrigins: [`https://s${i}.example`], allowedMethods: ["GET"] })) })],
    // issue 11: header names in any case, a wildcard scheme, a second-level wildcard
    ["header case, *:// origin", (b) => ({ bucket: b, rules: [{ allowedOrigins: ["*://static.example.com", "https://*.example.com"], allowedMethods: ["GET"], allowedHeaders: ["Content-Type", "x-cos-meta-Author", "content-type"], exposeHeaders: ["Etag", "x-cos-request-id"] }] })],
  ],
  bucketLifecycle: [
    // 002 L2828-2850: id1 documents/ → ARCHIVE after 100 days; id2 logs/ expire after 10 days
    ["002 sample", (b) => ({ bucket: b, rules: [
      { id: "id1", filter: { prefix: "documents/" }, transitions: [{ days: 100, storageClass: "ARCHIVE" }] },
      { id: "id2", filter: { prefix: "logs/" }, expiration: { days: 10 } }] })],
    ["tiering chain + expiry, mixed case classes", (b) => ({ bucket: b, rules: [{ id: "tier", transitions: [{ days: 30, storageClass: "Standard_IA" }, { days: 90, storageClass: "archive" }, { days: 365, storageClass: "DEEP_ARCHIVE" }], expiration: { days: 3650 } }] })],
    ["whole bucket via empty prefix", (b) => ({ bucket: b, rules: [{ id: "all", filter: { prefix: "" }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }] })],
    ["tags only", (b) => ({ bucket: b, rules: [{ id: "tagged", filter: { tags: { class: "temp" } }, expiration: { days: 1 } }] })],
    ["prefix and tags (And)", (b) => ({ bucket: b, rules: [{ id: "and", filter: { prefix: "tmp/", tags: { a: "1", b: "2" } }, expiration: { days: 3 } }] })],
    ["versioned: noncurrent + delete markers, disabled rule", (b) => ({ bucket: b, rules: [
      { id: "nc", noncurrentVersionTransitions: [{ noncurrentDays: 30, storageClass: "STANDARD_IA" }], noncurrentVersionExpiration: { noncurrentDays: 180 } },
      { id: "markers", status: "Disabled", expiration: { expiredObjectDeleteMarker: true } }] })],
    ["dates", (b) => ({ bucket: b, rules: [{ id: "d", transitions: [{ date: "2031-01-01", storageClass: "ARCHIVE" }], expiration: { date: "2032-01-01T00:00:00Z" } }] })],
    // issue 11: the documented date forms, a rule without id (the server assigns one, as COS does), the legacy prefix
    ["dates at +08:00 and midnight UTC", (b) => ({ bucket: b, rules: [{ id: "d", transitions: [{ date: "2031-01-01T00:00:00+08:00", storageClass: "ARCHIVE" }], expiration: { date: "2032-01-01T00:00:00.000Z" } }] })],
    ["rules without ids", (b) => ({ bucket: b, rules: [{ filter: { prefix: "tmp/" }, expiration: { days: 1 } }, { id: "named", expiration: { days: 9 } }, { transitions: [{ days: 30, storageClass: "STANDARD_IA" }] }] })],
    ["legacy rule-level prefix", (b) => ({ bucket: b, rules: [{ id: "old", prefix: "logs/", expiration: { days: 7 } }] })],
  ],
  bucketPolicy: [
    ["public read (object)", (b) => ({ bucket: b, policy: { version: "2.0", Statement: [{ Effect: "allow", Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Action: ["name/cos:GetObject", "name/cos:HeadObject"], Resource: [R(b)] }] } })],
    // the SDK documents' sample shape (digest §5.15.1): lowercase keys, condition
    ["SDK sample with condition (JSON string)", (b) => ({ bucket: b, policy: JSON.stringify({ version: "2.0", Statement: [{ Principal: { qcs: ["qcs::cam::uin/100000000001:uin/100000000011"] }, Effect: "allow", Action: ["name/cos:GetObject", "name/cos:PutObject"], Resource: [R(b)], condition: { ip_equal: { "qcs:ip": "10.121.2.10/24" } } }] }) })],
    ["scalars, deny + allow, own Sid kept", (b) => ({ bucket: b, policy: { Version: "2.0", Statement: [
      { Sid: "mine", Effect: "Deny", Principal: { qcs: "qcs::cam::uin/100000000001:uin/100000000022" }, Action: "name/cos:DeleteObject", Resource: R(b, "prod/*") },
      { Effect: "Allow", Principal: { qcs: ["qcs::cam::uin/100000000001:uin/100000000022"] }, Action: ["*"], Resource: [R(b, "dev/*")] }] } })],
    // issue 11: a service principal, every key lower-case, an _if_exist operator with a qualifier
    ["service principal, lower-case keys", (b) => ({ bucket: b, policy: { version: "2.0", statement: [{ effect: "allow", principal: { service: ["cos.qcloud.com"] }, action: ["name/cos:GetObject"], resource: [R(b)], condition: { "for_any_value:string_like_if_exist": { "cos:content-type": ["image/*"] } } }] } })],
  ],
  website: [
    ["index only", (b) => ({ bucket: b, indexDocument: "index.html" })],
    ["index + error + https redirect", (b) => ({ bucket: b, indexDocument: "index.html", errorDocument: "error.html", redirectAllRequestsTo: { protocol: "https" } })],
    ["routing rules (SDK samples)", (b) => ({ bucket: b, indexDocument: "index.html", errorDocument: "error.html", routingRules: [
      { condition: { httpErrorCodeReturnedEquals: 404 }, redirect: { protocol: "https", replaceKeyWith: "404.html" } },
      { condition: { keyPrefixEquals: "docs/" }, redirect: { protocol: "https", replaceKeyPrefixWith: "documents/" } },
      { condition: { keyPrefixEquals: "img/", httpErrorCodeReturnedEquals: 403 }, redirect: { replaceKeyWith: "denied.png" } }] })],
    ["redirect codes", (b) => ({ bucket: b, indexDocument: "index.html", routingRules: [{ condition: { keyPrefixEquals: "old/" }, redirect: { replaceKeyPrefixWith: "new/", httpRedirectCode: 301 } }, { condition: { httpErrorCodeReturnedEquals: 404 }, redirect: { replaceKeyWith: "404.html", httpRedirectCode: "302" } }] })],
  ],
  replication: [
    ["whole bucket", (b) => ({ bucket: b, role: ROLE, rules: [{ id: "all", destination: { bucket: `dst${b}`, region: "ap-shanghai" } }] })],
    ["two prefixes, storage class, one disabled", (b) => ({ bucket: b, role: ROLE, rules: [
      { id: "logs", prefix: "logs/", destination: { bucket: `dst${b}`, region: "ap-shanghai", storageClass: "Standard_IA" } },
      { id: "img", status: "Disabled", prefix: "img/", destination: { bucket: `dst${b}`, region: "ap-shanghai" } }] })],
    // issue 11: Priority, Filter (prefix / tags / And) and DeleteMarkerReplication
    ["priority, filter, delete markers", (b) => ({ bucket: b, role: ROLE, rules: [
      { id: "p", priority: 1, filter: { prefix: "p/" }, deleteMarkerReplication: "Disabled", destination: { bucket: `dst${b}`, region: "ap-shanghai" } },
      { id: "t", priority: 2, filter: { prefix: "t/", tags: { a: "1", b: "2" } }, deleteMarkerReplication: "enabled", destination: { bucket: `dst${b}`, region: "ap-shanghai", storageClass: "MAZ_STANDARD" } }] })],
  ],
  bucketLogging: [
    ["to itself, no prefix", (b) => ({ bucket: b, targetBucket: b })],
    ["with prefix", (b) => ({ bucket: b, targetBucket: b, targetPrefix: "logs/access/" })],
  ],
  // acceleration has no properties besides the bucket: enabled while the resource exists
  bucketAcceleration: [["enabled", (b) => ({ bucket: b })]],
  // 003 Python put_bucket_domain sample form, lower-case spellings
  bucketDomain: [["two domains, mixed case", (b) => ({ bucket: b, rules: [{ name: `www.${b}.example.com`, type: "rest", status: "Enabled" }, { name: `site.${b}.example.com`, type: "WEBSITE" }] })]],
  // 003 Node PUT Bucket inventory sample form, lower-case spellings, unsorted fields
  bucketInventory: [["all options", (b) => ({ bucket: b, inventoryId: "list1", destination: { bucket: b, region: "ap-guangzhou", accountId: "100000000001", prefix: "inv/", encrypted: true }, frequency: "weekly", includedObjectVersions: "current", prefix: "docs/", optionalFields: ["StorageClass", "Size", "etag"] })],
    ["minimal", (b) => ({ bucket: b, inventoryId: "min", destination: { bucket: b, region: "ap-guangzhou" }, frequency: "Daily" })]],
  bucketReferer: [
    // 003:L132425 sample shape: white list, wildcard domains
    ["white list, defaults", (b) => ({ bucket: b, refererType: "White-List", domains: ["*.qq.com", "*.qcloud.com"] })],
    ["black list, mixed case, duplicates, port, allow empty", (b) => ({ bucket: b, status: "enabled", refererType: "black-list", domains: ["Bad.Example.com", "bad.example.com", "10.0.0.1:8080"], emptyReferer: "allow" })],
    ["disabled", (b) => ({ bucket: b, status: "Disabled", refererType: "White-List", domains: ["example.com"] })],
  ],
};

const rows = Object.entries(CORPUS).flatMap(([kind, list]) => list.map(([name, make]) => [kind as Kind, name, make] as const));

test.each(rows)("%s: %s → create, read, diff: no change", async (kind, _name, make) => {
  const b = env.bucketName("c");
  const l = { bucket: b, region: "ap-guangzhou" };
  await env.client.putBucket(l);
  if (kind === "replication") {
    await env.client.putBucketVersioning(l, "Enabled");
    await env.client.putBucket({ bucket: `dst${b}`, region: "ap-shanghai" });
    await env.client.putBucketVersioning({ bucket: `dst${b}`, region: "ap-shanghai" }, "Enabled");
  }
  const news = make(b);
  const created = await env.create(kind, news);
  const read = await resources[kind].read(created.id, created.outs);
  // BucketInventory is one of several per bucket: its id is <bucket>/<inventory id>
  expect(read.id).toBe(kind === "bucketInventory" ? `${b}/${String(news.inventoryId)}` : b);
  const program = await env.check(kind, read.inputs as Props, news); // the next preview's inputs
  expect(await resources[kind].diff(b, read.props as Props, program)).toMatchObject({ changes: false });
  expect(read.inputs).toEqual(created.inputs); // refresh keeps the user's own form
});

const BUCKETS: [string, Props][] = [
  ["defaults", {}],
  ["public-read + grants", { acl: "public-read", grants: { read: ["100000000011"], fullControl: ["qcs::cam::uin/100000000001:uin/100000000022"] } }],
  ["public-read-write", { acl: "public-read-write" }],
  ["tags + versioning + SSE-COS", { tags: { team: "web", "cost-center": "42", "a b": "x:y/z" }, versioning: "Enabled", encryption: { algorithm: "AES256" } }],
  ["KMS + suspended + multi-AZ", { encryption: { algorithm: "KMS", kmsKeyId: "kms-key-1" }, versioning: "Suspended", multiAz: true, forceDestroy: true }],
  ["empty tags managed", { tags: {} }],
];

test.each(BUCKETS)("bucket: %s → create, read, diff: no change", async (_name, extra) => {
  const news = { bucket: env.bucketName("bk"), ...extra };
  const created = await env.create("bucket", news);
  const read = await resources.bucket.read(created.id, created.outs);
  const program = await env.check("bucket", read.inputs as Props, news);
  expect(await resources.bucket.diff(created.id, read.props as Props, program)).toMatchObject({ changes: false });
});
