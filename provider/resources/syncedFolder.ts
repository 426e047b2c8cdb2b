/**
 * SyncedFolder: a local directory mirrored under a key prefix as ONE resource (the pulumi/synced-folder idea), so
 * 10,000 files cost one engine resource and one state entry whose manifest holds `key → hash, size, contentType,
 * etag`. An update uploads only files whose hash or type changed and deletes only keys the manifest held: objects
 * under the prefix that this resource never uploaded are left alone. A sync that fails half-way keeps what it did in
 * state (a partial-failure answer), so the next `up` finishes the rest.
 * @internal
 * @packageDocumentation
 */
import type { CheckResult, CreateResult, DiffResult, ReadResult, ResourceProvider, UpdateResult } from "@pulumi/pulumi/dynamic";
import { dequal as deepEqual } from "dequal";
import pLimit from "p-limit";
import type { CosClient } from "../cos/client";
import type { BucketLocation } from "../cos/endpoint";
import { isCosServiceError } from "../cos/errors";
import { MAX_DELETE_OBJECTS } from "../cos/operations/objects";
import { containsUnknown } from "../common/unknowns";
import { type Obj, plain, setOwn } from "../common/validate";
import { providerClient } from "../config";
import { FOLDER_HEADERS, type Manifest, normalizeFolder, plan } from "./folderManifest";
import { objectHeaders } from "./bucketObject";
import { isOwnUpload, MARK_META } from "./objectInputs";
import { uploadObject } from "./objectUpload";
import { ResourceInitError } from "./resourceInitError";
import { resolve } from "node:path";
import { randomBytes } from "node:crypto";

const REPLACE_ON = ["bucket", "region"] as const;
const locOf = (p: Obj): BucketLocation => ({ bucket: p.bucket as string, region: p.region as string });
const idOf = (p: Obj) => `${p.bucket as string}/${(p.prefix as string | undefined) ?? ""}`;
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

/**
 * Progress of a long sync. The dynamic-provider process has no engine connection of its own (its host never sets
 * the engine address, so `pulumi.log` falls back to the console); the engine shows a plugin's stderr lines as info
 * diagnostics, so a summary line every few seconds reaches the user. @internal
 */
export const progress = { write: (line: string): void => void process.stderr.write(`${line}\n`), intervalMs: 3000 };

interface SyncResult { manifest: Manifest; errors: string[] }

