import { inspect } from "node:util";
import {
  CosCredentialsError,
  CosError,
  CosNetworkError,
  CosResponseParseError,
  CosServiceError,
  CosValidationError,
  isCosError,
  isCosServiceError,
  isNotConfigured,
  NOT_FOUND,
} from "../../../provider/cos";
import { LOC, mockCos, type Recorded, type Reply, closeMockAgents } from "./mockCos";

afterAll(closeMockAgents);

const errorXml = (code: string, message = "m") =>
  `<?xml version='1.0' encoding='utf-8' ?><Error><Code>${code}</Code><Message>${message}</Message><Resource>r</Resource><RequestId>rid-body</RequestId><TraceId>tid</TraceId></Error>`;

describe("error classes", () => {
  it("format messages with op, status, COS code, message and request id", () => {
    const e = new CosServiceError({ statusCode: 400, code: "MalformedXML", message: "bad xml", requestId: "NTg3", method: "PUT", op: "PutBucketCors" });
    expect(e.message).toBe("COS PutBucketCors failed: 400 MalformedXML: bad xml (request id NTg3)");
    expect(e).toBeInstanceOf(CosError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("CosServiceError");
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({ name: "CosServiceError", code: "MalformedXML", statusCode: 400, requestId: "NTg3", op: "PutBucketCors" });
  });

  it("instanceof and guards work across two copies of the module (brand + Symbol.hasInstance)", () => {
    let other: typeof import("../../../provider/cos/errors") | undefined;
    jest.isolateModules(() => {
      other = jest.requireActual<typeof import("../../../provider/cos/errors")>("../../../provider/cos/errors");
    });
    expect(other!.CosServiceError).not.toBe(CosServiceError);
    const foreign = new other!.CosServiceError({ statusCode: 404, code: "NoSuchBucket", message: "", method: "GET", op: "GetBucketCors" });
    expect(foreign).toBeInstanceOf(CosServiceError);
    expect(foreign).toBeInstanceOf(CosError);
    expect(foreign).not.toBeInstanceOf(CosNetworkError);
    expect(isCosServiceError(foreign, "NoSuchBucket")).toBe(true);
    expect(isCosServiceError(foreign, "AccessDenied")).toBe(false);
    expect(new other!.CosCredentialsError(["x"])).toBeInstanceOf(CosCredentialsError);
    expect(isCosError({ code: "NoSuchBucket" })).toBe(false);
    expect(new CosValidationError("v")).not.toBeInstanceOf(CosServiceError);
  });

  it("CosNetworkError exposes the undici/Node code through cause chains", () => {
    const cause = Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" });
    const e = new CosNetworkError("GetBucketCors", new TypeError("fetch failed", { cause }));
    expect(e.code).toBe("UND_ERR_SOCKET");
    expect(e.message).toContain("GetBucketCors");
  });

  it("CosResponseParseError keeps at most 512 bytes of the body", () => {
    const e = new CosResponseParseError("GetBucketCors", "é".repeat(1000), "bad");
    expect(Buffer.byteLength(e.bodyExcerpt)).toBeLessThanOrEqual(512);
    expect(e.bodyExcerpt.startsWith("éé")).toBe(true);
  });
});

describe("service error mapping (MockAgent)", () => {
  const reply = (status: number, body = "", headers: Record<string, string> = {}) => (): Reply => ({ status, body, headers });

  it("reads code/message/request id/trace id from the <Error> body and headers", async () => {
    const { client } = mockCos(reply(409, errorXml("BucketNotEmpty", "not empty"), { "x-cos-request-id": "rid-h", "x-cos-trace-id": "tid-h" }));
    const err = await client.deleteBucket(LOC).catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 409, code: "BucketNotEmpty", serviceMessage: "not empty", requestId: "rid-h", traceId: "tid-h", resource: "r", method: "DELETE", op: "DeleteBucket" });
    expect((err as Error).message).toBe("COS DeleteBucket failed: 409 BucketNotEmpty: not empty (request id rid-h)");
  });

  it("maps body-less errors by status (HEAD): bucket 404 → NoSuchBucket, object 404 → NoSuchKey", async () => {
    const { client } = mockCos(reply(404));
    expect(await client.headBucket(LOC)).toBe(false);
    expect(await client.headObject(LOC, "k")).toBeUndefined();
    const err = await client.getBucketAcl(LOC).catch((e: unknown) => e);
    expect(isCosServiceError(err, "NoSuchBucket")).toBe(true);
  });

  it("unparsable error bodies still give a CosServiceError", async () => {
    const { client } = mockCos(reply(502, "<html>bad gateway</html>"));
    await expect(client.getBucketAcl(LOC)).rejects.toMatchObject({ statusCode: 502, code: "Http502" });
  });
});

