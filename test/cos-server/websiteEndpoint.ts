/**
 * Which requests go to the static website endpoint instead of the XML API, and the local URL of a bucket's
 * website. The endpoint shares the API's socket; it is selected by Host, by a custom domain of type WEBSITE,
 * or by a path alias for clients that cannot set a Host:
 *
 * - `<bucket>.cos-website.<region>.myqcloud.com` (or `.tencentcos.cn`): the real website host, sent with the
 *   connection to the server's port (SDK-style `Ip`, curl `-H Host:`, Chromium `--host-resolver-rules`).
 * - `<bucket>.cos-website.<region>.localhost:<port>`: the same host under `localhost`, which browsers
 *   (Chromium, Firefox) resolve to loopback without DNS; absolute links in the site keep working. This is
 *   what {@link websiteUrl} returns.
 * - `http://127.0.0.1:<port>/-/website/<bucket>/<key>`: a path alias on a plain host; links that start with
 *   `/` leave the alias, so prefer the `localhost` form for browsers.
 * - Any host bound to a bucket by PUT Bucket domain with Type WEBSITE and Status ENABLED.
 */
import { boundDomain } from "./handlers/domain";
import type { State } from "./state";

/** A request addressed to a bucket's website. */
export interface WebsiteTarget {
  readonly bucket: string;
  /** Region named by the host; undefined for the alias and custom domains (the bucket's own region). */
  readonly region?: string;
  /** Raw path below the site root, starting with `/` (still percent-encoded). */
  readonly path: string;
  /** Host header as sent (with port), for absolute redirects. */
  readonly host: string;
  /** Path prefix of the site root on this host: `/` or `/-/website/<bucket>/`. */
  readonly base: string;
}

const WEBSITE_HOST = /^([a-z0-9-]+-\d+)\.cos-website\.([a-z0-9-]+)\.(?:myqcloud\.com|tencentcos\.cn|localhost)$/;
const ALIAS = "/-/website/";
const PLAIN_HOST = /^(?:localhost|127(?:\.\d+){3}|\[[0-9a-f:.]+\]|[0-9a-f:.]+)$/i;

/** The website target of a request, or undefined for an API/admin request. */
export function websiteTarget(state: State, hostHeader: string, url: string): WebsiteTarget | undefined {
  const q = url.indexOf("?");
  const rawPath = q < 0 ? url : url.slice(0, q);
  const hostname = hostHeader.replace(/:\d+$/, "").toLowerCase();
  const m = WEBSITE_HOST.exec(hostname);
  if (m) return { bucket: m[1], region: m[2], path: rawPath, host: hostHeader, base: "/" };
  if (PLAIN_HOST.test(hostname) && rawPath.startsWith(ALIAS)) {
    const rest = rawPath.slice(ALIAS.length);
    const slash = rest.indexOf("/");
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    if (bucket === "") return undefined;
    return { bucket, path: slash < 0 ? "/" : rest.slice(slash), host: hostHeader, base: `${ALIAS}${bucket}/` };
  }
  if (hostname.includes(".") && !PLAIN_HOST.test(hostname) && !/\.(?:myqcloud\.com|tencentcos\.cn)$/.test(hostname)) {
    const bound = boundDomain(state, hostname, ["WEBSITE"]);
    if (bound) return { bucket: bound.bucket.name, path: rawPath, host: hostHeader, base: "/" };
  }
  return undefined;
}

/**
 * The local website URL of a bucket on a server at `endpoint` (`http://127.0.0.1:PORT`):
 * `http://<bucket>.cos-website.<region>.localhost:PORT/` (form `localhost`, for browsers) or
 * `http://127.0.0.1:PORT/-/website/<bucket>/` (form `alias`).
 */
export function localWebsiteUrl(endpoint: string, bucket: string, region: string, form: "localhost" | "alias" = "localhost"): string {
  const u = new URL(endpoint);
  if (form === "alias") return `${u.protocol}//${u.host}${ALIAS}${bucket}/`;
  return `${u.protocol}//${bucket}.cos-website.${region}.localhost:${u.port || (u.protocol === "https:" ? "443" : "80")}/`;
}

/** {@link localWebsiteUrl} of a running server; the region is the bucket's (it must exist) unless given. */
export function websiteUrl(server: { readonly endpoint: string; readonly state: State }, bucket: string, opts: { region?: string; form?: "localhost" | "alias" } = {}): string {
  const region = opts.region ?? server.state.getBucket(bucket)?.region;
  if (region === undefined) throw new Error(`websiteUrl: no bucket ${bucket} on this server; pass the region`);
  return localWebsiteUrl(server.endpoint, bucket, region, opts.form);
}
