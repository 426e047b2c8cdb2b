/** Wire values: secrets unwrapped on the way in (their keys remembered) and wrapped again on the way out. */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { SECRET_SIG, SIG_KEY, UNKNOWN, fromStruct, parseUrn, toStruct } from "../../../provider/native/values";

const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

test("a secret anywhere inside a top-level property is unwrapped and its key remembered", () => {
  const s = Struct.fromJavaScript({ bucket: "b-1", tags: { team: secret("web") } as never, policy: secret({ a: [secret("x")] }) as never, region: UNKNOWN });
  const { value, secretKeys } = fromStruct(s);
  expect(value).toEqual({ bucket: "b-1", tags: { team: "web" }, policy: { a: ["x"] }, region: UNKNOWN });
  expect([...secretKeys].sort()).toEqual(["policy", "tags"]);
});

test("outputs of secret inputs go back wrapped; undefined is dropped; an absent key is not invented", () => {
  const out = toStruct(Struct, { bucket: "b-1", tags: { team: "web" }, gone: undefined }, ["tags", "policy"]).toJavaScript();
  expect(out).toEqual({ bucket: "b-1", tags: secret({ team: "web" }) });
});

test("URNs: stack, project, the type without its parent chain, and a name that may contain ::", () => {
  expect(parseUrn("urn:pulumi:dev::proj::a:b:C$tencentcos:index:Bucket::x::y")).toEqual({ stack: "dev", project: "proj", type: "tencentcos:index:Bucket", parents: "a:b:C", name: "x::y" });
  expect(() => parseUrn("nope")).toThrow("not a Pulumi URN");
});