/** Uploads `upload` and deletes `remove`; `manifest` starts as what is live and ends as what is live. */
async function sync(client: CosClient, p: Obj, start: Manifest, upload: string[], remove: string[]): Promise<SyncResult> {
  const news = p.files as Manifest;
  const manifest: Manifest = { ...start };
  const errors: string[] = [];
  const root = resolve(p.path as string);
  const prefix = (p.prefix as string) ?? "";
  const total = upload.reduce((n, k) => n + news[k].size, 0);
  const label = `SyncedFolder ${idOf(p)}`;
  const began = Date.now();
  let done = 0;
  let bytes = 0;
  if (upload.length + remove.length > 0) progress.write(`${label}: uploading ${upload.length} files (${mib(total)}), deleting ${remove.length}`);
  const timer = setInterval(() => progress.write(`${label}: ${done}/${upload.length} files uploaded (${mib(bytes)} of ${mib(total)})`), progress.intervalMs);
  try {
    const limit = pLimit((p.concurrency as number | undefined) ?? 16);
    const mark = p.uploadMark as string;
    await Promise.all(upload.map((key) => limit(async () => {
      const e = news[key];
      try {
        const r = await uploadObject(client, locOf(p), key, { kind: "file", path: `${root}/${key.slice(prefix.length)}` }, {
          contentType: e.contentType, headers: { ...objectHeaders({ ...p, sourceHash: e.hash, metadata: {} }), [MARK_META]: mark },
        });
        setOwn(manifest, key, { ...e, etag: r.etag });
        done++;
        bytes += e.size;
      } catch (err) {
        errors.push(`${key}: ${(err as Error).message}`);
      }
    })));
    const { own, left } = await ownKeys(client, p, remove, limit, errors);
    for (const key of left) delete manifest[key]; // another resource's now: no longer in this folder's manifest
    remove = own;
    for (let i = 0; i < remove.length; i += MAX_DELETE_OBJECTS) {
      const batch = remove.slice(i, i + MAX_DELETE_OBJECTS);
      try {
        const r = await client.deleteObjects(locOf(p), batch.map((key) => ({ key })), { quiet: true });
        const failed = new Set(r.errors.map((x) => x.key));
        for (const x of r.errors) errors.push(`deleting ${x.key}: ${x.code} ${x.message}`);
        for (const key of batch) if (!failed.has(key)) delete manifest[key];
      } catch (err) {
        if (isCosServiceError(err, "NoSuchBucket")) { for (const key of batch) delete manifest[key]; continue; }
        errors.push(`deleting ${batch.length} objects: ${(err as Error).message}`);
      }
    }
  } finally {
    clearInterval(timer);
  }
  if (upload.length + remove.length > 0) {
    progress.write(`${label}: ${done} uploaded (${mib(bytes)}), ${remove.length} deleted, ${Object.keys(news).length - upload.length} unchanged, ${errors.length} failed, in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  }
  return { manifest, errors };
}

/**
 * The keys of `keys` that are still this folder's to delete: unmarked (uploaded by an older version, or rewritten out
 * of band) or marked with its own mark. A key another resource uploaded since — the folder renamed without an alias
 * or replaced by per-file BucketObjects, whose creates come first — is left in place (one HEAD per key). A key
 * already gone is deleted as usual (a no-op); a key whose mark cannot be read stays, with an error.
 */
async function ownKeys(client: CosClient, p: Obj, keys: string[], limit: ReturnType<typeof pLimit>, errors: string[]): Promise<{ own: string[]; left: string[] }> {
  const left: string[] = [];
  const own = await Promise.all(keys.map((key) => limit(async () => {
    try {
      const mark = (await client.headObject(locOf(p), key))?.[MARK_META];
      if (isOwnUpload(mark, p.uploadMark)) return true;
      left.push(key);
      return false;
    } catch (e) {
      if (isCosServiceError(e, "NoSuchBucket")) return true;
      // Unknown: neither deleted nor given up; it stays in the manifest, and the sync's partial state says why.
      errors.push(`reading the upload mark of ${key}: ${(e as Error).message}`);
      return false;
    }
  })));
  if (left.length) {
    const more = left.length > 3 ? ` (and ${left.length - 3} more)` : "";
    progress.write(`warning: SyncedFolder ${idOf(p)}: ${left.length} objects were uploaded by another resource since (a rename without an alias, or per-file objects); they were left in place: ${left.slice(0, 3).join(", ")}${more}`);
  }
  return { own: keys.filter((_, i) => own[i]), left };
}

function outs(p: Obj, manifest: Manifest): Obj {
  return plain({ ...p, files: manifest, fileCount: Object.keys(manifest).length, totalBytes: Object.values(manifest).reduce((n, e) => n + e.size, 0) });
}

/** A sync that left errors: keep what was done in state, so a retry or refresh converges. */
function finish(p: Obj, r: SyncResult): Obj {
  if (r.errors.length === 0) return outs(p, r.manifest);
  const more = r.errors.length > 5 ? ` (and ${r.errors.length - 5} more)` : "";
  throw new ResourceInitError(idOf(p), { ...outs(p, r.manifest), __provider: p.__provider }, [
    `${r.errors.length} of the files could not be synced${more}: ${r.errors.slice(0, 5).join("; ")}`,
  ]);
}

async function check(olds: Obj, news: Obj): Promise<CheckResult> {
  const { inputs, failures } = await normalizeFolder(olds, news);
  return failures.length ? { inputs: news, failures } : { inputs };
}

async function diff(_id: string, olds: Obj, news: Obj): Promise<DiffResult> {
  const changed = [...REPLACE_ON, "prefix", ...FOLDER_HEADERS].filter((k) => containsUnknown(news[k]) || !deepEqual(olds[k] ?? null, news[k] ?? null));
  if (news.files === undefined || containsUnknown(news.files)) changed.push("files");
  else {
    const todo = plan((olds.files as Manifest | undefined) ?? {}, news.files as Manifest, false);
    if (todo.upload.length || todo.remove.length) changed.push("files");
  }
  const replaces = changed.filter((k) => (REPLACE_ON as readonly string[]).includes(k));
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
}

/**
 * The mark every upload of this folder writes (x-cos-meta-tencentcos-upload), chosen once and kept in state for the
 * resource's life: its owner key at creation (random without one), so files of every sync carry the same mark.
 */
const markFor = (p: Obj, olds: Obj = {}): string =>
  typeof olds.uploadMark === "string" ? olds.uploadMark : typeof p.ownerKey === "string" ? p.ownerKey : randomBytes(8).toString("hex");

async function create(raw: Obj): Promise<CreateResult> {
  const p: Obj = { ...raw, uploadMark: markFor(raw) };
  const files = p.files as Manifest;
  const r = await sync(providerClient(), p, {}, Object.keys(files), []);
  return { id: idOf(p), outs: finish(p, r) };
}

async function update(_id: string, olds: Obj, rawNews: Obj): Promise<UpdateResult> {
  // A state written before marks has none: the files it uploaded are unmarked, which its delete still takes as its own.
  const news: Obj = { ...rawNews, uploadMark: markFor(rawNews, olds) };
  const headersChanged = FOLDER_HEADERS.some((k) => !deepEqual(olds[k] ?? null, news[k] ?? null));
  const old = (olds.files as Manifest | undefined) ?? {};
  const todo = plan(old, news.files as Manifest, headersChanged);
  // Unchanged files keep their live ETag with the new local facts (mtime); changed ones are replaced as they land,
  // and a failed upload keeps the old entry, so the next diff tries it again.
  const start: Manifest = { ...old };
  const uploading = new Set(todo.upload);
  for (const [k, e] of Object.entries(news.files as Manifest)) if (!uploading.has(k) && Object.hasOwn(old, k)) setOwn(start, k, { ...e, etag: old[k].etag });
  const r = await sync(providerClient(), news, start, todo.upload, todo.remove);
  return { outs: finish(news, r) };
}

/** ETags compare without their quotes (digest §7 C33: the PUT Object sample answers an unquoted ETag). */
const bareEtag = (e: string | undefined): string | undefined => e?.replace(/"/g, "");
const sameEtag = (a: string | undefined, b: string | undefined): boolean => a !== undefined && bareEtag(a) === bareEtag(b);

/** Lists what is live under the prefix: key → ETag. */
async function liveEtags(client: CosClient, p: Obj): Promise<Map<string, string>> {
  const live = new Map<string, string>();
  let marker: string | undefined;
  for (;;) {
    const page = await client.listObjects(locOf(p), { prefix: (p.prefix as string) ?? "", marker, maxKeys: 1000 });
    for (const o of page.contents) live.set(o.key, o.etag);
    if (!page.isTruncated || !page.nextMarker) return live;
    marker = page.nextMarker;
  }
}

/** Inputs of check's shape for `manifest`: ETags are outputs (with them an undrifted refresh would show a diff). */
function inputsOf(p: Obj, manifest: Manifest): Obj {
  const files = Object.fromEntries(Object.entries(manifest).map(([k, { etag: _e, ...e }]) => [k, e]));
  const { fileCount: _f, totalBytes: _t, __provider: _p, uploadMark: _m, ...inputs } = outs(p, files);
  return plain(inputs);
}

async function read(id: string, props?: Obj): Promise<ReadResult> {
  const p = props ?? {};
  let live: Map<string, string>;
  try {
    live = await liveEtags(providerClient(), p);
  } catch (e) {
    if (isCosServiceError(e, "NoSuchBucket")) return {};
    throw e;
  }
  const manifest: Manifest = {};
  for (const [key, e] of Object.entries((p.files as Manifest | undefined) ?? {})) {
    const etag = live.get(key);
    if (etag === undefined) continue; // deleted out of band: the next up uploads it again
    // Rewritten out of band: the hash is no longer known; mtime -1 makes the next check hash the local file again.
    setOwn(manifest, key, sameEtag(etag, e.etag) ? e : { ...e, hash: `changed out of band (ETag ${etag})`, etag, mtimeMs: -1 });
  }
  const inputs = inputsOf(p, manifest);
  // Nothing drifted: no inputs, so the engine keeps the stored ones. After a no-change up from a fresh checkout they
  // hold newer mtimes than the outputs (a same step keeps the old outputs), and the CLI would show `[diff: ~files]`.
  const undrifted = deepEqual(inputs, inputsOf(p, (p.files as Manifest | undefined) ?? {}));
  return undrifted ? { id, props: outs(p, manifest) } : { id, props: outs(p, manifest), inputs };
}

async function remove(_id: string, p: Obj): Promise<void> {
  const keys = Object.keys((p.files as Manifest | undefined) ?? {});
  const r = await sync(providerClient(), { ...p, files: {} }, (p.files as Manifest) ?? {}, [], keys);
  if (r.errors.length) throw new Error(`SyncedFolder ${idOf(p)}: ${r.errors.length} objects could not be deleted: ${r.errors.slice(0, 5).join("; ")}`);
}

/** @internal */
export const syncedFolder = { check, diff, create, read, update, delete: remove } satisfies ResourceProvider;
