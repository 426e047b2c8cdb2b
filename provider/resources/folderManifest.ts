/**
 * The manifest of a SyncedFolder: every file under the local directory as `key → { hash, size, contentType }`,
 * computed at check. Hashes are reused from the previous manifest when a file's size and mtime are unchanged, so a
 * preview of 10,000 unchanged files reads no file content.
 * @internal
 * @packageDocumentation
 */
import { readdir, stat } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import pLimit from "p-limit";
import { validateBucketName } from "../cos/endpoint";
import { isUnknown } from "../common/unknowns";
import { Checker, compact, type Obj } from "../common/validate";
import { checkRegion } from "../config";
import { contentTypeFor, OBJECT_ACLS, OBJECT_STORAGE_CLASSES } from "./objectInputs";
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

/** Every regular file under `root` (symlinks followed), as paths relative to it with `/` separators. */
async function walk(root: string, includeHidden: boolean): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    for (const d of await readdir(dir, { withFileTypes: true })) {
      if (!includeHidden && d.name.startsWith(".")) continue;
      const full = join(dir, d.name);
      const isDir = d.isDirectory() || (d.isSymbolicLink() && (await stat(full)).isDirectory());
      if (isDir) await visit(full);
      else if (d.isFile() || d.isSymbolicLink()) out.push(relative(root, full).split(sep).join("/"));
    }
  };
  await visit(root);
  return out.sort();
}

/** Builds the manifest of `root` under `prefix`, reusing `previous` hashes for unchanged (size, mtime) files. */
export async function buildManifest(root: string, prefix: string, includeHidden: boolean, previous: Manifest = {}): Promise<Manifest> {
  const files = await walk(root, includeHidden);
  if (files.length > MAX_FILES) throw new Error(`has ${files.length} files; one SyncedFolder manages at most ${MAX_FILES}`);
  const limit = pLimit(16);
  const entries = await Promise.all(
    files.map((rel) =>
      limit(async (): Promise<[string, ManifestEntry]> => {
        const key = prefix + rel;
        const full = join(root, rel);
        const st = await stat(full);
        const old = previous[key];
        const hash = old && old.size === st.size && old.mtimeMs === st.mtimeMs ? old.hash : (await hashFile(full)).sha256;
        return [key, { hash, size: st.size, contentType: contentTypeFor(rel), mtimeMs: st.mtimeMs }];
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
  const prefix = c.string("prefix", raw.prefix, { pattern: /^([^/].*\/)?$/, rule: 'must be "" or end with / and not start with / (e.g. site/)' }) ?? "";
  const includeHiddenFiles = c.bool("includeHiddenFiles", raw.includeHiddenFiles) ?? false;
  const inputs: Obj = compact({
    bucket, region, path, prefix, includeHiddenFiles,
    cacheControl: c.string("cacheControl", raw.cacheControl, { minLength: 1 }),
    acl: c.string("acl", raw.acl, { oneOf: OBJECT_ACLS }),
    storageClass: c.string("storageClass", raw.storageClass, { oneOf: OBJECT_STORAGE_CLASSES, ignoreCase: true }) ?? "STANDARD",
    concurrency: c.int("concurrency", raw.concurrency, { min: 1, max: 64 }) ?? 16,
  });
  if (c.failures.length === 0 && ![path, prefix, includeHiddenFiles].some(isUnknown)) {
    const root = resolve(path as string);
    try {
      if (!(await stat(root)).isDirectory()) c.fail("path", `${path} is not a directory`);
      else inputs.files = await buildManifest(root, prefix, includeHiddenFiles, (olds.files as Manifest | undefined) ?? {});
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
    const o = olds[k];
    if (headersChanged || !o || o.hash !== e.hash || o.contentType !== e.contentType) upload.push(k);
    else unchanged++;
  }
  const remove = Object.keys(olds).filter((k) => !(k in news));
  return { upload, remove, unchanged };
}
