/**
 * The 501 rule: a real COS API the server does not implement answers 501 NotImplemented with the COS error body
 * and changes nothing — never a fall-through to a data-changing operation (PUT ?symlink creating an object,
 * PUT ?intelligent-tiering creating a bucket, a copy stored as an empty part). When an API lands, delete its row.
 */
import { type CosServer, startCosServer } from "./index";
import { type RawOptions, raw } from "./testkit";

let server: CosServer;
const BUCKET = "ni-1250000000";
let uploadId = "";

/** Everything a request could change, as one comparable value. */
function snapshot(): string {
  return JSON.stringify({
    buckets: server.state.listBuckets().map((b) => b.name).sort(),
    objects: [...server.state.getBucket(BUCKET)!.objects].map(([k, vs]) => [k, vs.map((v) => [v.versionId, v.etag, v.acl, v.tagging])]),
    uploads: [...server.state.getBucket(BUCKET)!.uploads.values()].map((u) => [u.uploadId, [...u.parts.keys()]]),
    configs: server.state.getBucket(BUCKET)!.configs,
  });
}

beforeAll(async () => {
  server = await startCosServer();
  expect((await raw(server, { method: "PUT", bucket: BUCKET })).status).toBe(200);
  expect((await raw(server, { method: "PUT", bucket: BUCKET, key: "src.txt", body: "source" })).status).toBe(200);
  const init = await raw(server, { method: "POST", bucket: BUCKET, key: "mp", query: { uploads: "" } });
  uploadId = /<UploadId>([^<]+)</.exec(init.body)![1];
});
afterAll(() => server.close());

type Row = [string, Omit<RawOptions, "bucket">];
const ROWS: Row[] = [
  ["PUT ?symlink (PUT Symlink)", { method: "PUT", key: "link", query: { symlink: "" }, headers: { "x-cos-symlink-target": "src.txt" } }],
  ["GET ?symlink (GET Symlink)", { method: "GET", key: "link", query: { symlink: "" } }],
  ["PUT ?live (LiveChannel)", { method: "PUT", key: "channel", query: { live: "" }, body: "<LiveChannelConfiguration/>" }],
  ["GET bucket ?live (list LiveChannels)", { method: "GET", query: { live: "" } }],
  ["PUT ?intelligent-tiering", { method: "PUT", query: { "intelligent-tiering": "" }, body: "<IntelligentTieringConfiguration/>" }],
  ["GET ?intelligenttiering", { method: "GET", query: { intelligenttiering: "" } }],
  ["PUT ?origin (back-to-origin)", { method: "PUT", query: { origin: "" }, body: "<OriginConfiguration/>" }],
  ["PUT ?notification", { method: "PUT", query: { notification: "" }, body: "<NotificationConfiguration/>" }],
  ["PUT ?object-lock", { method: "PUT", query: { "object-lock": "" }, body: "<ObjectLockConfiguration/>" }],
  ["POST ?restore (archive restore)", { method: "POST", key: "src.txt", query: { restore: "" }, body: "<RestoreRequest><Days>1</Days></RestoreRequest>" }],
  ["PUT ?restore (wrong method)", { method: "PUT", key: "src.txt", query: { restore: "" }, body: "x" }],
  ["GET ?restore (wrong method)", { method: "GET", key: "src.txt", query: { restore: "" } }],
  ["POST ?select (SELECT Object)", { method: "POST", key: "src.txt", query: { select: "", "select-type": "2" }, body: "<SelectRequest/>" }],
  ["POST ?image_process (Cloud Infinite)", { method: "POST", key: "src.txt", query: { image_process: "" } }],
  ["PUT ?rename", { method: "PUT", key: "renamed", query: { rename: "" }, headers: { "x-cos-rename-source": "src.txt" } }],
  ["GET ?torrent", { method: "GET", key: "src.txt", query: { torrent: "" } }],
  ["PUT bucket ?metaquery", { method: "POST", query: { metaquery: "", action: "create" } }],
  ["PUT Object with x-cos-forbid-overwrite", { method: "PUT", key: "src.txt", body: "overwritten", headers: { "x-cos-forbid-overwrite": "true" } }],
  ["PUT Object with SSE-C", { method: "PUT", key: "ssec", body: "s", headers: { "x-cos-server-side-encryption-customer-algorithm": "AES256" } }],
  ["Initiate Multipart Upload with SSE-C", { method: "POST", key: "ssec", query: { uploads: "" }, headers: { "x-cos-server-side-encryption-customer-algorithm": "AES256" } }],
  ["PUT Object with Pic-Operations", { method: "PUT", key: "pic.jpg", body: "jpg", headers: { "Pic-Operations": '{"is_pic_info":1}' } }],
  ["POST Object (form upload)", { method: "POST", body: "form", headers: { "Content-Type": "multipart/form-data; boundary=x" } }],
];

describe("unimplemented COS APIs answer 501 NotImplemented and change nothing", () => {
  it.each(ROWS)("%s", async (_name, req) => {
    const before = snapshot();
    const res = await raw(server, { bucket: BUCKET, ...req });
    expect(res).toMatchObject({ status: 501, code: "NotImplemented" });
    expect(res.body).toMatch(/<Error>[\s\S]*<Resource>[^<]+<\/Resource>[\s\S]*<RequestId>[^<]+<\/RequestId>/);
    expect(res.headers["x-cos-request-id"]).toBeTruthy();
    expect(snapshot()).toBe(before);
  });

  it("the implemented neighbours still work (the table is not a blanket refusal)", async () => {
    expect((await raw(server, { method: "PUT", bucket: BUCKET, key: "plain.txt", body: "p" })).status).toBe(200);
    expect((await raw(server, { method: "PUT", bucket: BUCKET, key: "mp", query: { partNumber: "1", uploadId }, body: "part" })).status).toBe(200);
    expect((await raw(server, { method: "GET", bucket: BUCKET, query: { foo: "" } })).status).toBe(200);
  });
});
