/**
 * Object requests the server once accepted (or answered) differently from COS as the seeds describe: ACL and grants
 * given on Initiate Multipart Upload, date preconditions, a PUT Object without Content-Length, conditional policy
 * statements, part-number gaps, archived objects, the key-length limit on every upload path, and the ACL of the
 * version a `?versionId=` GET serves.
 */
import * as net from "node:net";
import COS from "cos-nodejs-sdk-v5";
import { type CosServer, startCosServer } from "./index";
import { REGION, raw } from "./testkit";

let server: CosServer;
let n = 0;
async function bucket(): Promise<string> {
  const name = `fid-obj${++n}-1250000000`;
  expect((await raw(server, { method: "PUT", bucket: name })).status).toBe(200);
  return name;
}

beforeAll(async () => {
  server = await startCosServer();
});
afterAll(() => server.close());

describe("Initiate Multipart Upload", () => {
  it("applies x-cos-acl given on initiate to the completed object (002:L3942-3947)", async () => {
    const b = await bucket();
    const init = await raw(server, { method: "POST", bucket: b, key: "mp.txt", query: { uploads: "" }, headers: { "x-cos-acl": "public-read" } });
    expect(init.status).toBe(200);
    const uploadId = /<UploadId>([^<]+)</.exec(init.body)![1];
    const part = await raw(server, { method: "PUT", bucket: b, key: "mp.txt", query: { partNumber: "1", uploadId }, body: "hello" });
    expect(part.status).toBe(200);
    const etag = part.headers.etag as string;
    const done = await raw(server, {
      method: "POST", bucket: b, key: "mp.txt", query: { uploadId },
      body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${etag}</ETag></Part></CompleteMultipartUpload>`,
    });
    expect(done.status).toBe(200);
    // The object was created public-read: an anonymous read succeeds, as for PUT Object with x-cos-acl.
    expect(await raw(server, { method: "GET", bucket: b, key: "mp.txt", account: null })).toMatchObject({ status: 200, body: "hello" });
  });

  it("applies x-cos-grant-read given on initiate to the completed object (002:L3948-3950)", async () => {
    const b = await bucket();
    const init = await raw(server, { method: "POST", bucket: b, key: "g.txt", query: { uploads: "" }, headers: { "x-cos-grant-read": 'id="qcs::cam::anyone:anyone"' } });
    const uploadId = /<UploadId>([^<]+)</.exec(init.body)![1];
    const part = await raw(server, { method: "PUT", bucket: b, key: "g.txt", query: { partNumber: "1", uploadId }, body: "x" });
    await raw(server, {
      method: "POST", bucket: b, key: "g.txt", query: { uploadId },
      body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${part.headers.etag as string}</ETag></Part></CompleteMultipartUpload>`,
    });
    const acl = await raw(server, { method: "GET", bucket: b, key: "g.txt", query: { acl: "" } });
    expect(acl.body).toContain("http://cam.qcloud.com/groups/global/AllUsers");
  });
});

describe("GET/HEAD Object date preconditions (002:L3538-3539, L3824)", () => {
  it("If-Modified-Since not before the last modification → 304", async () => {
    const b = await bucket();
    await raw(server, { method: "PUT", bucket: b, key: "d.txt", body: "data" });
    await new Promise((r) => setTimeout(r, 1100));
    const since = new Date().toUTCString(); // after Last-Modified, not in the future
    const res = await raw(server, { method: "GET", bucket: b, key: "d.txt", headers: { "If-Modified-Since": since } });
    expect(res.status).toBe(304);
    expect((await raw(server, { method: "HEAD", bucket: b, key: "d.txt", headers: { "If-Modified-Since": since } })).status).toBe(304);
  });

  it("If-Unmodified-Since before the last modification → 412", async () => {
    const b = await bucket();
    await raw(server, { method: "PUT", bucket: b, key: "d.txt", body: "data" });
    const earlier = new Date(Date.now() - 3_600_000).toUTCString();
    const res = await raw(server, { method: "GET", bucket: b, key: "d.txt", headers: { "If-Unmodified-Since": earlier } });
    expect(res).toMatchObject({ status: 412, code: "PreconditionFailed" });
  });
});

describe("PUT Object Content-Length (002:L4681-4685, digest §3.1)", () => {
  it("a PUT Object with neither Content-Length nor Transfer-Encoding → 411 MissingContentLength, nothing stored", async () => {
    const b = await bucket();
    const host = `${b}.cos.${REGION}.myqcloud.com`;
    const account = server.accounts[0];
    const authorization = COS.getAuthorization({ SecretId: account.secretId, SecretKey: account.secretKey, Method: "put", Pathname: "/nolength.txt", Headers: { Host: host } });
    // node:http always adds Content-Length to a PUT it frames, so the request is written by hand.
    const head = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(server.port, "127.0.0.1", () => {
        socket.end(`PUT /nolength.txt HTTP/1.1\r\nHost: ${host}\r\nAuthorization: ${authorization}\r\nConnection: close\r\n\r\n`);
      });
      const chunks: Buffer[] = [];
      socket.on("data", (c: Buffer) => chunks.push(c));
      socket.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      socket.on("error", reject);
    });
    expect(head).toMatch(/^HTTP\/1\.1 411 /);
    expect(head).toContain("<Code>MissingContentLength</Code>");
    expect(server.state.getBucket(b)!.objects.has("nolength.txt")).toBe(false);
  });

  it("a chunked PUT Object (a stream of unknown length, as the official SDK sends one) is stored whole", async () => {
    const b = await bucket();
    const res = await raw(server, { method: "PUT", bucket: b, key: "chunked.txt", body: "abc", contentMd5: false, headers: { "Transfer-Encoding": "chunked" } });
    expect(res.status).toBe(200);
    expect(await raw(server, { method: "GET", bucket: b, key: "chunked.txt" })).toMatchObject({ status: 200, body: "abc" });
  });
});

