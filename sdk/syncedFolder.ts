import * as pulumi from "@pulumi/pulumi";
import { ownerKeyOf } from "./common";
import { CosResource } from "./resource";
import { shim } from "./shim";

/** Arguments of {@link SyncedFolder}. */
export interface SyncedFolderArgs {
  /** The full bucket name, `<name>-<appid>`. */
  bucket: pulumi.Input<string>;
  /** The bucket's region. Defaults to `tencentcloud:region` config or `TENCENTCLOUD_REGION`. */
  region?: pulumi.Input<string>;
  /** The local directory to mirror, relative to the Pulumi project (e.g. `./www`). */
  path: pulumi.Input<string>;
  /** Key prefix the files go under: "" (default, the bucket root) or ending in `/`, e.g. `site/`. */
  prefix?: pulumi.Input<string>;
  /** Also upload files and directories whose name starts with `.` (default false). */
  includeHiddenFiles?: pulumi.Input<boolean>;
  /** `Cache-Control` for every file; changing it re-uploads every file. */
  cacheControl?: pulumi.Input<string>;
  /** Canned ACL for every file: `default`, `private`, `public-read`. */
  acl?: pulumi.Input<"default" | "private" | "public-read">;
  /** Storage class for every file (default `STANDARD`). */
  storageClass?: pulumi.Input<string>;
  /** Uploads in flight at once (1–64, default 16). */
  concurrency?: pulumi.Input<number>;
}

/** One synced file as the manifest records it. */
export interface SyncedFile {
  /** sha256 (hex) of the content. */
  hash: string;
  size: number;
  /** Inferred from the extension. */
  contentType: string;
  /** The ETag COS gave the uploaded object. */
  etag?: string;
}

/**
 * A local directory mirrored under a key prefix, as one resource whose state holds a manifest of file hashes
 * (the pulumi/synced-folder idea): 10,000 files are one engine resource. Each `up` uploads only new and changed files
 * and deletes objects whose local file is gone; objects under the prefix that it did not upload are never touched.
 * Content types come from file extensions. Long syncs print a progress line every few seconds.
 */
export class SyncedFolder extends CosResource {
  /** The full bucket name. */
  declare public readonly bucket: pulumi.Output<string>;
  /** The bucket's region. */
  declare public readonly region: pulumi.Output<string>;
  /** The key prefix. */
  declare public readonly prefix: pulumi.Output<string>;
  /** key → what was uploaded. */
  declare public readonly files: pulumi.Output<Record<string, SyncedFile>>;
  /** Number of files synced. */
  declare public readonly fileCount: pulumi.Output<number>;
  /** Their total size in bytes. */
  declare public readonly totalBytes: pulumi.Output<number>;

  constructor(name: string, args: SyncedFolderArgs, opts?: pulumi.CustomResourceOptions) {
    const outs = { region: undefined, prefix: undefined, files: undefined, fileCount: undefined, totalBytes: undefined };
    super(shim("syncedFolder"), name, { ...outs, ...args, ownerKey: ownerKeyOf("SyncedFolder", name, opts) }, opts, "cos", "SyncedFolder");
  }
}
