/**
 * BucketObject ownership of its object:
 *  - a resource renamed without an alias (or a second stack) creates first and takes the object of identical content
 *    over; the old resource's delete must then leave it in place, not delete what the new one now holds;
 *  - an update whose answer was lost (state keeps the previous outputs) must leave the object this resource's to delete;
 *  - on a versioned bucket the delete adds a delete marker and keeps the versions (versioning's promise).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resources } from "../../../provider";
import { type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => {
  env = await startProviderEnv({ retryMaxSeconds: 1 });
});
afterAll(async () => { await env.close(); });
afterEach(() => env.server.faults.reset());

const loc = (b: string) => ({ bucket: b, region: env.region });
const OLD = "111111111111.aaaaaaaaaaaa";
const RENAMED = "111111111111.bbbbbbbbbbbb";

test("renamed without an alias: the new BucketObject takes the identical object over, and the old one's delete leaves it", async () => {
  const b = env.bucketName("ren");
  await env.client.putBucket(loc(b));
  const args = { bucket: b, key: "site/index.html", content: "<h1>keep</h1>" };
  const old = await env.create("bucketObject", { ...args, ownerKey: OLD });
  // The engine creates the renamed resource first, then deletes the old one.
  const renamed = await env.create("bucketObject", { ...args, ownerKey: RENAMED });
  await resources.bucketObject.delete(old.id, old.outs);
  const head = await env.client.headObject(loc(b), "site/index.html");
  expect(head).toBeDefined();
  // The renamed resource still owns it: refresh keeps it, and its own delete removes it.
  expect((await resources.bucketObject.read(renamed.id, renamed.outs)).id).toBe(renamed.id);
  await resources.bucketObject.delete(renamed.id, renamed.outs);
  expect(await env.client.headObject(loc(b), "site/index.html")).toBeUndefined();
});

test("moving files from BucketObjects (SyncedFolderObjects) to a SyncedFolder: the objects' deletes leave the re-uploaded files", async () => {
  const b = env.bucketName("mode");
  await env.client.putBucket(loc(b));
  const dir = mkdtempSync(join(tmpdir(), "obj-mode-"));
  writeFileSync(join(dir, "index.html"), "<h1>site</h1>");
  const child = await env.create("bucketObject", { bucket: b, key: "index.html", source: join(dir, "index.html"), ownerKey: OLD });
  // One up replaces the component by a SyncedFolder: the folder is created first, then the children deleted.
  await env.create("syncedFolder", { bucket: b, path: dir, ownerKey: RENAMED });
  await resources.bucketObject.delete(child.id, child.outs);
  expect((await env.client.getObject(loc(b), "index.html")).body.toString()).toBe("<h1>site</h1>");
});

test("an object rewritten out of band (no mark of ours) is still deleted by its resource", async () => {
  const b = env.bucketName("oob");
  await env.client.putBucket(loc(b));
  const o = await env.create("bucketObject", { bucket: b, key: "a.txt", content: "mine", ownerKey: OLD });
  await env.client.putObject(loc(b), "a.txt", "console edit");
  await resources.bucketObject.delete(o.id, o.outs);
  expect(await env.client.headObject(loc(b), "a.txt")).toBeUndefined();
});

test("a refresh of an undrifted object reports no drift (the upload mark is not user metadata)", async () => {
  const b = env.bucketName("mark");
  await env.client.putBucket(loc(b));
  const o = await env.create("bucketObject", { bucket: b, key: "m.txt", content: "x", metadata: { team: "web" }, ownerKey: OLD });
  const r = await resources.bucketObject.read(o.id, o.outs);
  expect(r.inputs).toBeUndefined();
  expect(r.props).toEqual(o.outs);
});

test("an update whose answer was lost keeps the object this resource's: its delete still removes it", async () => {
  const b = env.bucketName("lost");
  await env.client.putBucket(loc(b));
  const o = await env.create("bucketObject", { bucket: b, key: "l.txt", content: "v1", ownerKey: OLD });
  const news = await env.check("bucketObject", o.inputs, { bucket: b, key: "l.txt", content: "v2", ownerKey: OLD });
  // Every PUT is served and its answer lost: the update fails, and the engine keeps the old outputs.
  env.server.faults.dropAfterServingNext(1000, { method: "PUT", bucket: b });
  await expect(resources.bucketObject.update(o.id, o.outs, news)).rejects.toThrow();
  env.server.faults.reset();
  expect((await env.client.getObject(loc(b), "l.txt")).body.toString()).toBe("v2");
  await resources.bucketObject.delete(o.id, o.outs);
  expect(await env.client.headObject(loc(b), "l.txt")).toBeUndefined();
});

test("an imported object (read without outputs) is the importer's to delete", async () => {
  const b = env.bucketName("imp");
  await env.client.putBucket(loc(b));
  await env.create("bucketObject", { bucket: b, key: "i.txt", content: "elsewhere", ownerKey: OLD });
  // What the native provider's import sends: the id's bucket, the region and the importer's owner key.
  const r = await resources.bucketObject.read(`${b}/i.txt`, { bucket: b, region: env.region, ownerKey: RENAMED });
  await resources.bucketObject.delete(r.id!, r.props as Record<string, unknown>);
  expect(await env.client.headObject(loc(b), "i.txt")).toBeUndefined();
});

test("delete on a versioned bucket adds a delete marker and keeps the versions", async () => {
  const b = env.bucketName("ver");
  await env.client.putBucket(loc(b));
  await env.client.putBucketVersioning(loc(b), "Enabled");
  const o = await env.create("bucketObject", { bucket: b, key: "k.txt", content: "v1", ownerKey: OLD });
  expect(o.outs.versionId).toBeDefined();
  await resources.bucketObject.delete(o.id, o.outs);
  expect(await env.client.headObject(loc(b), "k.txt")).toBeUndefined();
  const v = await env.client.listObjectVersions(loc(b));
  expect(v.deleteMarkers.map((m) => m.key)).toEqual(["k.txt"]);
  expect(v.versions.map((x) => x.key)).toEqual(["k.txt"]);
});
