/**
 * ETag quoting in drift detection. The digest (§3.2, §7 C33) records that COS returns ETags quoted in
 * listings and HEAD, but that the API reference's PUT Object sample answers an *unquoted* `Etag:` (002:L4773),
 * and decides "emit quoted; strip quotes when comparing". SyncedFolder's read compared the stored ETag (from PUT) with
 * the live one (listing) as raw strings, so every file looked rewritten out of band, and every up uploaded it again.
 * (BucketObject decides by its x-cos-meta sha256 header.)
 * A pass-through proxy in front of the local COS server answers PUT Object as the 002 sample does (unquoted ETag);
 * every other response is the server's own.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getSettings, resources, setSettings } from "../../../provider";
import { closeAllPools } from "../../../provider/cos";
import { type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
let proxy: http.Server;
beforeAll(async () => {
  env = await startProviderEnv();
  proxy = http.createServer((req, res) => {
    const up = http.request({ host: "127.0.0.1", port: env.server.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      const headers = { ...r.headers };
      if (req.method === "PUT" && !req.url!.includes("?") && typeof headers.etag === "string") headers.etag = headers.etag.replace(/"/g, "");
      res.writeHead(r.statusCode ?? 500, headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise<void>((ok) => proxy.listen(0, "127.0.0.1", ok));
  setSettings({ ...getSettings(), endpoint: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` });
});
afterAll(async () => {
  await closeAllPools();
  await new Promise((ok) => proxy.close(ok));
  await env.close();
});
const loc = (bucket: string) => ({ bucket, region: "ap-guangzhou" });

test("SyncedFolder: untouched files are not reported as rewritten out of band", async () => {
  const b = env.bucketName("etqsf");
  await env.client.putBucket(loc(b));
  const dir = mkdtempSync(join(tmpdir(), "review-etag-"));
  writeFileSync(join(dir, "index.html"), "<h1>hi</h1>");
  const created = await env.create("syncedFolder", { bucket: b, path: dir });
  const r = await resources.syncedFolder.read(created.id, created.outs);
  expect(r.inputs).toBeUndefined(); // nothing drifted
});
