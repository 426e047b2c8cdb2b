/**
 * Object keys that XML text does not carry as they are. A carriage return is a legal COS key character (and a Linux
 * file name character), but XML end-of-line handling reads "\r" and "\r\n" back as "\n": the listings now ask for
 * `encoding-type=url`, and a DELETE Multiple Objects sends such keys by DELETE Object instead. Leading and trailing
 * spaces are legal too, and the local COS server trimmed them from a `<Delete>` body, so it deleted another key and
 * reported success. Before these fixes force-destroy deleted the same page for ever, a SyncedFolder refresh reported
 * its file gone, and its delete left ours and removed someone else's object.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resources } from "../../../provider";
import type { CosClient } from "../../../provider/cos";
import { emptyBucket } from "../../../provider/resources/forceDestroy";
import { type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => {
  env = await startProviderEnv();
});
afterAll(async () => {
  await env.close();
});
const loc = (bucket: string) => ({ bucket, region: "ap-guangzhou" });
const live = (b: string, key: string) => {
  const v = env.server.state.getBucket(b)?.objects.get(key)?.[0];
  return v !== undefined && !v.deleteMarker;
};

/** The test client, whose listing of versions fails after `max` calls: a force-destroy that makes no progress ends. */
function boundedListings(max: number): CosClient {
  let listings = 0;
  return new Proxy(env.client, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (prop === "listObjectVersions") {
        return (...args: unknown[]) => {
          if (++listings > max) throw new Error(`no progress: ${max} listing rounds and the bucket is not empty`);
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof v === "function" ? v.bind(target) : v;
    },
  }) as CosClient;
}

describe("keys holding a carriage return", () => {
  test("listObjects / listObjectVersions return a key holding \\r exactly as stored", async () => {
    const b = env.bucketName("cr");
    await env.client.putBucket(loc(b));
    await env.client.putObject(loc(b), "a\rb.txt", "x");
    await env.client.putObject(loc(b), "c\r\nd.txt", "x");
    expect((await env.client.listObjects(loc(b))).contents.map((c) => c.key)).toEqual(["a\rb.txt", "c\r\nd.txt"]);
    expect((await env.client.listObjectVersions(loc(b))).versions.map((v) => v.key)).toEqual(["a\rb.txt", "c\r\nd.txt"]);
  });

  test("deleteObjects of a key holding \\r deletes that key", async () => {
    const b = env.bucketName("crdel");
    await env.client.putBucket(loc(b));
    await env.client.putObject(loc(b), "a\rb.txt", "x");
    const r = await env.client.deleteObjects(loc(b), [{ key: "a\rb.txt" }]);
    expect(r.errors).toEqual([]);
    expect(live(b, "a\rb.txt")).toBe(false);
  });

  test("force-destroy empties a bucket holding a key with \\r (in a bounded number of rounds)", async () => {
    const b = env.bucketName("crfd");
    await env.client.putBucket(loc(b));
    await env.client.putObject(loc(b), "report\r.csv", "x");
    await emptyBucket(boundedListings(20), loc(b));
    expect(env.server.state.getBucket(b)!.objects.size).toBe(0);
  });

  test("force-destroy aborts a multipart upload whose key holds \\r", async () => {
    const b = env.bucketName("crmpu");
    await env.client.putBucket(loc(b));
    await env.client.initiateMultipartUpload(loc(b), "big\r.bin");
    await emptyBucket(env.client, loc(b));
    expect(env.server.state.getBucket(b)!.uploads.size).toBe(0);
  });

  async function folderWithCrFile(tag: string) {
    const b = env.bucketName(tag);
    await env.client.putBucket(loc(b));
    await env.client.putObject(loc(b), "a\nb.txt", "someone else's object");
    const dir = mkdtempSync(join(tmpdir(), "awkward-keys-"));
    writeFileSync(join(dir, "a\rb.txt"), "ours");
    const created = await env.create("syncedFolder", { bucket: b, path: dir });
    expect(live(b, "a\rb.txt")).toBe(true);
    return { b, created };
  }

  test("SyncedFolder: a refresh reports a file named with \\r as present (no drift)", async () => {
    const { created } = await folderWithCrFile("crsfr");
    const r = await resources.syncedFolder.read(created.id, created.outs);
    expect(Object.keys(r.props!.files as object)).toEqual(["a\rb.txt"]);
    expect(r.inputs).toBeUndefined();
  });

  test("SyncedFolder: deleting the folder deletes its file named with \\r, and not someone else's \"a\\nb.txt\"", async () => {
    const { b, created } = await folderWithCrFile("crsfd");
    await resources.syncedFolder.delete(created.id, created.outs);
    expect({ ours: live(b, "a\rb.txt"), theirs: live(b, "a\nb.txt") }).toEqual({ ours: false, theirs: true });
  });
});

