/**
 * Request routing: Host / path-style addressing (digest §2.3) and sub-resource selection by query key (§9).
 */
import { CosError } from "./errors";

/** One query parameter, decoded. `?acl` has `value: ""` and `hasValue: false`. */
export interface QueryParam {
  readonly name: string;
  readonly value: string;
  readonly hasValue: boolean;
}

/** Where a request is addressed. */
export type Target =
  | { readonly kind: "service"; readonly region?: string }
  | {
      readonly kind: "bucket";
      readonly bucket: string;
      /** Region from the Host, if the host names one. */
      readonly region?: string;
      /** Object key; `""` for bucket-level APIs. */
      readonly key: string;
    };

/** A routed request. */
export interface Route {
  readonly host: string;
  /** Path as sent (percent-encoded), without the query. */
  readonly rawPath: string;
  /** Decoded path: the HttpURI of the signature (path-style keeps `/<bucket>`). */
  readonly httpUri: string;
  readonly query: readonly QueryParam[];
  readonly target: Target;
  /** The query key that selects the API (`cors`, `uploadId`, …) or `""`. */
  readonly subresource: string;
  /** True for hosts that name no bucket (IP, localhost, `cos.<region>…`): admin paths are allowed there. */
  readonly plainHost: boolean;
}

/**
 * Bucket-level sub-resources in selection order. Every real COS sub-resource is listed, implemented or not, so
 * that an unimplemented one reaches dispatch's 501 instead of falling through to PUT/GET Bucket.
 */
export const BUCKET_SUBRESOURCES = [
  "acl", "cors", "lifecycle", "policy", "replication", "versioning", "website", "tagging", "encryption",
  "logging", "referer", "location", "uploads", "versions", "delete", "inventory", "domain", "accelerate",
  "intelligenttiering", "intelligent-tiering", "notification", "origin", "object-lock", "live", "metaquery",
  "restore", "select", "image_process",
] as const;
/** Object-level sub-resources in selection order (all real ones, see {@link BUCKET_SUBRESOURCES}). */
export const OBJECT_SUBRESOURCES = [
  "uploads", "uploadId", "acl", "tagging", "restore", "append", "select", "symlink", "live", "rename",
  "image_process", "torrent", "retention",
] as const;

const VIRTUAL_HOST = /^([a-z0-9-]+-\d+)\.cos\.([a-z0-9-]+)\..+$/;
const REGION_HOST = /^cos\.([a-z0-9-]+)\..+$/;
const SERVICE_HOST = /^service\.cos\..+$/;

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new CosError(400, "InvalidURI", "Couldn't parse the specified URI.");
  }
}

/** Parses a raw query string (`+` is kept literally: COS clients encode it as %2B). */
export function parseQuery(raw: string): QueryParam[] {
  if (raw === "") return [];
  const out: QueryParam[] = [];
  for (const part of raw.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq < 0) out.push({ name: decode(part), value: "", hasValue: false });
    else out.push({ name: decode(part.slice(0, eq)), value: decode(part.slice(eq + 1)), hasValue: true });
  }
  return out;
}

/** A key made only of slashes and dot segments (`//`, `./`, `../`) addresses the bucket in COS, not an object. */
function objectKey(key: string): string {
  return key.split("/").every((seg) => seg === "" || seg === "." || seg === "..") ? "" : key;
}

/** Routes a request from its Host header and URL. */
export function route(hostHeader: string, url: string): Route {
  const q = url.indexOf("?");
  const rawPath = q < 0 ? url : url.slice(0, q);
  const query = parseQuery(q < 0 ? "" : url.slice(q + 1));
  let httpUri = decode(rawPath);
  const host = hostHeader.replace(/:\d+$/, "").toLowerCase();
  let target: Target;
  let plainHost = false;
  const vh = VIRTUAL_HOST.exec(host);
  if (vh) {
    target = { kind: "bucket", bucket: vh[1], region: vh[2], key: objectKey(httpUri.slice(1)) };
    // COS simplifies such a path to the bucket before it checks the signature: one signed over `///` no longer
    // matches (the official SDK's suite, "Getobject Key is illegal 1/3", expects an error there).
    if (target.key === "") httpUri = "/";
  } else {
    plainHost = true;
    const region = SERVICE_HOST.test(host) ? undefined : REGION_HOST.exec(host)?.[1];
    // Path style "suffixed request": /<BucketName-APPID>/<Key> (003:L180724-180728).
    const slash = httpUri.indexOf("/", 1);
    const bucket = slash < 0 ? httpUri.slice(1) : httpUri.slice(1, slash);
    if (bucket === "") target = { kind: "service", region };
    else {
      target = { kind: "bucket", bucket, region, key: slash < 0 ? "" : objectKey(httpUri.slice(slash + 1)) };
      if (slash >= 0 && target.key === "") httpUri = `/${bucket}/`;
    }
  }
  const names = new Set(query.map((p) => p.name));
  const list: readonly string[] = target.kind === "bucket" && target.key !== "" ? OBJECT_SUBRESOURCES : BUCKET_SUBRESOURCES;
  const subresource = list.find((n) => names.has(n)) ?? "";
  return { host: hostHeader, rawPath, httpUri, query, target, subresource, plainHost };
}

/** Value of a query parameter, if present. */
export function queryValue(query: readonly QueryParam[], name: string): string | undefined {
  return query.find((p) => p.name === name)?.value;
}
