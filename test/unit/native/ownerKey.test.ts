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
  // a parent in the qualified type does not change it
  expect(hiddenInputs(`urn:pulumi:prod::my-project::my:component$tencentcos:index:${kind}::${name}`).ownerKey).toBe(fromSdk);
});

test("another stack or project gives another key", () => {
  expect(ownerKeyOf("my-project", "dev", "Bucket", "site")).not.toBe(ownerKeyOf("my-project", "prod", "Bucket", "site"));
  expect(ownerKeyOf("other", "prod", "Bucket", "site").split(".")[1]).toBe(ownerKeyOf("my-project", "prod", "Bucket", "site").split(".")[1]);
});