describe("keys with leading or trailing spaces", () => {
  test("POST ?delete of \"notes.txt \" deletes exactly that key, not \"notes.txt\"", async () => {
    const b = env.bucketName("ws");
    await env.client.putBucket(loc(b));
    await env.client.putObject(loc(b), "notes.txt", "someone else's object");
    await env.client.putObject(loc(b), "notes.txt ", "ours");
    const r = await env.client.deleteObjects(loc(b), [{ key: "notes.txt " }], { quiet: false });
    expect(r.errors).toEqual([]);
    expect(r.deleted.map((d) => d.key)).toEqual(["notes.txt "]);
    expect(live(b, "notes.txt ")).toBe(false); // the key we asked to delete is gone
    expect(live(b, "notes.txt")).toBe(true); // an unrelated object is untouched
  });

  test("SyncedFolder delete removes its file \"notes.txt \" and leaves someone else's \"notes.txt\"", async () => {
    const b = env.bucketName("wssf");
    await env.client.putBucket(loc(b));
    await env.client.putObject(loc(b), "notes.txt", "someone else's object");
    const dir = mkdtempSync(join(tmpdir(), "awkward-keys-"));
    writeFileSync(join(dir, "notes.txt "), "ours");
    const created = await env.create("syncedFolder", { bucket: b, path: dir });
    expect(Object.keys(created.outs.files as object)).toEqual(["notes.txt "]);
    expect(live(b, "notes.txt ")).toBe(true);

    await resources.syncedFolder.delete(created.id, created.outs);
    expect(live(b, "notes.txt ")).toBe(false); // ours is deleted (not orphaned)
    expect(live(b, "notes.txt")).toBe(true); // theirs is not lost
  });

  test("force-destroy empties a bucket holding \" padded \" in a bounded number of rounds", async () => {
    const b = env.bucketName("wsfd");
    await env.client.putBucket(loc(b));
    await env.client.putObject(loc(b), " padded ", "x");
    await emptyBucket(boundedListings(20), loc(b));
    expect(env.server.state.getBucket(b)!.objects.size).toBe(0);
    await env.client.deleteBucket(loc(b));
  });
});

test("force-destroy stops with the key when a delete that reported no error leaves the page listed", async () => {
  const b = env.bucketName("stuck");
  await env.client.putBucket(loc(b));
  await env.client.putObject(loc(b), "stays.txt", "x");
  // A server that answers DELETE Multiple Objects with success and deletes nothing (as when it reads another key).
  const deletesNothing = new Proxy(boundedListings(20), {
    get(target, prop, receiver) {
      if (prop === "deleteObjects") return async () => ({ deleted: [], errors: [] });
      return Reflect.get(target, prop, receiver);
    },
  });
  await expect(emptyBucket(deletesNothing, loc(b))).rejects.toThrow(/1 object\(s\) are still listed after a delete that reported no error, e\.g\. "stays\.txt"/);
  expect(live(b, "stays.txt")).toBe(true);
});
