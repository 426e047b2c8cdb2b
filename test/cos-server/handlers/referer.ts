/**
 * Bucket referer / hotlink protection (digest §5.22). DELETE is documented only by the Python SDK
 * (003:L176654-176684) and is supported (digest §7 C26).
 */
import { type Ctx, type CosResponse, empty, ownedBucket } from "../context";
import { type Field, type PlainObject, obj, readXml, text, texts } from "../xml";
import { enumValue, xmlConfig } from "./config";
import { invalidArgument } from "../errors";

const SCHEMA: Field = {
  name: "RefererConfiguration",
  children: [
    { name: "Status", required: true },
    { name: "RefererType", required: true },
    { name: "DomainList", required: true, children: [{ name: "Domain", required: true, many: true }] },
    { name: "EmptyReferConfiguration" },
  ],
};

function parse(ctx: Ctx): PlainObject {
  const doc = readXml(ctx.body, SCHEMA);
  enumValue(text(doc.Status), ["Enabled", "Disabled"], "Status", "InvalidArgument");
  enumValue(text(doc.RefererType), ["Black-List", "White-List"], "RefererType", "InvalidArgument");
  const empty = text(doc.EmptyReferConfiguration);
  if (empty !== undefined) enumValue(empty, ["Allow", "Deny"], "EmptyReferConfiguration", "InvalidArgument");
  if (texts(obj(doc.DomainList)?.Domain).some((d) => d.trim() === "")) throw invalidArgument("Domain must not be empty.");
  return doc;
}

const handlers = xmlConfig({
  name: "referer",
  root: "RefererConfiguration",
  notFoundCode: "NoSuchRefererConfiguration",
  notFoundMessage: "The referer configuration does not exist.",
  parse,
});

/** An empty body or an empty `<RefererConfiguration/>`: what an SDK sends to clear hotlink protection. */
function clears(body: Buffer): boolean {
  const s = body.toString("utf8").replace(/<\?xml[^>]*\?>/, "").trim();
  return s === "" || /^<RefererConfiguration\s*\/>$/.test(s) || /^<RefererConfiguration>\s*<\/RefererConfiguration>$/.test(s);
}

/** PUT/GET/DELETE Bucket referer; none → 404 NoSuchRefererConfiguration (digest §4.3 lists 404 as an option). */
export const refererHandlers = {
  ...handlers,
  PUT(ctx: Ctx): CosResponse {
    if (!clears(ctx.body)) return handlers.PUT(ctx);
    const b = ownedBucket(ctx);
    if (b.configs.referer?.value !== undefined) ctx.state.writeConfig(b, "referer", undefined, Date.now());
    return empty(200);
  },
};
