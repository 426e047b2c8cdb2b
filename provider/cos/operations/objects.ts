/**
 * Object APIs the provider needs to empty a bucket (digest §5.5–5.11): listing pages, versions, multi-delete and
 * multipart uploads. Pure serde; element-name variants of §7 C10/C11 are accepted.
 * @packageDocumentation
 */
import { bool, buildXml, child, children, num, parseDocument, text, type XmlNode } from "../xml";

/** Largest batch POST ?delete accepts (002:L3143-3393). */
export const MAX_DELETE_OBJECTS = 1000;

/** Owner of an object / upload. */
export interface ObjectOwner {
  id: string;
  displayName?: string;
}

/** One entry of GET Bucket. */
export interface ObjectSummary {
  key: string;
  lastModified: string;
  etag: string;
  size: number;
  storageClass?: string;
  owner?: ObjectOwner;
}

/** One page of GET Bucket (List Objects). */
export interface ListObjectsPage {
  prefix: string;
  marker: string;
  delimiter?: string;
  maxKeys?: number;
  isTruncated: boolean;
  /** Marker for the next page when truncated: `NextMarker`, else the last key/prefix returned (digest §5.5). */
  nextMarker?: string;
  contents: ObjectSummary[];
  commonPrefixes: string[];
}

/** One object version (or delete marker) of GET ?versions. */
export interface ObjectVersion {
  key: string;
  versionId: string;
  isLatest: boolean;
  lastModified: string;
  etag?: string;
  size?: number;
  storageClass?: string;
}

/** One page of GET Bucket Object versions. */
export interface ListVersionsPage {
  prefix: string;
  keyMarker: string;
  versionIdMarker: string;
  isTruncated: boolean;
  nextKeyMarker?: string;
  nextVersionIdMarker?: string;
  versions: ObjectVersion[];
  deleteMarkers: ObjectVersion[];
  commonPrefixes: string[];
}

/** Outcome of POST ?delete. */
export interface DeleteResult {
  deleted: { key: string; versionId?: string; deleteMarker?: boolean; deleteMarkerVersionId?: string }[];
  errors: { key: string; versionId?: string; code: string; message: string }[];
}

/** One in-progress multipart upload. */
export interface MultipartUpload {
  key: string;
  uploadId: string;
  storageClass?: string;
  initiated?: string;
}

/** One page of List Multipart Uploads. */
export interface ListUploadsPage {
  prefix: string;
  keyMarker: string;
  uploadIdMarker: string;
  isTruncated: boolean;
  nextKeyMarker?: string;
  nextUploadIdMarker?: string;
  uploads: MultipartUpload[];
  commonPrefixes: string[];
}

/** Keys are percent-encoded when the response says `encoding-type=url` (digest §5.5). */
function decoder(doc: XmlNode | undefined): (s: string) => string {
  const enc = text(doc, "EncodingType", "Encoding-Type")?.trim().toLowerCase();
  return enc === "url" ? (s) => decodeURIComponent(s) : (s) => s;
}

function prefixes(doc: XmlNode | undefined, dec: (s: string) => string): string[] {
  return children(doc, "CommonPrefixes", "CommonPrefixs").map((p) => dec(text(p, "Prefix") ?? ""));
}

function owner(n: XmlNode): ObjectOwner | undefined {
  const o = child(n, "Owner");
  if (!o) return undefined;
  const out: ObjectOwner = { id: text(o, "ID", "Id") ?? "" };
  const name = text(o, "DisplayName");
  if (name !== undefined) out.displayName = name;
  return out;
}

function withOptional<T extends object>(base: T, extras: Partial<T>): T {
  for (const [k, v] of Object.entries(extras)) if (v !== undefined) (base as Record<string, unknown>)[k] = v;
  return base;
}

/** Parses `<ListBucketResult>`. */
export function listObjectsFromXml(xml: string): ListObjectsPage {
  const doc = parseDocument(xml, "ListObjects", "ListBucketResult");
  const dec = decoder(doc);
  const contents = children(doc, "Contents").map((c) =>
    withOptional<ObjectSummary>(
      {
        key: dec(text(c, "Key") ?? ""),
        lastModified: text(c, "LastModified") ?? "",
        etag: text(c, "ETag") ?? "",
        size: num(text(c, "Size")) ?? 0,
      },
      { storageClass: text(c, "StorageClass"), owner: owner(c) },
    ),
  );
  const commonPrefixes = prefixes(doc, dec);
  const isTruncated = bool(text(doc, "IsTruncated")) ?? false;
  const wireNext = text(doc, "NextMarker");
  const lastEntry = [...contents.map((c) => c.key), ...commonPrefixes].sort().pop();
  const nextMarker = isTruncated ? (wireNext ? dec(wireNext) : lastEntry) : undefined;
  const delimiter = text(doc, "Delimiter");
  return withOptional<ListObjectsPage>(
    { prefix: dec(text(doc, "Prefix") ?? ""), marker: dec(text(doc, "Marker") ?? ""), isTruncated, contents, commonPrefixes },
    { nextMarker, delimiter: delimiter === undefined ? undefined : dec(delimiter), maxKeys: num(text(doc, "MaxKeys")) },
  );
}

