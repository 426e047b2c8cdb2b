/**
 * SyncedFolder ownership of its files. The engine creates a replacement before it deletes the old resource: a
 * SyncedFolder renamed without an alias (or moved to SyncedFolderObjects, one BucketObject per file) re-uploads every
 * file first, and the old folder's delete then removed every key of its manifest — the whole site gone after an up
 * that reported success. The delete must leave a file another resource uploaded since, and still delete its own.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resources } from "../../../provider";
import { type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv(); });
afterAll(async () => { await env.close(); });

const OLD = "111111111111.cccccccccccc";
const NEW = "111111111111.dddddddddddd";

function site(): string {
  const dir = mkdtempSync(join(tmpdir(), "folder-safety-"));
  writeFileSync(join(dir, "index.html"), "<h1>site</h1>");
  writeFileSync(join(dir, "app.css"), "body{}");
  return dir;
}

test("renamed without an alias: the new folder re-uploads, the old folder's delete leaves every file", async () => {
  const b = env.bucketName("fren");
  await env.client.putBucket({ bucket: b, region: env.region });
  const dir = site();
  const old = await env.create("syncedFolder", { bucket: b, path: dir, ownerKey: OLD });
  const renamed = await env.create("syncedFolder", { bucket: b, path: dir, ownerKey: NEW });
  await resources.syncedFolder.delete(old.id, old.outs);
  expect((await env.client.getObject({ bucket: b, region: env.region }, "index.html")).body.toString()).toBe("<h1>site</h1>");
  expect(await env.client.headObject({ bucket: b, region: env.region }, "app.css")).toBeDefined();
  // the new folder's own delete removes them
  await resources.syncedFolder.delete(renamed.id, renamed.outs);
  expect(await env.client.headObject({ bucket: b, region: env.region }, "index.html")).toBeUndefined();
});

test("SyncedFolder → SyncedFolderObjects in one up: the BucketObjects take the files over and the folder's delete leaves them", async () => {
  const b = env.bucketName("fmode");
  await env.client.putBucket({ bucket: b, region: env.region });
  const dir = site();
  const folder = await env.create("syncedFolder", { bucket: b, path: dir, ownerKey: OLD });
  for (const f of ["index.html", "app.css"]) await env.create("bucketObject", { bucket: b, key: f, source: join(dir, f), ownerKey: NEW });
  await resources.syncedFolder.delete(folder.id, folder.outs);
  expect(await env.client.headObject({ bucket: b, region: env.region }, "index.html")).toBeDefined();
  expect(await env.client.headObject({ bucket: b, region: env.region }, "app.css")).toBeDefined();
});

test("the folder's mark is kept across updates: files uploaded by later syncs are its own to delete", async () => {
  const b = env.bucketName("fupd");
  await env.client.putBucket({ bucket: b, region: env.region });
  const dir = site();
  const created = await env.create("syncedFolder", { bucket: b, path: dir, ownerKey: OLD });
  writeFileSync(join(dir, "new.js"), "console.log(1)");
  // an alias rename gives a new owner key; the mark of the files must stay one
  const news = await env.check("syncedFolder", created.inputs, { bucket: b, path: dir, ownerKey: NEW });
  const u = await resources.syncedFolder.update(created.id, created.outs, news);
  await resources.syncedFolder.delete(created.id, u.outs!);
  for (const k of ["index.html", "app.css", "new.js"]) expect(await env.client.headObject({ bucket: b, region: env.region }, k)).toBeUndefined();
});

test("a refresh of an undrifted folder shows no drift (the mark is not an input)", async () => {
  const b = env.bucketName("fref");
  await env.client.putBucket({ bucket: b, region: env.region });
  const created = await env.create("syncedFolder", { bucket: b, path: site(), ownerKey: OLD });
  const r = await resources.syncedFolder.read(created.id, created.outs);
  expect(r.inputs).toBeUndefined();
});

test("a mark that cannot be read keeps the file in the manifest and fails the sync with what was done kept in state", async () => {
  const b = env.bucketName("fhead");
  await env.client.putBucket({ bucket: b, region: env.region });
  const dir = site();
  const created = await env.create("syncedFolder", { bucket: b, path: dir, ownerKey: OLD });
  rmSync(join(dir, "app.css"));
  writeFileSync(join(dir, "extra.txt"), "x");
  const news = await env.check("syncedFolder", created.inputs, { bucket: b, path: dir, ownerKey: OLD });
  env.server.faults.failNext(1, { method: "HEAD", bucket: b, status: 403, code: "AccessDenied" });
  const e = (await resources.syncedFolder.update(created.id, created.outs, news).catch((x: unknown) => x)) as { properties?: { files: Record<string, unknown> } };
  env.server.faults.reset();
  expect(Object.keys(e.properties!.files).sort()).toEqual(["app.css", "extra.txt", "index.html"]);
  expect(await env.client.headObject({ bucket: b, region: env.region }, "app.css")).toBeDefined();
});
