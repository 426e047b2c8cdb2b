/**
 * HTTP trims the whitespace around a header value (RFC 9110 §5.5), so COS stores `x-cos-meta-team: " web "` as
 * "web": a metadata or entity-header value with leading or trailing spaces never converges, and every refresh
 * shows drift. Check must refuse it, naming the property, before any request.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resources } from "../../../provider";
import { type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv(); });
afterAll(async () => { await env.close(); });

test("what the old check let through never converges: a trimmed value comes back", async () => {
  const b = env.bucketName("ws");
  await env.client.putBucket({ bucket: b, region: env.region });
  await env.client.putObject({ bucket: b, region: env.region }, "k.txt", "x", { headers: { "x-cos-meta-team": " web ", "cache-control": "no-cache " } });
  const h = await env.client.headObject({ bucket: b, region: env.region }, "k.txt");
  expect(h?.["x-cos-meta-team"]).toBe("web");
  expect(h?.["cache-control"]).toBe("no-cache");
});

test.each([
  ["metadata", { metadata: { team: " web" } }, 'metadata["team"]'],
  ["metadata", { metadata: { team: "web " } }, 'metadata["team"]'],
  ["cacheControl", { cacheControl: "no-cache " }, "cacheControl"],
  ["contentType", { contentType: " text/plain" }, "contentType"],
])("BucketObject check refuses %s with surrounding whitespace", async (_p, extra, property) => {
  const r = await resources.bucketObject.check({}, { bucket: "site-1250000000", key: "k.txt", content: "x", ...extra });
  expect(r.failures).toEqual([expect.objectContaining({ property, reason: expect.stringMatching(/whitespace/) })]);
});

test("SyncedFolder check refuses a cacheControl with surrounding whitespace", async () => {
  const r = await resources.syncedFolder.check({}, { bucket: "site-1250000000", path: mkdtempSync(join(tmpdir(), "ws-")), cacheControl: " max-age=60" });
  expect(r.failures).toEqual([expect.objectContaining({ property: "cacheControl", reason: expect.stringMatching(/whitespace/) })]);
});