function versionFromXml(v: XmlNode, dec: (s: string) => string): ObjectVersion {
  return withOptional<ObjectVersion>(
    {
      key: dec(text(v, "Key") ?? ""),
      versionId: text(v, "VersionId") ?? "",
      isLatest: bool(text(v, "IsLatest")) ?? false,
      lastModified: text(v, "LastModified") ?? "",
    },
    { etag: text(v, "ETag"), size: num(text(v, "Size")), storageClass: text(v, "StorageClass") },
  );
}

/** Parses `<ListVersionsResult>`. */
export function listVersionsFromXml(xml: string): ListVersionsPage {
  const doc = parseDocument(xml, "ListObjectVersions", "ListVersionsResult");
  const dec = decoder(doc);
  const isTruncated = bool(text(doc, "IsTruncated")) ?? false;
  const nextKey = text(doc, "NextKeyMarker");
  return withOptional<ListVersionsPage>(
    {
      prefix: dec(text(doc, "Prefix") ?? ""),
      keyMarker: dec(text(doc, "KeyMarker") ?? ""),
      versionIdMarker: text(doc, "VersionIdMarker") ?? "",
      isTruncated,
      versions: children(doc, "Version").map((v) => versionFromXml(v, dec)),
      deleteMarkers: children(doc, "DeleteMarker").map((v) => versionFromXml(v, dec)),
      commonPrefixes: prefixes(doc, dec),
    },
    {
      nextKeyMarker: nextKey === undefined ? undefined : dec(nextKey),
      nextVersionIdMarker: text(doc, "NextVersionIdMarker"),
    },
  );
}

/** Keys that XML text does not carry unchanged: CR (end-of-line handling turns it into LF) and non-XML characters. */
export const XML_UNSAFE_KEY = /[\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/** Serializes `<Delete>` (Quiet mode optional). */
export function deleteObjectsToXml(objects: { key: string; versionId?: string }[], quiet: boolean): string {
  return buildXml("Delete", {
    Quiet: quiet ? "true" : undefined,
    Object: objects.map((o) => ({ Key: o.key, VersionId: o.versionId })),
  });
}

/** Parses `<DeleteResult>` (Quiet with no errors: `<DeleteResult/>`). */
export function deleteResultFromXml(xml: string): DeleteResult {
  const doc = parseDocument(xml, "DeleteObjects", "DeleteResult");
  return {
    deleted: children(doc, "Deleted").map((d) =>
      withOptional<DeleteResult["deleted"][number]>(
        { key: text(d, "Key") ?? "" },
        {
          versionId: text(d, "VersionId"),
          deleteMarker: bool(text(d, "DeleteMarker")),
          deleteMarkerVersionId: text(d, "DeleteMarkerVersionId"),
        },
      ),
    ),
    errors: children(doc, "Error").map((e) =>
      withOptional<DeleteResult["errors"][number]>(
        { key: text(e, "Key") ?? "", code: text(e, "Code") ?? "", message: text(e, "Message") ?? "" },
        { versionId: text(e, "VersionId") },
      ),
    ),
  };
}

/** Parses `<InitiateMultipartUploadResult>` and returns the upload id. */
export function initiateFromXml(xml: string): string | undefined {
  return text(parseDocument(xml, "InitiateMultipartUpload", "InitiateMultipartUploadResult"), "UploadId", "UploadID");
}

/** Parses `<ListMultipartUploadsResult>`; accepts `UploadID` and `CommonPrefixs` (§7 C11). */
export function listUploadsFromXml(xml: string): ListUploadsPage {
  const doc = parseDocument(xml, "ListMultipartUploads", "ListMultipartUploadsResult");
  const dec = decoder(doc);
  const nextKey = text(doc, "NextKeyMarker");
  return withOptional<ListUploadsPage>(
    {
      prefix: dec(text(doc, "Prefix") ?? ""),
      keyMarker: dec(text(doc, "KeyMarker") ?? ""),
      uploadIdMarker: text(doc, "UploadIdMarker") ?? "",
      isTruncated: bool(text(doc, "IsTruncated")) ?? false,
      uploads: children(doc, "Upload").map((u) =>
        withOptional<MultipartUpload>(
          { key: dec(text(u, "Key") ?? ""), uploadId: text(u, "UploadId", "UploadID") ?? "" },
          { storageClass: text(u, "StorageClass"), initiated: text(u, "Initiated") },
        ),
      ),
      commonPrefixes: prefixes(doc, dec),
    },
    { nextKeyMarker: nextKey === undefined ? undefined : dec(nextKey), nextUploadIdMarker: text(doc, "NextUploadIdMarker") },
  );
}

/** One uploaded part, as Complete Multipart Upload lists it. */
export interface CompletedPart {
  partNumber: number;
  /** The part's ETag as Upload Part returned it (quoted or not). */
  etag: string;
}

/** Largest part number (digest §5.9: 1–10000). */
export const MAX_PARTS = 10000;

/** Serializes `<CompleteMultipartUpload>`, parts in ascending order (COS refuses others: InvalidPartOrder). */
export function completeToXml(parts: readonly CompletedPart[]): string {
  const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
  return buildXml("CompleteMultipartUpload", { Part: sorted.map((p) => ({ PartNumber: String(p.partNumber), ETag: p.etag })) });
}

/** Parses `<CompleteMultipartUploadResult>` and returns the object's ETag. */
export function completeFromXml(xml: string): string | undefined {
  return text(parseDocument(xml, "CompleteMultipartUpload", "CompleteMultipartUploadResult"), "ETag");
}
