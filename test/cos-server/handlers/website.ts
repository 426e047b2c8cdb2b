/**
 * Bucket static website (digest §5.18): IndexDocument required, ≤ 100 routing rules, 4xx-only error codes,
 * ReplaceKeyPrefixWith only with KeyPrefixEquals; http/https accepted (digest §7 C20).
 */
import type { Ctx } from "../context";
import { invalidArgument, malformedXml } from "../errors";
import { type Field, type PlainObject, obj, objs, readXml, text } from "../xml";
import { xmlConfig } from "./config";

const SCHEMA: Field = {
  name: "WebsiteConfiguration",
  children: [
    { name: "IndexDocument", required: true, children: [{ name: "Suffix", required: true }] },
    { name: "RedirectAllRequestsTo", children: [{ name: "Protocol", required: true }] },
    { name: "ErrorDocument", children: [{ name: "Key", required: true }, { name: "OriginalHttpStatus" }] },
    {
      name: "RoutingRules",
      children: [
        {
          name: "RoutingRule",
          required: true,
          many: true,
          children: [
            { name: "Condition", required: true, children: [{ name: "HttpErrorCodeReturnedEquals" }, { name: "KeyPrefixEquals" }] },
            {
              name: "Redirect",
              required: true,
              // URLRedirect (Enabled/Disabled) is kept and returned as COS does (SDK suite "multi RoutingRules");
              // other elements COS does not know here are ignored, not refused.
              open: true,
              children: [{ name: "Protocol" }, { name: "HostName" }, { name: "ReplaceKeyWith" }, { name: "ReplaceKeyPrefixWith" }, { name: "HttpRedirectCode" }, { name: "URLRedirect" }],
            },
          ],
        },
      ],
    },
  ],
};

function protocol(p: string | undefined): void {
  if (p !== undefined && p !== "http" && p !== "https") throw invalidArgument(`Protocol must be http or https, not ${p}.`);
}

function parse(ctx: Ctx): PlainObject {
  const doc = readXml(ctx.body, SCHEMA);
  if ((text(obj(doc.IndexDocument)?.Suffix) ?? "") === "") throw malformedXml("IndexDocument/Suffix must not be empty");
  protocol(text(obj(doc.RedirectAllRequestsTo)?.Protocol));
  const rules = objs(obj(doc.RoutingRules)?.RoutingRule);
  // ≤ 100 routing rules (003:L63309, L79888, L129545).
  if (rules.length > 100) throw invalidArgument("At most 100 routing rules are allowed.");
  for (const r of rules) {
    const cond = obj(r.Condition) ?? {};
    const redirect = obj(r.Redirect) ?? {};
    const code = text(cond.HttpErrorCodeReturnedEquals);
    const prefix = text(cond.KeyPrefixEquals);
    if (code === undefined && prefix === undefined) throw invalidArgument("A routing rule Condition needs HttpErrorCodeReturnedEquals or KeyPrefixEquals.");
    if (code !== undefined && !/^4\d\d$/.test(code)) throw invalidArgument(`HttpErrorCodeReturnedEquals must be a 4xx code, not ${code}.`);
    protocol(text(redirect.Protocol));
    const urlRedirect = text(redirect.URLRedirect);
    if (urlRedirect !== undefined && urlRedirect !== "Enabled" && urlRedirect !== "Disabled") throw invalidArgument(`URLRedirect must be Enabled or Disabled, not ${urlRedirect}.`);
    const withKey = text(redirect.ReplaceKeyWith);
    const withPrefix = text(redirect.ReplaceKeyPrefixWith);
    if (withKey !== undefined && withPrefix !== undefined) throw invalidArgument("Use only one of ReplaceKeyWith and ReplaceKeyPrefixWith.");
    if (withPrefix !== undefined && prefix === undefined) throw invalidArgument("ReplaceKeyPrefixWith requires a KeyPrefixEquals condition.");
    // A redirect replaces the key or its prefix (digest §5.18.1 "one of the two"); one that replaces nothing is refused.
    if (withKey === undefined && withPrefix === undefined) throw invalidArgument("A routing rule Redirect needs ReplaceKeyWith or ReplaceKeyPrefixWith.");
    // HttpRedirectCode (Python 003:L173309): [DECISION] the redirect statuses 301, 302, 303, 307, 308, as the provider's check.
    const http = text(redirect.HttpRedirectCode);
    if (http !== undefined && !["301", "302", "303", "307", "308"].includes(http)) throw invalidArgument(`HttpRedirectCode must be 301, 302, 303, 307 or 308, not ${http}.`);
  }
  return doc;
}

/** PUT/GET/DELETE Bucket website. */
export const websiteHandlers = xmlConfig({
  name: "website",
  root: "WebsiteConfiguration",
  notFoundCode: "NoSuchWebsiteConfiguration",
  notFoundMessage: "The website configuration does not exist.",
  parse,
});
