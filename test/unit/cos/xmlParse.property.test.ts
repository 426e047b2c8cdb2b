/**
 * Property: `parseXml` (fast-xml-parser's `preserveOrder` output folded by our own pass) gives exactly the tree that
 * fast-xml-parser's object mode gives under the configuration the client used before (value and attribute
 * processors decoding entities, `isArray` from ARRAY_PATHS). The generated documents use the element names of the
 * list paths, so single and repeated list elements, nested lists, attributes with a namespace prefix, empty
 * elements, whitespace between elements, mixed content and entity references are all exercised.
 */
import fc from "fast-check";
import { XMLParser } from "fast-xml-parser";
import { ARRAY_PATHS, decodeEntities, parseXml, type XmlNode } from "../../../provider/cos/xml";
import { runs } from "../property";

const reference = new XMLParser({
  ignoreDeclaration: true,
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  tagValueProcessor: (_n: string, v: string) => decodeEntities(v),
  attributeValueProcessor: (_n: string, v: string) => decodeEntities(v),
  jPath: true,
  isArray: (_name, jPath) => typeof jPath === "string" && ARRAY_PATHS.has(jPath),
});

const ROOTS = ["CORSConfiguration", "LifecycleConfiguration", "AccessControlPolicy", "ListVersionsResult", "Other"];
const NAMES = ["CORSRule", "AllowedOrigin", "Rule", "Transition", "Filter", "And", "Tag", "AccessControlList", "Grant", "Grantee", "Version", "ID", "Key"];
const text = fc
  .array(fc.constantFrom("a", "Z", "9", " ", "\n", "&amp;", "&lt;", "&#20013;", "&#x4E2D;", "中", "&quot;", "-"), { maxLength: 6 })
  .map((a) => a.join(""));

interface El {
  name: string;
  attrs: [string, string][];
  content: string | (El | string)[];
}
const { element } = fc.letrec<{ element: El }>((tie) => ({
  element: fc.record({
    name: fc.constantFrom(...NAMES),
    attrs: fc.uniqueArray(fc.tuple(fc.constantFrom("xsi:type", "id"), text), { maxLength: 2, selector: ([n]) => n }),
    content: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      text,
      fc.array(fc.oneof({ weight: 4, arbitrary: tie("element") as fc.Arbitrary<El> }, { weight: 1, arbitrary: text }), { maxLength: 4 }),
    ),
  }),
}));

function render(e: El, ns = ""): string {
  const attrs = e.attrs.map(([n, v]) => ` ${n}="${v}"`).join("");
  const inner = typeof e.content === "string" ? e.content : e.content.map((c) => (typeof c === "string" ? c : render(c))).join("");
  return inner === "" && e.attrs.length % 2 === 1 ? `<${e.name}${ns}${attrs}/>` : `<${e.name}${ns}${attrs}>${inner}</${e.name}>`;
}

const documents = fc
  .tuple(fc.constantFrom(...ROOTS), element, fc.boolean())
  .map(([root, body, decl]) => ({
    root,
    xml: `${decl ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ""}${render({ ...body, name: root }, ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')}`,
  }));

test("parseXml equals fast-xml-parser's object mode under the client's former configuration", () => {
  fc.assert(
    fc.property(documents, ({ root, xml }) => {
      const ours = parseXml(xml, "Test")!;
      const ref = reference.parse(xml, true) as XmlNode;
      expect(ours.root).toBe(root);
      const refValue = ref[root]!;
      if (typeof refValue === "string") {
        expect(ours.node).toEqual({});
        expect(ours.text).toBe(refValue);
      } else {
        expect(ours.node).toEqual(refValue);
      }
    }),
    { numRuns: runs(400) },
  );
});

test("more than one root element is rejected, also when they share a name", () => {
  expect(() => parseXml("<A/><A/>", "Test")).toThrow(/one root element/);
  expect(() => parseXml("<A/><B/>", "Test")).toThrow(/one root element/);
  expect(() => parseXml("<A><B>x</B>", "Test")).toThrow(/Test/);
});
