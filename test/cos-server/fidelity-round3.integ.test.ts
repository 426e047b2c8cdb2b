/**
 * Requests the server once answered differently from COS as the seeds describe (third round): anonymous reads of a
 * public-read bucket's listing and anonymous writes to a public-read-write bucket, `*` and ETag lists in GET
 * preconditions, conditional writes it does not implement (501, nothing stored), `?acl` of a version that does not
 * exist, the DeleteResult of a removed delete marker, and archived objects on the website endpoint.
 */
import { type CosServer, startCosServer } from "./index";
import { REGION, raw, websiteVisit } from "./testkit";

let server: CosServer;
let n = 0;
async function bucket(headers: Record<string, string> = {}): Promise<string> {
  const name = `fid-r3-${++n}-1250000000`;
  expect((await raw(server, { method: "PUT", bucket: name, headers })).status).toBe(200);
  return name;
}

async function versioned(): Promise<string> {
  const b = await bucket();
  const body = "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";
  expect((await raw(server, { method: "PUT", bucket: b, query: { versioning: "" }, body })).status).toBe(200);
  return b;
}

function deleteBody(objects: { Key: string; VersionId?: string }[]): string {
  const items = objects.map((o) => `<Object><Key>${o.Key}</Key>${o.VersionId !== undefined ? `<VersionId>${o.VersionId}</VersionId>` : ""}</Object>`);
  return `<Delete><Quiet>false</Quiet>${items.join("")}</Delete>`;
}

beforeAll(async () => {
  server = await startCosServer();
});
afterAll(() => server.close());

describe("public buckets (002:L171, L1100, L4655; 003:L98157-98159)", () => {
  it("GET Bucket of a public-read bucket is answered to an anonymous caller", async () => {
    const b = await bucket({ "x-cos-acl": "public-read" });
    await raw(server, { method: "PUT", bucket: b, key: "a.txt", body: "a" });
    const list = await raw(server, { method: "GET", bucket: b, account: null });
    expect(list.status).toBe(200);
    expect(list.body).toContain("<Key>a.txt</Key>");
  });

  it("GET Bucket of a private bucket is still refused to an anonymous caller", async () => {
    const b = await bucket();
    expect(await raw(server, { method: "GET", bucket: b, account: null })).toMatchObject({ status: 403, code: "AccessDenied" });
  });

  it("PUT Object into a public-read-write bucket is accepted from an anonymous caller, and stored", async () => {
    const b = await bucket({ "x-cos-acl": "public-read-write" });
    expect((await raw(server, { method: "PUT", bucket: b, key: "up.txt", body: "from anyone", account: null })).status).toBe(200);
    expect(await raw(server, { method: "GET", bucket: b, key: "up.txt" })).toMatchObject({ status: 200, body: "from anyone" });
    expect((await raw(server, { method: "DELETE", bucket: b, key: "up.txt", account: null })).status).toBe(204);
    expect((await raw(server, { method: "GET", bucket: b, key: "up.txt" })).status).toBe(404);
  });

  it("PUT Object into a public-read bucket is still refused to an anonymous caller, and nothing is stored", async () => {
    const b = await bucket({ "x-cos-acl": "public-read" });
    expect(await raw(server, { method: "PUT", bucket: b, key: "up.txt", body: "x", account: null })).toMatchObject({ status: 403, code: "AccessDenied" });
    expect((await raw(server, { method: "GET", bucket: b, key: "up.txt" })).status).toBe(404);
  });
});

describe("GET Object ETag preconditions (002:L3540-3541)", () => {
  it("If-None-Match: * matches any existing object → 304; If-Match: * → 200", async () => {
    const b = await bucket();
    await raw(server, { method: "PUT", bucket: b, key: "c.txt", body: "data" });
    expect((await raw(server, { method: "GET", bucket: b, key: "c.txt", headers: { "If-None-Match": "*" } })).status).toBe(304);
    expect(await raw(server, { method: "GET", bucket: b, key: "c.txt", headers: { "If-Match": "*" } })).toMatchObject({ status: 200, body: "data" });
  });

  it("a list of ETags matches when one of them is the object's", async () => {
    const b = await bucket();
    const put = await raw(server, { method: "PUT", bucket: b, key: "c.txt", body: "data" });
    const etag = put.headers.etag as string;
    expect((await raw(server, { method: "GET", bucket: b, key: "c.txt", headers: { "If-None-Match": `"other", ${etag}` } })).status).toBe(304);
    expect((await raw(server, { method: "GET", bucket: b, key: "c.txt", headers: { "If-Match": `"other", ${etag}` } })).status).toBe(200);
  });
});

describe("conditional writes are not implemented: 501, nothing changes", () => {
  it("PUT Object with If-None-Match: * does not overwrite the object", async () => {
    const b = await bucket();
    await raw(server, { method: "PUT", bucket: b, key: "keep.txt", body: "original" });
    expect(await raw(server, { method: "PUT", bucket: b, key: "keep.txt", body: "overwritten", headers: { "If-None-Match": "*" } })).toMatchObject({ status: 501, code: "NotImplemented" });
    expect(await raw(server, { method: "GET", bucket: b, key: "keep.txt" })).toMatchObject({ status: 200, body: "original" });
  });

  it("PUT Object with If-Match does not overwrite the object", async () => {
    const b = await bucket();
    await raw(server, { method: "PUT", bucket: b, key: "keep.txt", body: "original" });
    expect(await raw(server, { method: "PUT", bucket: b, key: "keep.txt", body: "overwritten", headers: { "If-Match": '"0123456789abcdef0123456789abcdef"' } })).toMatchObject({ status: 501, code: "NotImplemented" });
    expect(await raw(server, { method: "GET", bucket: b, key: "keep.txt" })).toMatchObject({ status: 200, body: "original" });
  });
});

