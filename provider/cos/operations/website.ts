/**
 * PUT/GET/DELETE Bucket website (digest §5.18): pure serde between {@link WebsiteConfiguration} and
 * `<WebsiteConfiguration>` (nesting RoutingRules > RoutingRule, 003:L79884-79886).
 * @packageDocumentation
 */
import { buildXml, child, children, parseDocument, text, type XmlNode } from "../xml";

/** One routing rule. */
export interface WebsiteRoutingRule {
  condition: { httpErrorCodeReturnedEquals?: string; keyPrefixEquals?: string };
  redirect: { protocol?: string; replaceKeyWith?: string; replaceKeyPrefixWith?: string; httpRedirectCode?: string };
}

/** A bucket's static-website configuration. */
export interface WebsiteConfiguration {
  indexDocument: { suffix: string };
  errorDocument?: { key: string };
  redirectAllRequestsTo?: { protocol: string };
  routingRules?: WebsiteRoutingRule[];
}

/** Serializes a website configuration (recommended order: Index, RedirectAll, Error, RoutingRules). */
export function websiteToXml(cfg: WebsiteConfiguration): string {
  return buildXml("WebsiteConfiguration", {
    IndexDocument: { Suffix: cfg.indexDocument.suffix },
    RedirectAllRequestsTo: cfg.redirectAllRequestsTo && { Protocol: cfg.redirectAllRequestsTo.protocol },
    ErrorDocument: cfg.errorDocument && { Key: cfg.errorDocument.key },
    RoutingRules: cfg.routingRules?.length
      ? {
          RoutingRule: cfg.routingRules.map((r) => ({
            Condition: {
              HttpErrorCodeReturnedEquals: r.condition.httpErrorCodeReturnedEquals,
              KeyPrefixEquals: r.condition.keyPrefixEquals,
            },
            Redirect: {
              Protocol: r.redirect.protocol,
              ReplaceKeyWith: r.redirect.replaceKeyWith,
              ReplaceKeyPrefixWith: r.redirect.replaceKeyPrefixWith,
              HttpRedirectCode: r.redirect.httpRedirectCode,
            },
          })),
        }
      : undefined,
  });
}

/** Copies present text elements into camelCase keys. */
function pick<K extends string>(node: XmlNode | undefined, map: Record<K, string>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const [k, wire] of Object.entries(map) as [K, string][]) {
    const v = text(node, wire);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Parses `<WebsiteConfiguration>`; `undefined` for an empty body or one without IndexDocument. */
export function websiteFromXml(xml: string): WebsiteConfiguration | undefined {
  const doc = parseDocument(xml, "GetBucketWebsite", "WebsiteConfiguration");
  const suffix = text(child(doc, "IndexDocument"), "Suffix");
  if (!doc || suffix === undefined) return undefined;
  const cfg: WebsiteConfiguration = { indexDocument: { suffix } };
  const errorKey = text(child(doc, "ErrorDocument"), "Key");
  if (errorKey !== undefined) cfg.errorDocument = { key: errorKey };
  const protocol = text(child(doc, "RedirectAllRequestsTo"), "Protocol");
  if (protocol !== undefined) cfg.redirectAllRequestsTo = { protocol };
  const rules = children(child(doc, "RoutingRules"), "RoutingRule").map((r) => ({
    condition: pick(child(r, "Condition"), {
      httpErrorCodeReturnedEquals: "HttpErrorCodeReturnedEquals",
      keyPrefixEquals: "KeyPrefixEquals",
    }),
    redirect: pick(child(r, "Redirect"), {
      protocol: "Protocol",
      replaceKeyWith: "ReplaceKeyWith",
      replaceKeyPrefixWith: "ReplaceKeyPrefixWith",
      httpRedirectCode: "HttpRedirectCode",
    }),
  }));
  if (rules.length) cfg.routingRules = rules;
  return cfg;
}
