/**
 * The ONE XML parser configuration and builder of the client (STYLE §9.8, cos sdk `util.js:6-11`): values stay
 * strings (no number/boolean guessing), whitespace is kept (object keys may end in spaces), and every repeated
 * element is declared in {@link ARRAY_PATHS} so a single element still parses as a one-item list.
 * Operations read documents only through the small accessors below, which also accept the element-name
 * variants of digest §7 by taking several names.
 * @packageDocumentation
 */
import { XMLBuilder, XMLParser } from "fast-xml-parser";
import { CosResponseParseError } from "./errors";

/** A parsed element: child elements by name; attributes as `@_name`. */
export interface XmlNode {
  [name: string]: XmlValue;
}
/** A parsed value: leaf text, an element, or repeated elements. */
export type XmlValue = string | XmlNode | XmlValue[];

/** Element paths (root-first, dot-separated) that are lists even when one element is present. */
export const ARRAY_PATHS: ReadonlySet<string> = new Set([
  "ListAllMyBucketsResult.Buckets.Bucket",
  "AccessControlPolicy.AccessControlList.Grant",
  "CORSConfiguration.CORSRule",
  ...["AllowedOrigin", "AllowedMethod", "AllowedHeader", "ExposeHeader"].map((e) => `CORSConfiguration.CORSRule.${e}`),
  "LifecycleConfiguration.Rule",
  "LifecycleConfiguration.Rule.Transition",
  "LifecycleConfiguration.Rule.NoncurrentVersionTransition",
  "LifecycleConfiguration.Rule.Filter.Tag",
  "LifecycleConfiguration.Rule.Filter.And.Tag",
  "ReplicationConfiguration.Rule",
  "ReplicationConfiguration.Rule.Filter.Tag",
  "ReplicationConfiguration.Rule.Filter.And.Tag",
  "WebsiteConfiguration.RoutingRules.RoutingRule",
  "Tagging.TagSet.Tag",
  "ServerSideEncryptionConfiguration.Rule",
  "RefererConfiguration.DomainList.Domain",
  "DomainConfiguration.DomainRule",
  "InventoryConfiguration.OptionalFields.Field",
  "ListBucketResult.Contents",
  "ListBucketResult.CommonPrefixes",
  "ListBucketResult.CommonPrefixs",
  "ListVersionsResult.Version",
  "ListVersionsResult.DeleteMarker",
  "ListVersionsResult.CommonPrefixes",
  "ListVersionsResult.CommonPrefixs",
  "ListMultipartUploadsResult.Upload",
  "ListMultipartUploadsResult.CommonPrefixes",
  "ListMultipartUploadsResult.CommonPrefixs",
  "DeleteResult.Deleted",
  "DeleteResult.Error",
]);

const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", apos: "'", quot: '"' };
const ENTITY_RE = /&(?:(lt|gt|amp|apos|quot)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));/g;