describe("'not configured' (digest §4.3)", () => {
  it("NOT_FOUND lists the codes per sub-resource", () => {
    expect(NOT_FOUND.cors).toContain("NoSuchCORSConfiguration");
    expect(NOT_FOUND.lifecycle).toContain("NoSuchLifecycleConfiguration");
    expect(NOT_FOUND.policy).toEqual(expect.arrayContaining(["NoSuchBucketPolicy", "NoSuchPolicy"]));
    expect(NOT_FOUND.replication).toContain("ReplicationConfigurationnotFoundError");
    expect(NOT_FOUND.website).toContain("NoSuchWebsiteConfiguration");
    expect(NOT_FOUND.tagging).toContain("NoSuchTagSet");
    expect(NOT_FOUND.encryption).toContain("NoSuchEncryptionConfiguration");
    const nsb = new CosServiceError({ statusCode: 404, code: "NoSuchBucket", message: "", method: "GET", op: "x" });
    expect(isNotConfigured("cors", nsb)).toBe(false);
  });

  it.each([
    ["cors", "NoSuchCORSConfiguration", (c: ReturnType<typeof mockCos>["client"]) => c.getBucketCors(LOC)],
    ["lifecycle", "NoSuchLifecycleConfiguration", (c: ReturnType<typeof mockCos>["client"]) => c.getBucketLifecycle(LOC)],
    ["policy", "NoSuchBucketPolicy", (c: ReturnType<typeof mockCos>["client"]) => c.getBucketPolicy(LOC)],
    ["replication", "ReplicationConfigurationnotFoundError", (c: ReturnType<typeof mockCos>["client"]) => c.getBucketReplication(LOC)],
    ["website", "NoSuchWebsiteConfiguration", (c: ReturnType<typeof mockCos>["client"]) => c.getBucketWebsite(LOC)],
    ["tagging", "NoSuchTagSet", (c: ReturnType<typeof mockCos>["client"]) => c.getBucketTagging(LOC)],
    ["encryption", "NoSuchEncryptionConfiguration", (c: ReturnType<typeof mockCos>["client"]) => c.getBucketEncryption(LOC)],
    ["referer", "NoSuchRefererConfiguration", (c: ReturnType<typeof mockCos>["client"]) => c.getBucketReferer(LOC)],
  ])("GET ?%s with 404 %s → undefined", async (_sub, code, call) => {
    const { client } = mockCos(() => ({ status: 404, body: errorXml(code) }));
    await expect(call(client)).resolves.toBeUndefined();
  });

  it("GET with 404 NoSuchBucket throws (not 'not configured')", async () => {
    const { client } = mockCos(() => ({ status: 404, body: errorXml("NoSuchBucket") }));
    await expect(client.getBucketCors(LOC)).rejects.toMatchObject({ code: "NoSuchBucket" });
  });

  it("empty 200 bodies are 'not configured'", async () => {
    const { client } = mockCos(() => ({ status: 200, body: "" }));
    await expect(client.getBucketCors(LOC)).resolves.toBeUndefined();
    await expect(client.getBucketPolicy(LOC)).resolves.toBeUndefined();
    await expect(client.getBucketVersioning(LOC)).resolves.toBeUndefined();
    await expect(client.getBucketLogging(LOC)).resolves.toBeUndefined();
  });

  it("?policy 404 NoSuchBucket is disambiguated with HEAD Bucket (002:L285)", async () => {
    const bucketExists = (r: Recorded): Reply => (r.method === "HEAD" ? { status: 200 } : { status: 404, body: errorXml("NoSuchBucket") });
    const exists = mockCos(bucketExists);
    await expect(exists.client.getBucketPolicy(LOC)).resolves.toBeUndefined();
    expect(exists.requests.map((r) => r.method)).toEqual(["GET", "HEAD"]);
    const gone = mockCos((r) => (r.method === "HEAD" ? { status: 404 } : { status: 404, body: errorXml("NoSuchBucket") }));
    await expect(gone.client.getBucketPolicy(LOC)).rejects.toMatchObject({ code: "NoSuchBucket" });
  });

  it("DELETE of a configuration is idempotent, but not for a missing bucket", async () => {
    const { client } = mockCos(() => ({ status: 404, body: errorXml("NoSuchLifecycleConfiguration") }));
    await expect(client.deleteBucketLifecycle(LOC)).resolves.toBeUndefined();
    const missing = mockCos(() => ({ status: 404, body: errorXml("NoSuchBucket") }));
    await expect(missing.client.deleteBucketCors(LOC)).rejects.toMatchObject({ code: "NoSuchBucket" });
  });
});

describe("secrets never leak into errors", () => {
  const SECRET = "TopSecretKeyValue12345";
  it("service, network and credential errors never contain the secret key", async () => {
    const { client } = mockCos(() => ({ status: 403, body: errorXml("SignatureDoesNotMatch") }), { credentials: { secretId: "AKIDX", secretKey: SECRET, securityToken: "tok-SECRET" } });
    const errors: unknown[] = [await client.getBucketCors(LOC).catch((e: unknown) => e)];
    errors.push(new CosNetworkError("GetBucketCors", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })));
    const saved = { ...process.env };
    try {
      delete process.env["TENCENTCLOUD_SECRET_ID"];
      process.env["TENCENTCLOUD_SECRET_KEY"] = SECRET;
      const noId = mockCos(() => ({ status: 200 }), { credentials: { secretId: "", secretKey: SECRET } });
      errors.push(await noId.client.getBucketCors(LOC).catch((e: unknown) => e));
    } finally {
      process.env = saved;
    }
    expect(errors[2]).toBeInstanceOf(CosCredentialsError);
    for (const err of errors) {
      expect(err).toBeInstanceOf(CosError);
      const e = err as Error;
      for (const rendering of [e.message, String(e), JSON.stringify(e), inspect(e, { depth: 5 }), e.stack ?? ""]) {
        expect(rendering).not.toContain(SECRET);
        expect(rendering).not.toContain("tok-SECRET");
      }
    }
  });
});
