import { parseXml, decodeEntities } from "../../../provider/cos/xml";
test("entities", () => {
  expect(decodeEntities("a &amp;#20013; &#20013;&#x4E2D; &lt;x&gt; &quot;&apos; &bogus; &#99999999;")).toBe("a &#20013; 中中 <x> \"' &bogus; &#99999999;");
  const d = parseXml('<CORSConfiguration><CORSRule><AllowedOrigin>https://a.example/?x=1&amp;y=&#20013;</AllowedOrigin></CORSRule></CORSConfiguration>', "t")!;
  expect(JSON.stringify(d.node)).toContain("https://a.example/?x=1&y=中");
});
