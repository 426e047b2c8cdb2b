/**
 * BucketObject: a key holding `#` or `?` (its `url` output was built with encodeURI, so a browser read the rest as a
 * fragment or a query), and entity headers with characters an HTTP header cannot carry (check accepted them, and the
 * create then failed in undici with "invalid content-disposition header").
 */
import { resources } from "../../../provider";
import { type Props, type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
const p = resources.bucketObject;
beforeAll(async () => { env = await startProviderEnv({ retryMaxSeconds: 1 }); });
afterAll(async () => { await env.close(); });
const loc = (bucket: string) => ({ bucket, region: "ap-guangzhou" });

test("the url output of a key holding # and ? addresses that object (not a fragment / query string)", async () => {
  const b = env.bucketName("url");
  await env.client.putBucket(loc(b));
  const created = await env.create("bucketObject", { bucket: b, key: "docs/c#1?.txt", content: "x" });
  expect(env.server.state.getBucket(b)!.objects.has("docs/c#1?.txt")).toBe(true);
  const url = new URL(created.outs.url as string);
  expect(url.hash).toBe("");
  expect(url.search).toBe("");
  expect(decodeURIComponent(url.pathname)).toBe("/docs/c#1?.txt");
});

test("check refuses entity headers that are not printable ASCII, naming the property, before any request", async () => {
  const b = env.bucketName("cd");
  const bad = {
    contentDisposition: 'attachment; filename="报告.pdf"',
    contentType: "text/plain; charset=utf-8; name=é",
    cacheControl: "max-age=60\n",
    contentEncoding: "gzip\u00a0",
  };
  for (const [property, value] of Object.entries(bad)) {
    const checked = await p.check({}, { bucket: b, key: "report.pdf", content: "%PDF", [property]: value });
    expect(checked.failures).toEqual([{ property, reason: expect.stringContaining("must be printable ASCII") }]);
  }
  // An RFC 6266 encoded file name is accepted, and sent as given.
  await env.client.putBucket(loc(b));
  const disposition = "attachment; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf";
  const checked = await p.check({}, { bucket: b, key: "report.pdf", content: "%PDF", contentDisposition: disposition });
  expect(checked.failures ?? []).toEqual([]);
  await p.create(checked.inputs as Props);
  expect((await env.client.headObject(loc(b), "report.pdf"))?.["content-disposition"]).toBe(disposition);
});

test("SyncedFolder's check refuses a cacheControl that is not printable ASCII", async () => {
  const checked = await resources.syncedFolder.check({}, { bucket: env.bucketName("cc"), path: __dirname, cacheControl: "max-age=60, é" });
  expect(checked.failures).toEqual([{ property: "cacheControl", reason: expect.stringContaining("must be printable ASCII") }]);
});
