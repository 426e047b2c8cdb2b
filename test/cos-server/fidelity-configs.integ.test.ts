/**
 * Fidelity defects of issue 12 in bucket configurations and addressing: unknown/extra XML elements, the
 * referer clear, lower-case policy documents, the replication "not configured" code (server and our client
 * agree), and keys that address the bucket.
 */
import type COS from "cos-nodejs-sdk-v5";
import { CosClient, closeAllPools } from "../../provider/cos";
import { type CosServer, startCosServer } from "./index";
import { REGION, raw, sdkClient, sdkError } from "./testkit";

let server: CosServer;
let cos: COS;
let n = 0;
async function bucket(): Promise<{ Bucket: string; Region: string }> {
  const b = { Bucket: `fidc${++n}-1250000000`, Region: REGION };
  await cos.putBucket(b);
  return b;
}

beforeAll(async () => {
  server = await startCosServer();
  cos = sdkClient(server);
});
afterAll(async () => {
  await server.close();
  await closeAllPools();
});

describe("XML elements COS ignores or keeps", () => {
  it("a routing rule's URLRedirect is accepted and returned; other unknown Redirect elements are ignored", async () => {
    const b = await bucket();
    const RoutingRules = [
      { Condition: { HttpErrorCodeReturnedEquals: "404" }, Redirect: { Protocol: "https", ReplaceKeyWith: "404.html", URLRedirect: "Enabled" } },
      { Condition: { KeyPrefixEquals: "docs/" }, Redirect: { Protocol: "https", ReplaceKeyPrefixWith: "documents/", URLRedirect: "Disabled" } },
    ];
    await cos.putBucketWebsite({ ...b, WebsiteConfiguration: { IndexDocument: { Suffix: "index.html" }, RoutingRules } } as COS.PutBucketWebsiteParams);
    const got = await cos.getBucketWebsite(b);
    expect(got.WebsiteConfiguration.RoutingRules).toEqual(RoutingRules);
    const xml = (redirect: string) =>
      `<WebsiteConfiguration><IndexDocument><Suffix>i.html</Suffix></IndexDocument><RoutingRules><RoutingRule><Condition><KeyPrefixEquals>a/</KeyPrefixEquals></Condition><Redirect>${redirect}</Redirect></RoutingRule></RoutingRules></WebsiteConfiguration>`;
    const put = (body: string) => raw(server, { method: "PUT", bucket: b.Bucket, query: { website: "" }, body });
    expect((await put(xml("<ReplaceKeyWith>b</ReplaceKeyWith><FutureElement>x</FutureElement>"))).status).toBe(200);
    expect((await raw(server, { method: "GET", bucket: b.Bucket, query: { website: "" } })).body).not.toContain("FutureElement");
    expect(await put(xml("<URLRedirect>Maybe</URLRedirect>"))).toMatchObject({ status: 400, code: "InvalidArgument" });
    // Elsewhere the schema stays strict: an unknown element in IndexDocument is still MalformedXML.
    expect(await put("<WebsiteConfiguration><IndexDocument><Suffix>i</Suffix><Bogus/></IndexDocument></WebsiteConfiguration>")).toMatchObject({ status: 400, code: "MalformedXML" });
  });

  it("an empty-body PUT ?referer clears the referer configuration", async () => {
    const b = await bucket();
    await cos.putBucketReferer({ ...b, RefererConfiguration: { Status: "Enabled", RefererType: "White-List", DomainList: { Domains: ["a.example"] } } });
    expect((await cos.getBucketReferer(b)).RefererConfiguration.Status).toBe("Enabled");
    const cleared = await raw(server, { method: "PUT", bucket: b.Bucket, query: { referer: "" }, body: "", headers: { "Content-Type": "application/xml" } });
    expect(cleared.status).toBe(200);
    expect(await raw(server, { method: "GET", bucket: b.Bucket, query: { referer: "" } })).toMatchObject({ status: 404, code: "NoSuchRefererConfiguration" });
    expect((await raw(server, { method: "PUT", bucket: b.Bucket, query: { referer: "" }, body: "<RefererConfiguration/>" })).status).toBe(200);
    // A non-empty but invalid document is still refused.
    expect((await raw(server, { method: "PUT", bucket: b.Bucket, query: { referer: "" }, body: "<RefererConfiguration><Status>On</Status></RefererConfiguration>" })).status).toBe(400);
  });
});