/** Decodes the five XML entities and numeric character references in one left-to-right pass. */
export function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(ENTITY_RE, (m, named: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (named) return NAMED_ENTITIES[named]!;
    const cp = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

/**
 * fast-xml-parser in `preserveOrder` mode: a list of `{ name: children, ":@": attributes }` items in document order,
 * which {@link toNode} folds into {@link XmlNode}s in one pass. This skips the library's own ordered-to-object
 * pass and its per-tag path strings (`jPath`, `isArray`, value processors), which were a third of its parse time
 * (test/bench); the folding decodes entities with {@link decodeEntities} and applies {@link ARRAY_PATHS} itself.
 * `parse(body, true)` still runs the library's validator first, so a truncated or malformed body is an error
 * rather than a silently partial document.
 */
const parser = new XMLParser({
  preserveOrder: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true, // xsi:type → @_type
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Entities are decoded by decodeEntities in one pass, instead of fast-xml-parser's entity processing: its
  // htmlEntities option (needed for numeric references such as &#20013;) runs a regex per known HTML entity over
  // every value and was about half of the client's CPU per call (test/bench). One pass is also correct for nested
  // forms: "&amp;#20013;" stays the literal text "&#20013;".
  processEntities: false,
  htmlEntities: false,
  jPath: false,
});

/** One item of fast-xml-parser's `preserveOrder` output: an element (`name → items`, `":@"` → attributes) or text. */
type OrderedItem = Record<string, unknown>;
const TEXT = "#text";

/** The element name of an ordered item; undefined for a text item. */
function elementName(item: OrderedItem): string | undefined {
  for (const name in item) if (name !== ":@" && name !== TEXT) return name;
  return undefined;
}

/**
 * Folds an element's ordered items into its {@link XmlValue}: leaf text when it has neither child elements nor
 * attributes; otherwise an {@link XmlNode} whose repeated children become lists (and children at
 * {@link ARRAY_PATHS} always do), with attributes as `@_name` and any text between children as `#text`.
 */
function toNode(items: OrderedItem[], attrs: Record<string, string> | undefined, path: string): XmlValue {
  let textContent = "";
  let node: XmlNode | undefined;
  for (const item of items) {
    const name = elementName(item);
    if (name === undefined) {
      textContent += String(item[TEXT]);
      continue;
    }
    const childPath = `${path}.${name}`;
    const childValue = toNode(item[name] as OrderedItem[], item[":@"] as Record<string, string> | undefined, childPath);
    node ??= {};
    const prev = node[name];
    if (prev === undefined) node[name] = ARRAY_PATHS.has(childPath) ? [childValue] : childValue;
    else if (Array.isArray(prev)) prev.push(childValue);
    else node[name] = [prev, childValue];
  }
  if (attrs) {
    node ??= {};
    for (const a in attrs) node[a] = decodeEntities(String(attrs[a]));
  }
  if (node === undefined) return decodeEntities(textContent);
  if (textContent !== "") node[TEXT] = decodeEntities(textContent);
  return node;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@_" });

/** A parsed document: its root element name, its content, and its text when the root is a leaf. */
export interface XmlDocument {
  root: string;
  node: XmlNode;
  text?: string;
}

/**
 * Parses a response body. Returns `undefined` for an empty body. Throws {@link CosResponseParseError} for text
 * that is not well-formed XML.
 */
export function parseXml(body: string, op: string): XmlDocument | undefined {
  if (body.trim() === "") return undefined;
  let parsed: unknown;
  try {
    parsed = parser.parse(body, true);
  } catch (err) {
    throw new CosResponseParseError(op, body, err instanceof Error ? err.message : "invalid XML");
  }
  // Declarations and processing instructions are dropped by the parser, so every non-text item is an element.
  const roots: { root: string; item: OrderedItem }[] = [];
  for (const item of Array.isArray(parsed) ? (parsed as OrderedItem[]) : []) {
    const root = elementName(item);
    if (root !== undefined) roots.push({ root, item });
  }
  if (roots.length === 0) throw new CosResponseParseError(op, body, "no root element");
  if (roots.length !== 1) throw new CosResponseParseError(op, body, "expected one root element");
  const { root, item } = roots[0]!;
  const value = toNode(item[root] as OrderedItem[], item[":@"] as Record<string, string> | undefined, root);
  return { root, node: asNode(value), text: text({ [root]: value }, root) };
}

/** Parses a body that must be the document `root` (any of `roots`), else throws {@link CosResponseParseError}. */
export function parseDocument(body: string, op: string, ...roots: string[]): XmlNode | undefined {
  const doc = parseXml(body, op);
  if (doc === undefined) return undefined;
  if (!roots.includes(doc.root)) throw new CosResponseParseError(op, body, `expected <${roots.join("> or <")}>`);
  return doc.node;
}

/** Serializes `{ [root]: content }`; `undefined` members are omitted, arrays become repeated elements. */
export function buildXml(root: string, content: Record<string, unknown>): string {
  return builder.build({ [root]: content }) as string;
}

function asNode(v: XmlValue | undefined): XmlNode {
  if (v === undefined) return {};
  if (Array.isArray(v)) return asNode(v[0]);
  return typeof v === "string" ? {} : v; // `<Filter/>` or whitespace-only element = empty element
}

function firstPresent(node: XmlNode | undefined, names: string[]): XmlValue | undefined {
  if (!node) return undefined;
  for (const n of names) if (node[n] !== undefined) return node[n];
  return undefined;
}

/** Leaf text of the first present name (variants such as `UploadId`/`UploadID`). */
export function text(node: XmlNode | undefined, ...names: string[]): string | undefined {
  let v = firstPresent(node, names);
  while (Array.isArray(v)) v = v[0];
  if (v === undefined) return undefined;
  if (typeof v === "string") return v;
  const t = v["#text"];
  return typeof t === "string" ? t : "";
}

/** Child element of the first present name; an empty element gives `{}`. */
export function child(node: XmlNode | undefined, ...names: string[]): XmlNode | undefined {
  const v = firstPresent(node, names);
  return v === undefined ? undefined : asNode(v);
}

/** Repeated child elements across all given names (e.g. `CommonPrefixes` + `CommonPrefixs`). */
export function children(node: XmlNode | undefined, ...names: string[]): XmlNode[] {
  const out: XmlNode[] = [];
  for (const n of names) {
    const v = node?.[n];
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) out.push(asNode(item));
  }
  return out;
}

/** Repeated leaf texts across all given names. */
export function texts(node: XmlNode | undefined, ...names: string[]): string[] {
  const out: string[] = [];
  for (const n of names) {
    const v = node?.[n];
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) out.push(typeof item === "string" ? item : text({ x: item }, "x") ?? "");
  }
  return out;
}

/** Case-insensitive boolean (`true`/`TRUE`, 002 prints both); undefined when absent or not a boolean. */
export function bool(v: string | undefined): boolean | undefined {
  const s = v?.trim().toLowerCase();
  return s === "true" ? true : s === "false" ? false : undefined;
}

/** Integer from wire text; undefined when absent or not a number. */
export function num(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === "") return undefined;
  const n = Number(v.trim());
  return Number.isFinite(n) ? n : undefined;
}

/** Attribute value (namespace prefix removed), e.g. `attr(grantee, "type")` for `xsi:type`. */
export function attr(node: XmlNode | undefined, name: string): string | undefined {
  const v = node?.[`@_${name}`];
  return typeof v === "string" ? v : undefined;
}
