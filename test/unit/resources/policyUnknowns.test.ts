/**
 * A policy document with values that are unknown in a preview (a statement's Resource built from the bucket's
 * `resourceName` output, as examples/yaml-website writes it): `check` lets each unknown value pass and still checks
 * the known ones. A `pulumi preview` of a new stack of that example failed here before.
 */
import { resources, setSettings } from "../../../provider";
import { UNKNOWN } from "../../../provider/common/unknowns";

const B = "site-1250000000";
const statement = (st: Record<string, unknown>) => ({
  bucket: UNKNOWN,
  policy: { version: "2.0", Statement: [{ Effect: "allow", Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Action: ["name/cos:GetObject"], Resource: [`qcs::cos:ap-guangzhou:uid/1250000000:${B}/*`], ...st }] },
});

beforeEach(() => setSettings({ region: "ap-guangzhou", appId: "1250000000" }));

test.each([
  ["a Resource entry", { Resource: [UNKNOWN] }],
  ["the Resource list", { Resource: UNKNOWN }],
  ["an Action entry", { Action: ["name/cos:GetObject", UNKNOWN] }],
  ["a principal", { Principal: { qcs: [UNKNOWN] } }],
  ["the Principal", { Principal: UNKNOWN }],
  ["the Effect", { Effect: UNKNOWN }],
  ["the Condition", { Condition: UNKNOWN }],
])("an unknown %s passes check", async (_what, st) => {
  const r = await resources.bucketPolicy.check({}, statement(st));
  expect(r.failures).toBeUndefined();
});

test("an unknown statement or statement list passes; the known parts beside an unknown are still checked", async () => {
  expect((await resources.bucketPolicy.check({}, { bucket: UNKNOWN, policy: { version: "2.0", Statement: UNKNOWN } })).failures).toBeUndefined();
  expect((await resources.bucketPolicy.check({}, { bucket: UNKNOWN, policy: { version: "2.0", Statement: [UNKNOWN] } })).failures).toBeUndefined();
  const r = await resources.bucketPolicy.check({}, statement({ Resource: [UNKNOWN, "not-a-resource"], Action: ["GetObject"] }));
  const reasons = (r.failures ?? []).map((f) => f.reason).join("\n");
  expect(reasons).toContain("policy.Statement[0].Resource[1]");
  expect(reasons).toContain("policy.Statement[0].Action[0]");
  expect(reasons).not.toContain("Resource[0]");
});