describe("bucket policy", () => {
  it("accepts lower-case document keys with a document-level principal; GET answers Statement with the keys inside as sent", async () => {
    const b = await bucket();
    const resource = `qcs::cos:${REGION}:uid/1250000000:${b.Bucket}//1250000000/${b.Bucket.replace(/-1250000000$/, "")}/p/*`;
    const Policy = {
      version: "2.0",
      principal: { qcs: ["qcs::cam::uin/10001:uin/10001"] },
      statement: [{ effect: "allow", action: ["name/cos:GetBucket", "name/cos:PutObject"], resource: [resource] }],
    };
    await cos.putBucketPolicy({ ...b, Policy });
    const got = (await cos.getBucketPolicy(b)).Policy as unknown as { Statement: { resource: string[]; Sid: string }[] };
    expect(got.Statement[0].resource).toEqual([resource]);
    expect(got.Statement[0].Sid).toMatch(/^costs-/);
    // A statement with no principal anywhere is still refused.
    const noPrincipal = { version: "2.0", statement: [{ effect: "allow", action: ["name/cos:GetObject"], resource: [resource] }] };
    expect(await sdkError(cos.putBucketPolicy({ ...b, Policy: noPrincipal }))).toMatchObject({ statusCode: 400, code: "InvalidPolicyDocument" });
  });
});

describe("bucket policy keys", () => {
  // The other document keys are kept as sent: one named `__proto__` (an own key of JSON.parse's result) was assigned
  // into a plain object, which set its prototype and dropped the key (found by review).
  it("a document-level key named __proto__ is kept as sent", async () => {
    const b = await bucket();
    const resource = `qcs::cos:${REGION}:uid/1250000000:${b.Bucket}//1250000000/${b.Bucket.replace(/-1250000000$/, "")}/p/*`;
    const Policy = JSON.parse(JSON.stringify({
      version: "2.0",
      statement: [{ principal: { qcs: ["qcs::cam::uin/10001:uin/10001"] }, effect: "allow", action: ["name/cos:GetObject"], resource: [resource] }],
    }).replace(/^\{/, '{"__proto__":{"note":"kept"},')) as COS.PutBucketPolicyParams["Policy"];
    await cos.putBucketPolicy({ ...b, Policy });
    const got = (await cos.getBucketPolicy(b)).Policy as unknown as Record<string, unknown>;
    expect(Object.hasOwn(got, "__proto__")).toBe(true);
    expect(Object.getOwnPropertyDescriptor(got, "__proto__")?.value).toEqual({ note: "kept" });
    expect(got.version).toBe("2.0");
  });
});

describe("replication not configured", () => {
  it("after DELETE, the official SDK sees 404 (as its own suite expects of COS) and our client sees 'not configured'", async () => {
    const src = await bucket();
    const dst = await bucket();
    for (const x of [src, dst]) await cos.putBucketVersioning({ ...x, VersioningConfiguration: { Status: "Enabled" } });
    await cos.putBucketReplication({
      ...src,
      ReplicationConfiguration: { Role: "qcs::cam::uin/100000000001:uin/100000000001", Rules: [{ ID: "r", Status: "Enabled", Prefix: "", Destination: { Bucket: `qcs::cos:${REGION}::${dst.Bucket}` } }] },
    } as COS.PutBucketReplicationParams);
    await cos.deleteBucketReplication(src);
    expect(await sdkError(cos.getBucketReplication(src))).toMatchObject({ statusCode: 404 });
    const client = new CosClient({ credentials: { secretId: server.accounts[0].secretId, secretKey: server.accounts[0].secretKey }, endpoint: server.endpoint, retry: { maxAttempts: 1 } });
    await expect(client.getBucketReplication({ bucket: src.Bucket, region: REGION })).resolves.toBeUndefined();
  });
});

describe("keys made of slashes and dot segments address the bucket", () => {
  it.each(["///", "/./", "/../", "//.//"])("%s", async (path) => {
    const b = await bucket();
    await cos.putObject({ ...b, Key: "real", Body: "r" });
    // COS simplifies the path before checking the signature: one over the path as sent fails, as the SDK's
    // suite expects of getObject/putObject with such a key and ObjectKeySimplifyCheck off.
    expect(await raw(server, { method: "GET", bucket: b.Bucket, path })).toMatchObject({ status: 403, code: "SignatureDoesNotMatch" });
    const list = await raw(server, { method: "GET", bucket: b.Bucket, path, signPath: "/" });
    expect(list.status).toBe(200);
    expect(list.body).toContain("<ListBucketResult");
    // A PUT there is PUT Bucket (the bucket exists), never an object with a dot-segment key.
    expect(await raw(server, { method: "PUT", bucket: b.Bucket, path, signPath: "/", body: "x" })).toMatchObject({ status: 409, code: "BucketAlreadyExists" });
    expect(await sdkError(cos.putObject({ ...b, Key: path.slice(1) || "/", Body: "x" }))).toMatchObject({ statusCode: 403 });
    expect([...server.state.getBucket(b.Bucket)!.objects.keys()]).toEqual(["real"]);
  });

  it("a key with a real segment is still an object", async () => {
    const b = await bucket();
    expect((await raw(server, { method: "PUT", bucket: b.Bucket, path: "/abc/../", body: "x" })).status).toBe(200);
    expect([...server.state.getBucket(b.Bucket)!.objects.keys()]).toEqual(["abc/../"]);
  });
});
