/**
 * PUT/GET/DELETE Bucket cors (digest §5.13): pure serde between {@link CorsConfiguration} and `<CORSConfiguration>`.
 * @packageDocumentation
 */
import { bool, buildXml, children, num, parseDocument, text, texts } from "../xml";

/** One CORS rule; the first matching rule wins, so rule order matters (LESSONS §1 D). */
export interface CorsRule {
  id?: string;
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders?: string[];
  exposeHeaders?: string[];
  maxAgeSeconds?: number;
}

/** A bucket's whole CORS configuration (PUT replaces it, 002:L2476). */
export interface CorsConfiguration {
  rules: CorsRule[];
  responseVary?: boolean;
}

/** Serializes a CORS configuration (element order as the SDK sends it, raw-requests.md putBucketCors). */
export function corsToXml(cfg: CorsConfiguration): string {
  return buildXml("CORSConfiguration", {
    CORSRule: cfg.rules.map((r) => ({
      ID: r.id,
      AllowedOrigin: r.allowedOrigins,
      AllowedMethod: r.allowedMethods,
      AllowedHeader: r.allowedHeaders,
      ExposeHeader: r.exposeHeaders,
      MaxAgeSeconds: r.maxAgeSeconds,
    })),
    ResponseVary: cfg.responseVary,
  });
}

/** Parses `<CORSConfiguration>`; `undefined` for an empty body or a document without rules. */
export function corsFromXml(xml: string): CorsConfiguration | undefined {
  const doc = parseDocument(xml, "GetBucketCors", "CORSConfiguration");
  const rules = children(doc, "CORSRule").map((r): CorsRule => {
    const rule: CorsRule = { allowedOrigins: texts(r, "AllowedOrigin"), allowedMethods: texts(r, "AllowedMethod") };
    const id = text(r, "ID");
    if (id !== undefined) rule.id = id;
    const headers = texts(r, "AllowedHeader");
    if (headers.length) rule.allowedHeaders = headers;
    const expose = texts(r, "ExposeHeader");
    if (expose.length) rule.exposeHeaders = expose;
    const maxAge = num(text(r, "MaxAgeSeconds"));
    if (maxAge !== undefined) rule.maxAgeSeconds = maxAge;
    return rule;
  });
  if (!rules.length) return undefined;
  const cfg: CorsConfiguration = { rules };
  const vary = bool(text(doc, "ResponseVary"));
  if (vary !== undefined) cfg.responseVary = vary;
  return cfg;
}
