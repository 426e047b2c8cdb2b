/**
 * Bucket `name` + `appId` during preview, when one of them is an output not known yet (the unknown
 * sentinel). check must let an unknown pass, and the diff must treat it as possibly changed (README: preview never
 * lies; unknowns.ts: "`diff` must treat them as possibly changed").
 *  - appId unknown: the name is built as `site-<sentinel>` and fails the bucket-name rule: a spurious check failure.
 *  - name unknown: the name is dropped from the checked inputs (neither `bucket` nor `name` is left), so the diff
 *    falls back to the stored bucket name and reports no replacement, although the name may change.
 */
import { resources, setSettings } from "../../../provider";
import { UNKNOWN } from "../../../provider/common/unknowns";

beforeEach(() => setSettings({ region: "ap-guangzhou", appId: "1250000000" }));

test("preview: name with an APPID that is not known yet passes check", async () => {
  const r = await resources.bucket.check({}, { name: "site", appId: UNKNOWN });
  expect(r.failures ?? []).toEqual([]);
});

test("preview: a name that is not known yet is a possible replacement, not 'no change'", async () => {
  const first = await resources.bucket.check({}, { name: "site" });
  expect(first.failures ?? []).toEqual([]);
  const olds = { ...(first.inputs as Record<string, unknown>) };
  expect(olds.bucket).toBe("site-1250000000");
  const next = await resources.bucket.check(olds, { name: UNKNOWN });
  expect(next.failures ?? []).toEqual([]);
  const d = await resources.bucket.diff("site-1250000000", olds, next.inputs as Record<string, unknown>);
  expect(d.changes).toBe(true);
  expect(d.replaces).toContain("bucket");
});
