/**
 * `pulumi:autonaming` in propose mode hands the provider a name it may adapt (enforce mode: it may not). Patterns are
 * built from the logical name, project and stack (`${name}-${hex(6)}`), which are camelCase or dotted as often as not;
 * COS bucket names are lower-case letters, digits and hyphens. A proposal is adapted the way the provider's own
 * auto-name adapts a logical name (`siteBucket` → `sitebucket-…`), instead of failing the deployment's check.
 */
import { setSettings } from "../../../provider/config";
import { check } from "../../../provider/native/resourceCalls";

const APPID = "1250000000";
beforeAll(() => setSettings({ region: "ap-guangzhou", appId: APPID }));

const urn = "urn:pulumi:Prod::webApp::tencentcos:index:Bucket::siteBucket";

test("propose: a camelCase / dotted proposal is adapted to a valid bucket name", async () => {
  const r = await check({ urn, olds: {}, news: {}, autonaming: { proposedName: "webApp.Prod_siteBucket-A1b2c3", mode: "propose" } });
  expect(r.failures).toEqual([]);
  expect(r.inputs.bucket).toBe(`webapp-prod-sitebucket-a1b2c3-${APPID}`);
});

test("propose: a full name proposal (ending in the APPID) is adapted too", async () => {
  const r = await check({ urn, olds: {}, news: {}, autonaming: { proposedName: `Site-${APPID}`, mode: "propose" } });
  expect(r.failures).toEqual([]);
  expect(r.inputs.bucket).toBe(`site-${APPID}`);
});

test("enforce: the proposal is used exactly, so an invalid one fails the check", async () => {
  const r = await check({ urn, olds: {}, news: {}, autonaming: { proposedName: "siteBucket", mode: "enforce" } });
  expect(r.failures.length).toBeGreaterThan(0);
});
