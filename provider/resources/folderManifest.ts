/**
 * The manifest of a SyncedFolder: every file under the local directory as `key → { hash, size, contentType }`,
 * computed at check. Hashes are reused from the previous manifest when a file's size and mtime are unchanged, so a
 * preview of 10,000 unchanged files reads no file content.
 * @internal
 * @packageDocumentation
 */
import { readdirSync, statSync } from "node:fs";
import { stat } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import pLimit from "p-limit";
import { validateBucketName } from "../cos/endpoint";
import { isUnknown } from "../common/unknowns";
import { Checker, compact, type Obj } from "../common/validate";
import { checkRegion } from "../config";
import { contentTypeFor, HEADER_VALUE, MAX_KEY_BYTES, OBJECT_ACLS, OBJECT_STORAGE_CLASSES } from "./objectInputs";
import { isOwnerKey } from "./ownership";
import { hashFile } from "./objectUpload";

/** One file of the manifest. `etag` is added once uploaded (outputs only). */
export interface ManifestEntry {
  hash: string;
  size: number;
  contentType: string;
  mtimeMs: number;
  etag?: string;
}
export type Manifest = Record<string, ManifestEntry>;

/** Folder-wide headers; a change re-uploads every file. */
export const FOLDER_HEADERS = ["cacheControl", "acl", "storageClass"] as const;
/** Upper bound of files in one SyncedFolder (state holds one entry per file). */
export const MAX_FILES = 100_000;

/** The key-prefix rule both modes apply: "" (the bucket root), or a prefix ending in `/` that does not start with one. */
export const PREFIX_PATTERN = /^([^/].*\/)?$/;
export const PREFIX_RULE = 'must be "" or end with / and not start with / (e.g. site/)';

/** One file of a synced folder, as both modes see it. */
export interface FolderFile {
  /** Path relative to the folder, with `/` separators (`css/site.css`). */
  relativePath: string;
  /** The object key: prefix + relativePath. */
  key: string;
  /** From the extension (the jshttp mime-db table), `application/octet-stream` when unknown. */
  contentType: string;
}

/**
 * Every regular file under `root` (symlinks followed), sorted by relative path; names starting with `.` (files and
 * whole directories) are skipped unless `includeHidden`. The one walk of both SyncedFolder modes: the manifest mode runs
 * it in `check` (provider process), the per-file mode in the program, so the two can never disagree on which files a
 * folder holds or which key and content type each gets. Synchronous because the per-file mode declares its children
 * in a component's constructor; listing a directory is cheap next to hashing, which stays asynchronous.
 */
export function listFolder(root: string, prefix: string, includeHidden: boolean): FolderFile[] {
  const out: FolderFile[] = [];
  const visit = (dir: string): void => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      if (!includeHidden && d.name.startsWith(".")) continue;
      const full = join(dir, d.name);
      const isDir = d.isDirectory() || (d.isSymbolicLink() && statSync(full).isDirectory());
      if (isDir) visit(full);
      else if (d.isFile() || d.isSymbolicLink()) {
        const relativePath = relative(root, full).split(sep).join("/");
        out.push({ relativePath, key: prefix + relativePath, contentType: contentTypeFor(relativePath) });
      }
    }
  };
  visit(root);
  return out.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
}

/** Builds the manifest of `root` under `prefix`, reusing `previous` hashes for unchanged (size, mtime) files. */
export async function buildManifest(root: string, prefix: string, includeHidden: boolean, previous: Manifest = {}): Promise<Manifest> {
  const files = listFolder(root, prefix, includeHidden);
  if (files.length > MAX_FILES) throw new Error(`has ${files.length} files; one SyncedFolder manages at most ${MAX_FILES}`);
  const limit = pLimit(16);
  const entries = await Promise.all(
    files.map(({ relativePath, key, contentType }) =>
      limit(async (): Promise<[string, ManifestEntry]> => {
        const full = join(root, relativePath);
        const st = await stat(full);
        const old = Object.hasOwn(previous, key) ? previous[key] : undefined;
        const hash = old && old.size === st.size && old.mtimeMs === st.mtimeMs ? old.hash : (await hashFile(full)).sha256;
        return [key, { hash, size: st.size, contentType, mtimeMs: st.mtimeMs }];
      }),
    ),
  );
  return Object.fromEntries(entries);
}

/** Validates SyncedFolder inputs and computes the manifest; never throws. */
export async function normalizeFolder(olds: Obj, raw: Obj): Promise<{ inputs: Obj; failures: Checker["failures"] }> {
  const c = new Checker();
  const bucket = c.string("bucket", raw.bucket, { required: true, check: validateBucketName });
  const region = checkRegion(c, raw.region);
  const path = c.string("path", raw.path, { required: true, minLength: 1 });
  const prefix = c.string("prefix", raw.prefix, { pattern: PREFIX_PATTERN, rule: PREFIX_RULE }) ?? "";
  const includeHiddenFiles = c.bool("includeHiddenFiles", raw.includeHiddenFiles) ?? false;
  const inputs: Obj = compact({
    bucket, region, path, prefix, includeHiddenFiles,
    cacheControl: c.string("cacheControl", raw.cacheControl, HEADER_VALUE),
    acl: c.string("acl", raw.acl, { oneOf: OBJECT_ACLS }),
    storageClass: c.string("storageClass", raw.storageClass, { oneOf: OBJECT_STORAGE_CLASSES, ignoreCase: true }) ?? "STANDARD",
    concurrency: c.int("concurrency", raw.concurrency, { min: 1, max: 64 }) ?? 16,
    // The sdk's hidden owner key: the first sync's upload mark (x-cos-meta-tencentcos-upload); never compared by diff.
    ownerKey: isOwnerKey(raw.ownerKey) ? raw.ownerKey : undefined,
  });
  if (c.failures.length === 0 && ![path, prefix, includeHiddenFiles].some(isUnknown)) {
    const root = resolve(path as string);
    try {
      if (!(await stat(root)).isDirectory()) c.fail("path", `${path} is not a directory`);
      else {
        const files = await buildManifest(root, prefix, includeHiddenFiles, (olds.files as Manifest | undefined) ?? {});
        // PUT Object refuses a key above 850 bytes (KeyTooLong, as BucketObject's check says): fail here, not mid-sync.
        const long = Object.keys(files).filter((k) => Buffer.byteLength(k) > MAX_KEY_BYTES);
        if (long.length) {
          const more = long.length > 3 ? ` (and ${long.length - 3} more)` : "";
          c.fail("path", `${long.length} files would get a key above ${MAX_KEY_BYTES} bytes (prefix + relative path; COS KeyTooLong)${more}: ${long.slice(0, 3).join(", ")}`);
        } else inputs.files = files;
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      c.fail("path", code ? `cannot be read: ${code} (${path}, relative to the project directory)` : String((e as Error).message));
    }
  }
  return { inputs, failures: c.failures };
}

/** What a sync must do to go from `olds` to `news`. */
export function plan(olds: Manifest, news: Manifest, headersChanged: boolean): { upload: string[]; remove: string[]; unchanged: number } {
  const upload: string[] = [];
  let unchanged = 0;
  for (const [k, e] of Object.entries(news)) {
    const o = Object.hasOwn(olds, k) ? olds[k] : undefined;
    if (headersChanged || !o || o.hash !== e.hash || o.contentType !== e.contentType) upload.push(k);
    else unchanged++;
  }
  const remove = Object.keys(olds).filter((k) => !Object.hasOwn(news, k)); // own keys: a file named `constructor` is no prototype member
  return { upload, remove, unchanged };
}
