/** The native provider derives from the URN the same owner key the sdk's dynamic resources compute. */
import * as pulumi from "@pulumi/pulumi";
import { ownerKeyOf as sdkOwnerKey } from "../../../sdk/common";
import { hiddenInputs } from "../../../provider/native/resourceCalls";
import { ownerKeyOf } from "../../../provider/native/kinds";

beforeAll(async () => {
  await pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: () => ({}) }, "my-project", "prod", false, "my-org");
});

test.each([["Bucket", "site"], ["BucketCors", "site-cors"], ["Website", "a::b"]])("%s %s: same key from the sdk and from the URN", (kind, name) => {
  const fromSdk = sdkOwnerKey(kind, name);
  expect(ownerKeyOf("my-project", "prod", kind, name)).toBe(fromSdk);
  const urn = `urn:pulumi:prod::my-project::tencentcos:index:${kind}::${name}`;
  expect(hiddenInputs(urn)).toEqual({ ownerKey: fromSdk, autoNameBase: name });
});

test("under a parent the key holds the parents' types: same name, other parent type, other key; sdk and URN agree", () => {
  const web = new pulumi.ComponentResource("my:Web", "web");
  const inner = new pulumi.ComponentResource("my:Inner", "inner", {}, { parent: web });
  const api = new pulumi.ComponentResource("my:Api", "api");
  const top = sdkOwnerKey("Bucket", "data");
  const underWeb = sdkOwnerKey("Bucket", "data", { parent: web });
  const underApi = sdkOwnerKey("Bucket", "data", { parent: api });
  const underInner = sdkOwnerKey("Bucket", "data", { parent: inner });
  expect(new Set([top, underWeb, underApi, underInner]).size).toBe(4);
  expect(underWeb.split(".")[0]).toBe(top.split(".")[0]); // the stack part is the stack's
  const urn = (parents: string) => `urn:pulumi:prod::my-project::${parents}tencentcos:index:Bucket::data`;
  expect(hiddenInputs(urn("")).ownerKey).toBe(top);
  expect(hiddenInputs(urn("my:Web$")).ownerKey).toBe(underWeb);
  expect(hiddenInputs(urn("my:Api$")).ownerKey).toBe(underApi);
  expect(hiddenInputs(urn("my:Web$my:Inner$")).ownerKey).toBe(underInner);
});

test("another stack or project gives another key", () => {
  expect(ownerKeyOf("my-project", "dev", "Bucket", "site")).not.toBe(ownerKeyOf("my-project", "prod", "Bucket", "site"));
  expect(ownerKeyOf("other", "prod", "Bucket", "site").split(".")[1]).toBe(ownerKeyOf("my-project", "prod", "Bucket", "site").split(".")[1]);
});
