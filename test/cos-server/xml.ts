/**
 * XML helpers: a strict schema walker over fast-xml-parser output, and a canonical builder.
 *
 * The walker implements the digest §5 server decisions: element order-insensitive, unknown elements →
 * 400 MalformedXML (except in `open` elements, where COS ignores them), missing required elements → 400 MalformedXML. Its output objects list keys in schema
 * order, so building them back yields canonical element order for GET responses.
 */
import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import { malformedXml } from "./errors";

/** A validated XML value: text leaf, element with children, or a repeated element. */
export type Plain = string | PlainObject | Plain[];
/** An element with children (keys in schema order); attributes use the `@_` prefix. */
export interface PlainObject {
  [name: string]: Plain | undefined;
}

/** One element in a schema. A field without `children` is a text leaf. */
export interface Field {
  readonly name: string;
  readonly required?: boolean;
  readonly many?: boolean;
  readonly children?: readonly Field[];
  /** Names of attributes kept (others are ignored). */
  readonly attrs?: readonly string[];
  /** Unknown child elements are ignored (dropped) instead of refused, where COS ignores them. */
  readonly open?: boolean;
}

type Raw = string | RawObject;
interface RawObject {
  [name: string]: Raw[] | string;
}

const parserOptions = {
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Every element is an array so that "one" and "many" look the same to the walker.
  isArray: (_name: string, _jpath: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
};
const parser = new XMLParser(parserOptions);
/** The same without trimming, for documents whose text is data: an object key may begin or end with spaces. */
const keepTextParser = new XMLParser({ ...parserOptions, trimValues: false });

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@_", suppressEmptyNode: true });

/** XML declaration used on every XML body we send. */
export const XML_PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Builds `<root>…</root>` from a validated/canonical object (keys are emitted in insertion order). */
export function buildXml(root: string, value: Plain): string {
  return XML_PROLOG + builder.build({ [root]: value });
}

/** Parses `body` and checks its single root is `root`; returns the raw root element. */
function parseRoot(body: string, root: string, p: XMLParser = parser): Raw {
  if (body.trim() === "") throw malformedXml("empty body");
  if (XMLValidator.validate(body) !== true) throw malformedXml();
  let doc: RawObject;
  try {
    doc = p.parse(body) as RawObject;
  } catch {
    throw malformedXml();
  }
  const roots = Object.keys(doc).filter((k) => !k.startsWith("?") && !k.startsWith("@_"));
  const nodes = doc[root];
  if (roots.length !== 1 || !Array.isArray(nodes) || nodes.length !== 1) throw malformedXml(`expected root element ${root}`);
  return nodes[0];
}

function walk(raw: Raw, field: Field, path: string): Plain {
  if (!field.children) {
    if (typeof raw !== "string") {
      // A leaf may carry attributes only (#text); child elements are not allowed.
      const keys = Object.keys(raw).filter((k) => !k.startsWith("@_"));
      if (keys.length === 0) return "";
      if (keys.length === 1 && keys[0] === "#text") return String(raw["#text"]);
      throw malformedXml(`${path} must be a text element`);
    }
    return raw;
  }
  const out: PlainObject = {};
  const obj: RawObject = typeof raw === "string" ? {} : raw;
  if (typeof raw === "string" && raw.trim() !== "") throw malformedXml(`${path} must not contain text`);
  for (const key of Object.keys(obj)) {
    if (key.startsWith("@_")) continue;
    if (key === "#text") {
      if (String(obj[key]).trim() === "") continue; // indentation between elements (untrimmed parse)
      throw malformedXml(`${path} must not contain text`);
    }
    if (!field.open && !field.children.some((c) => c.name === key)) throw malformedXml(`unknown element ${path}/${key}`);
  }
  for (const attr of field.attrs ?? []) {
    const v = obj[`@_${attr}`];
    if (typeof v === "string") out[`@_${attr}`] = v;
  }
  for (const child of field.children) {
    const nodes = obj[child.name];
    const list = Array.isArray(nodes) ? nodes : [];
    if (list.length === 0) {
      if (child.required) throw malformedXml(`missing element ${path}/${child.name}`);
      continue;
    }
    if (!child.many && list.length > 1) throw malformedXml(`element ${path}/${child.name} may appear once`);
    const values = list.map((n) => walk(n, child, `${path}/${child.name}`));
    out[child.name] = child.many ? values : values[0];
  }
  return out;
}

/** Parses and validates an XML document against `schema` (the root element). */
export function readXml(body: Buffer | string, schema: Field, opts: { keepText?: boolean } = {}): PlainObject {
  const raw = parseRoot(typeof body === "string" ? body : body.toString("utf8"), schema.name, opts.keepText ? keepTextParser : parser);
  return walk(raw, schema, schema.name) as PlainObject;
}

/** Narrowing helpers for walker output (shapes are guaranteed by the schema). */
export function obj(v: Plain | undefined): PlainObject | undefined {
  return v !== undefined && typeof v === "object" && !Array.isArray(v) ? v : undefined;
}
/** Array of objects for a `many` field with children. */
export function objs(v: Plain | undefined): PlainObject[] {
  return Array.isArray(v) ? (v.filter((x) => typeof x === "object" && !Array.isArray(x)) as PlainObject[]) : [];
}
/** Text of a leaf field. */
export function text(v: Plain | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}
/** Texts of a `many` leaf field. */
export function texts(v: Plain | undefined): string[] {
  return Array.isArray(v) ? (v.filter((x) => typeof x === "string") as string[]) : [];
}
