/**
 * Bucket CORS (digest §5.13) and the OPTIONS Object preflight that applies it (§5.13.4).
 */
import { type Ctx, type CosResponse, empty, findBucket, header } from "../context";
import { CosError, invalidArgument } from "../errors";
import { type Field, type PlainObject, objs, readXml, text, texts } from "../xml";
import { intValue, xmlConfig } from "./config";

/** AllowedMethod enum (002:L2546 table). */
const METHODS = ["GET", "PUT", "HEAD", "POST", "DELETE"];
/** ≤ 100 rules (002:L1553, L2546). */
const MAX_RULES = 100;
/** "file size limit: 64 KB" (002:L2472). [DECISION] a larger body → 400 EntityTooLarge. */
const MAX_BODY = 64 * 1024;
/**
 * `*` or `scheme://host[:port]`, the scheme possibly `*`; at most one `*` per origin ("each line can contain only one
 * asterisk", COS console CORS page 436/13318). [DECISION] others → 400 InvalidArgument.
 */
const ORIGIN = /^(\*|([a-z][a-z0-9+.-]*|\*):\/\/[^\s/]+)$/i;

const SCHEMA: Field = {
  name: "CORSConfiguration",
  children: [
    {
      name: "CORSRule",
      required: true,
      many: true,
      children: [
        { name: "ID" },
        { name: "AllowedOrigin", required: true, many: true },
        { name: "AllowedMethod", required: true, many: true },
        { name: "AllowedHeader", many: true },
        { name: "MaxAgeSeconds" },
        { name: "ExposeHeader", many: true },
      ],
    },
    { name: "ResponseVary" },
  ],
};

function parse(ctx: Ctx): PlainObject {
  if (ctx.body.length > MAX_BODY) throw new CosError(400, "EntityTooLarge", `A CORS configuration may be at most ${MAX_BODY} bytes (got ${ctx.body.length}).`);
  const doc = readXml(ctx.body, SCHEMA);
  const rules = objs(doc.CORSRule);
  if (rules.length > MAX_RULES) throw invalidArgument(`A CORS configuration may contain at most ${MAX_RULES} rules.`);
  for (const r of rules) {
    for (const m of texts(r.AllowedMethod)) {
      if (!METHODS.includes(m)) throw invalidArgument(`Unsupported AllowedMethod ${m}; allowed: ${METHODS.join(", ")}.`);
    }
    for (const o of texts(r.AllowedOrigin)) {
      if (!ORIGIN.test(o) || (o.match(/\*/g) ?? []).length > 1) throw invalidArgument(`Invalid AllowedOrigin ${o}: expected * or protocol://domain[:port] with at most one *.`);
    }
    if (r.MaxAgeSeconds !== undefined) intValue(text(r.MaxAgeSeconds), "MaxAgeSeconds", 0, 2 ** 31 - 1);
  }
  const vary = text(doc.ResponseVary);
  if (vary !== undefined && !/^(true|false)$/i.test(vary)) throw invalidArgument("ResponseVary must be true or false.");
  // ResponseVary reads back as false when it was never set (LESSONS §5).
  return { CORSRule: rules, ResponseVary: (vary ?? "false").toLowerCase() };
}

/** PUT/GET/DELETE Bucket cors. */
export const corsHandlers = xmlConfig({
  name: "cors",
  root: "CORSConfiguration",
  notFoundCode: "NoSuchCORSConfiguration",
  notFoundMessage: "The CORS configuration does not exist.",
  requireMd5: true,
  parse,
});

/** Whether a CORS pattern (`*` wildcards, case-insensitive) matches; also used by the website endpoint. */
export function originMatches(pattern: string, origin: string): boolean {
  if (pattern === "*") return true;
  const re = new RegExp("^" + pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$", "i");
  return re.test(origin);
}

/** OPTIONS Object: CORS preflight; no configuration or no matching rule → 403 (002:L4232). */
export function optionsObject(ctx: Ctx): CosResponse {
  const b = findBucket(ctx);
  const origin = header(ctx, "origin");
  const method = header(ctx, "access-control-request-method");
  if (origin === undefined || method === undefined) {
    throw new CosError(400, "InvalidArgument", "Origin and Access-Control-Request-Method are required.");
  }
  const requested = (header(ctx, "access-control-request-headers") ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== "");
  const cfg = ctx.state.readConfig(b, "cors", 0, Date.now());
  const rule = objs(cfg?.CORSRule).find((r) => {
    const allowed = texts(r.AllowedHeader).map((h) => h.toLowerCase());
    return (
      texts(r.AllowedOrigin).some((o) => originMatches(o, origin)) &&
      texts(r.AllowedMethod).includes(method.toUpperCase()) &&
      requested.every((h) => allowed.some((a) => originMatches(a, h)))
    );
  });
  if (!rule) throw new CosError(403, "AccessForbidden", "CORSResponse: This CORS request is not allowed.");
  const headers: Record<string, string> = {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Methods": texts(rule.AllowedMethod).join(","),
  };
  if (requested.length) headers["Access-Control-Allow-Headers"] = requested.join(",");
  const expose = texts(rule.ExposeHeader);
  if (expose.length) headers["Access-Control-Expose-Headers"] = expose.join(",");
  const maxAge = text(rule.MaxAgeSeconds);
  if (maxAge !== undefined) headers["Access-Control-Max-Age"] = maxAge;
  return empty(200, headers);
}