describe("Object ?acl of a version that does not exist (002:L304)", () => {
  it("GET and PUT ?acl&versionId=<unknown> → 404 NoSuchVersion, as GET Object answers; nothing changes", async () => {
    const b = await versioned();
    await raw(server, { method: "PUT", bucket: b, key: "v.txt", body: "v1" });
    const versionId = "MTg0NDUxNTc1NjIzMTQ1MDAwODg";
    expect(await raw(server, { method: "GET", bucket: b, key: "v.txt", query: { versionId } })).toMatchObject({ status: 404, code: "NoSuchVersion" });
    expect(await raw(server, { method: "GET", bucket: b, key: "v.txt", query: { acl: "", versionId } })).toMatchObject({ status: 404, code: "NoSuchVersion" });
    expect(await raw(server, { method: "PUT", bucket: b, key: "v.txt", query: { acl: "", versionId }, headers: { "x-cos-acl": "public-read" } })).toMatchObject({ status: 404, code: "NoSuchVersion" });
    expect((await raw(server, { method: "GET", bucket: b, key: "v.txt", account: null })).status).toBe(403);
  });
});

describe("POST ?delete of delete markers (003:L125130-125145, L166306-166310)", () => {
  it("a key whose current version is a delete marker: a new marker, with DeleteMarker and DeleteMarkerVersionId", async () => {
    const b = await versioned();
    await raw(server, { method: "PUT", bucket: b, key: "d.txt", body: "x" });
    expect((await raw(server, { method: "DELETE", bucket: b, key: "d.txt" })).status).toBe(204);
    const res = await raw(server, { method: "POST", bucket: b, query: { delete: "" }, body: deleteBody([{ Key: "d.txt" }]) });
    expect(res.status).toBe(200);
    expect(res.body).toContain("<DeleteMarker>true</DeleteMarker>");
    expect(res.body).toMatch(/<DeleteMarkerVersionId>[^<]+<\/DeleteMarkerVersionId>/);
  });

  it("removing a delete marker by its VersionId reports DeleteMarker with its DeleteMarkerVersionId", async () => {
    const b = await versioned();
    await raw(server, { method: "PUT", bucket: b, key: "d.txt", body: "x" });
    const del = await raw(server, { method: "DELETE", bucket: b, key: "d.txt" });
    const markerId = del.headers["x-cos-version-id"] as string;
    expect(del.headers["x-cos-delete-marker"]).toBe("true");
    const res = await raw(server, { method: "POST", bucket: b, query: { delete: "" }, body: deleteBody([{ Key: "d.txt", VersionId: markerId }]) });
    expect(res.status).toBe(200);
    expect(res.body).toContain(`<VersionId>${markerId}</VersionId>`);
    expect(res.body).toContain("<DeleteMarker>true</DeleteMarker>");
    expect(res.body).toContain(`<DeleteMarkerVersionId>${markerId}</DeleteMarkerVersionId>`);
    // The marker is gone: the object is current again.
    expect(await raw(server, { method: "GET", bucket: b, key: "d.txt" })).toMatchObject({ status: 200, body: "x" });
  });
});

describe("website endpoint and archived objects (003:L3882; 002:L275)", () => {
  const visit = (b: string, path: string) => websiteVisit(server, b, path);

  it("a public ARCHIVE object is refused 403 InvalidObjectState, as GET Object refuses it", async () => {
    const b = await bucket({ "x-cos-acl": "public-read" });
    const website = "<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix></IndexDocument></WebsiteConfiguration>";
    expect((await raw(server, { method: "PUT", bucket: b, query: { website: "" }, body: website })).status).toBe(200);
    await raw(server, { method: "PUT", bucket: b, key: "cold.html", body: "<h1>cold</h1>", headers: { "x-cos-storage-class": "ARCHIVE" } });
    await raw(server, { method: "PUT", bucket: b, key: "index.html", body: "<h1>home</h1>" });
    expect(await raw(server, { method: "GET", bucket: b, key: "cold.html", account: null })).toMatchObject({ status: 403, code: "InvalidObjectState" });
    const page = await visit(b, "/cold.html");
    expect(page.status).toBe(403);
    expect(page.body).toContain("InvalidObjectState");
    expect(page.body).not.toContain("<h1>cold</h1>");
    expect(await visit(b, "/")).toMatchObject({ status: 200, body: "<h1>home</h1>" });
  });

  it("an archived error document is not served in place of the error page", async () => {
    const b = await bucket({ "x-cos-acl": "public-read" });
    const website = "<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix></IndexDocument><ErrorDocument><Key>404.html</Key></ErrorDocument></WebsiteConfiguration>";
    expect((await raw(server, { method: "PUT", bucket: b, query: { website: "" }, body: website })).status).toBe(200);
    await raw(server, { method: "PUT", bucket: b, key: "404.html", body: "<h1>lost</h1>", headers: { "x-cos-storage-class": "DEEP_ARCHIVE" } });
    const page = await visit(b, "/missing.html");
    expect(page.status).toBe(404);
    expect(page.body).toContain("NoSuchKey");
    expect(page.body).not.toContain("<h1>lost</h1>");
  });
});
