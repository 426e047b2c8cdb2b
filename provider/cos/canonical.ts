/**
 * Canonical encoding pieces of the COS "q-sign" signature (digest §1.3–1.4), one concern each.
 * @internal
 * @packageDocumentation
 */

/** A header or query value as callers hold it; numbers are stringified (the SDK vectors pass `Content-Length: 226`). */
export type CanonicalValue = string | number | undefined;

/**
 * Strict RFC 3986 percent-encoding of the UTF-8 bytes with uppercase hex: only `A-Z a-z 0-9 - _ . ~` stay as is.
 * `encodeURIComponent` leaves `!'()*` alone, so they are encoded by hand (digest §1.4; lowercase hex or `+` for
 * space change the signature — 002:L558-610, TV2).
 */
export function uriEncode(s: string): string {
  if (UNRESERVED_ONLY.test(s)) return s; // hosts, dates, numbers, sub-resource names: nothing to encode
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}
const UNRESERVED_ONLY = /^[A-Za-z0-9\-_.~]*$/;

/** Wire form of an object key: every segment encoded, `/` kept (raw-requests.md appendix). */
export function encodeKeyPath(path: string): string {
  return path.split("/").map(uriEncode).join("/");
}

/** One signed list: `list` is the `;`-joined names, `formatted` the `&`-joined `name=value` pairs. */
export interface CanonicalList {
  list: string;
  formatted: string;
}

/**
 * HttpParameters / HttpHeaders (digest §1.3 steps 3–4): names encoded then lowercased, values encoded (never
 * lowercased, §7 C1), sorted by the transformed name; valueless entries contribute `name=` (`acl=`, D2).
 * Header values are trimmed (`trimValues`) because HTTP drops surrounding whitespace on the wire (digest §1.4);
 * query values are signed exactly.
 */
export function canonicalList(entries: Record<string, CanonicalValue>, trimValues = false): CanonicalList {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(entries)) {
    if (value === undefined) continue;
    const v = trimValues ? String(value).trim() : String(value);
    pairs.push([uriEncode(name).toLowerCase(), uriEncode(v)]);
  }
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { list: pairs.map(([n]) => n).join(";"), formatted: pairs.map(([n, v]) => `${n}=${v}`).join("&") };
}

/** Query string for the request line, same strict encoding; an empty value is sent as `name=` like the SDK. */
export function queryString(query: Record<string, string | undefined>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    parts.push(`${uriEncode(name)}=${uriEncode(value)}`);
  }
  return parts.length ? `?${parts.join("&")}` : "";
}
