import { statSync } from "node:fs";
import { posix, resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type * as FolderManifest from "../provider/resources/folderManifest";
import { BucketObject, type BucketObjectArgs } from "./bucketObject";

/** The component's type token. Not a native-provider resource: the plugin does not serve `Construct` (README). */
const TYPE = "tencentcos:index:SyncedFolderObjects";

/** One file of the folder, as {@link SyncedFolderObjectsArgs.objectArgs} and `objectOptions` see it. */
export interface SyncedFolderObjectFile {
  /** Path relative to the folder, with `/` separators, e.g. `css/site.css`. */
  readonly relativePath: string;
  /** The object key: `prefix` + `relativePath`. */
  readonly key: string;
  /** The `source` given to the object: `path` joined with `relativePath`, relative when `path` is. */
  readonly source: string;
  /** Inferred from the extension, as {@link SyncedFolder} does (`application/octet-stream` when unknown). */
  readonly contentType: string;
}

/** What {@link SyncedFolderObjectsArgs.objectArgs} may set on a single file's object. */
export type SyncedFolderObjectOverrides = Pick<
  BucketObjectArgs,
  "contentType" | "cacheControl" | "contentDisposition" | "contentEncoding" | "storageClass" | "acl" | "metadata" | "tags"
>;

/** Arguments of {@link SyncedFolderObjects}. */
export interface SyncedFolderObjectsArgs {
  /** The full bucket name, `<name>-<appid>`. */
  bucket: pulumi.Input<string>;
  /** The bucket's region. Defaults to `tencentcloud:region` config or `TENCENTCLOUD_REGION`. */
  region?: pulumi.Input<string>;
  /**
   * The local directory, relative to the Pulumi project (e.g. `./www`) or absolute. A plain string, not an Input: it
   * is listed while the program runs, to declare one object per file.
   */
  path: string;
  /** Key prefix the files go under: "" (default, the bucket root) or ending in `/`, e.g. `site/`. */
  prefix?: string;
  /** Also upload files and directories whose name starts with `.` (default false). */
  includeHiddenFiles?: boolean;
  /** `Cache-Control` for every file (a file's {@link objectArgs} may override it). */
  cacheControl?: pulumi.Input<string>;
  /** Canned ACL for every file: `default`, `private`, `public-read`. */
  acl?: pulumi.Input<"default" | "private" | "public-read">;
  /** Storage class for every file (default `STANDARD`). */
  storageClass?: pulumi.Input<string>;
  /** Take over objects that already exist at these keys and were not uploaded by this stack (see BucketObject). */
  adopt?: pulumi.Input<boolean>;
  /** Per-file arguments, merged over the folder-wide ones, e.g. `no-cache` for `*.html` only. */
  objectArgs?: (file: SyncedFolderObjectFile) => SyncedFolderObjectOverrides | undefined;
  /** Per-file resource options, e.g. `{ protect: true }` or `{ ignoreChanges: ["sourceHash"] }` for one file. */
  objectOptions?: (file: SyncedFolderObjectFile) => pulumi.CustomResourceOptions | undefined;
}

/** The child name of a file: unique per component, stable when `prefix` changes. */
const objectName = (component: string, relativePath: string): string => `${component}/${relativePath}`;

/**
 * A local directory mirrored under a key prefix with one {@link BucketObject} per file, the per-file mode of
 * {@link SyncedFolder} (pulumi/synced-folder's `managedObjects`). The folder is listed while the program runs, with the
 * same walk as `SyncedFolder` (hidden-file rule, keys, content types); each file becomes a child `BucketObject` named
 * `<name>/<relative path>`. So every file is its own resource: the preview shows exactly which objects change, and one
 * file can be protected, ignored or targeted (`objectOptions`, `pulumi up --target`). A file removed locally is a
 * child no longer declared, so the engine deletes its object. Use `SyncedFolder` for large folders: this costs one
 * engine resource per file.
 */
export class SyncedFolderObjects extends pulumi.ComponentResource {
  /** The objects by key. */
  public readonly objects: Readonly<Record<string, BucketObject>>;
  /** The keys uploaded, sorted by relative path. */
  public readonly keys: readonly string[];

  constructor(name: string, args: SyncedFolderObjectsArgs, opts?: pulumi.ComponentResourceOptions) {
    const files = folderFiles(name, args); // before super: bad arguments register nothing
    super(TYPE, name, {}, opts);
    const entries: [string, BucketObject][] = [];
    for (const file of files) {
      const own: BucketObjectArgs = {
        bucket: args.bucket, region: args.region, key: file.key, source: file.source, contentType: file.contentType,
        cacheControl: args.cacheControl, acl: args.acl, storageClass: args.storageClass, adopt: args.adopt,
      };
      entries.push([file.key, new BucketObject(objectName(name, file.relativePath), { ...own, ...definedOnly(args.objectArgs?.(file)) }, {
        ...args.objectOptions?.(file), parent: this,
      })]);
    }
    this.objects = Object.fromEntries(entries); // not `objects[key] = …`: a file named `__proto__` would be lost
    this.keys = files.map((f) => f.key);
    this.registerOutputs({ keys: this.keys });
  }
}

/** The folder's files, or a clear error naming the argument (a RunError: the program fails without a stack trace). */
function folderFiles(name: string, args: SyncedFolderObjectsArgs): SyncedFolderObjectFile[] {
  const fail = (msg: string): never => {
    throw new pulumi.RunError(`SyncedFolderObjects "${name}": ${msg}`);
  };
  if (typeof args.path !== "string" || args.path === "") fail("path: must be a non-empty string (a directory listed while the program runs)");
  const prefix = args.prefix ?? "";
  // The folder walk is the provider's; loaded here, not with the sdk (issue 15: module load of every program).
  const { listFolder, PREFIX_PATTERN, PREFIX_RULE } = require("../provider/resources/folderManifest") as typeof FolderManifest;
  if (typeof prefix !== "string" || !PREFIX_PATTERN.test(prefix)) fail(`prefix: ${PREFIX_RULE}`);
  if (args.includeHiddenFiles !== undefined && typeof args.includeHiddenFiles !== "boolean") fail("includeHiddenFiles: must be a boolean");
  const root = resolve(args.path);
  let listed: ReturnType<typeof FolderManifest.listFolder> = [];
  try {
    if (!statSync(root).isDirectory()) fail(`path: ${args.path} is not a directory`);
    listed = listFolder(root, prefix, args.includeHiddenFiles ?? false);
  } catch (e) {
    if (pulumi.RunError.isInstance(e)) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    fail(`path: cannot be read: ${code ?? String(e)} (${args.path}, relative to ${process.cwd()})`);
  }
  // A resource name holding "::" would break its URN (the engine splits URNs there).
  const bad = listed.find((f) => f.relativePath.includes("::"));
  if (bad) fail(`path: ${bad.relativePath} has "::" in its name, which a Pulumi resource name cannot hold; rename it or use SyncedFolder`);
  return listed.map((f) => ({ ...f, source: posix.join(args.path, f.relativePath) }));
}

/** Drops `undefined` values, so an override callback returning `{ cacheControl: undefined }` keeps the folder's. */
function definedOnly<T extends object>(o: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