describe("bucket policy conditions", () => {
  it("an allow statement whose Condition the request does not meet grants nothing to anonymous readers", async () => {
    const b = await bucket();
    await raw(server, { method: "PUT", bucket: b, key: "secret.txt", body: "secret" });
    const policy = JSON.stringify({
      version: "2.0",
      Statement: [{
        Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Effect: "allow", Action: ["name/cos:GetObject"],
        Resource: [`qcs::cos:${REGION}:uid/1250000000:${b}/*`],
        // Only from 10.1.2.3: the local test client connects from 127.0.0.1.
        Condition: { ip_equal: { "qcs:ip": ["10.1.2.3/32"] } },
      }],
    });
    expect((await raw(server, { method: "PUT", bucket: b, query: { policy: "" }, body: policy, headers: { "Content-Type": "application/json" } })).status).toBe(200);
    expect(await raw(server, { method: "GET", bucket: b, key: "secret.txt", account: null })).toMatchObject({ status: 403, code: "AccessDenied" });
  });
});

describe("Complete Multipart Upload part numbers (002:L2983, error table 002:L247)", () => {
  it("discontinuous part numbers → 400 InvalidPart, no object", async () => {
    const b = await bucket();
    const init = await raw(server, { method: "POST", bucket: b, key: "gap.bin", query: { uploads: "" } });
    const uploadId = /<UploadId>([^<]+)</.exec(init.body)![1];
    const p1 = await raw(server, { method: "PUT", bucket: b, key: "gap.bin", query: { partNumber: "1", uploadId }, body: Buffer.alloc(1024 * 1024, 1) });
    const p3 = await raw(server, { method: "PUT", bucket: b, key: "gap.bin", query: { partNumber: "3", uploadId }, body: "tail" });
    const done = await raw(server, {
      method: "POST", bucket: b, key: "gap.bin", query: { uploadId },
      body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${p1.headers.etag as string}</ETag></Part><Part><PartNumber>3</PartNumber><ETag>${p3.headers.etag as string}</ETag></Part></CompleteMultipartUpload>`,
    });
    expect(done).toMatchObject({ status: 400, code: "InvalidPart" });
    expect(server.state.getBucket(b)!.objects.has("gap.bin")).toBe(false);
  });
});

describe("ARCHIVE objects (003:L3882 'restore an archived object for access', 003:L12746-12751)", () => {
  it("GET of an ARCHIVE object that was never restored is refused (403 InvalidObjectState, 002:L275)", async () => {
    const b = await bucket();
    expect((await raw(server, { method: "PUT", bucket: b, key: "cold.txt", body: "cold", headers: { "x-cos-storage-class": "ARCHIVE" } })).status).toBe(200);
    expect(await raw(server, { method: "GET", bucket: b, key: "cold.txt" })).toMatchObject({ status: 403, code: "InvalidObjectState" });
  });

  it("copying an ARCHIVE object to another class without a restore is refused", async () => {
    const b = await bucket();
    await raw(server, { method: "PUT", bucket: b, key: "cold.txt", body: "cold", headers: { "x-cos-storage-class": "DEEP_ARCHIVE" } });
    const res = await raw(server, {
      method: "PUT", bucket: b, key: "warm.txt",
      headers: { "x-cos-copy-source": `${b}.cos.${REGION}.myqcloud.com/cold.txt`, "x-cos-storage-class": "STANDARD" },
    });
    expect(res).toMatchObject({ status: 403, code: "InvalidObjectState" });
    expect(server.state.getBucket(b)!.objects.has("warm.txt")).toBe(false);
  });
});

describe("object key length (002:L4486: at most 850 bytes)", () => {
  it("is enforced for multipart uploads as for PUT Object", async () => {
    const b = await bucket();
    const key = "k".repeat(900);
    expect(await raw(server, { method: "PUT", bucket: b, key, body: "x" })).toMatchObject({ status: 400 });
    const init = await raw(server, { method: "POST", bucket: b, key, query: { uploads: "" } });
    expect(init.status).toBe(400);
  });

  it("is enforced for APPEND Object as for PUT Object", async () => {
    const b = await bucket();
    const key = "a".repeat(900);
    const res = await raw(server, { method: "POST", bucket: b, key, query: { append: "", position: "0" }, body: "x" });
    expect(res.status).toBe(400);
    expect(server.state.getBucket(b)!.objects.has(key)).toBe(false);
  });
});

describe("anonymous GET of a specific version", () => {
  it("checks the ACL of the version it serves, not the current version's", async () => {
    const b = await bucket();
    await raw(server, { method: "PUT", bucket: b, query: { versioning: "" }, body: "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>" });
    const v1 = await raw(server, { method: "PUT", bucket: b, key: "doc.txt", body: "private draft" });
    const oldId = v1.headers["x-cos-version-id"] as string;
    expect(oldId).toBeTruthy();
    await raw(server, { method: "PUT", bucket: b, key: "doc.txt", body: "published", headers: { "x-cos-acl": "public-read" } });
    expect(await raw(server, { method: "GET", bucket: b, key: "doc.txt", account: null })).toMatchObject({ status: 200, body: "published" });
    // The old version was uploaded private: an anonymous reader must not get it.
    const old = await raw(server, { method: "GET", bucket: b, key: "doc.txt", query: { versionId: oldId }, account: null });
    expect(old).toMatchObject({ status: 403, code: "AccessDenied" });
  });
});
