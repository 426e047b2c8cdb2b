/**
 * user data keyed by the user (tags, policy condition keys) may use any key, `valueOf` and `toString`
 * included: check accepts them. The diff (and a refresh's "same as state?" test) compared with fast-deep-equal,
 * which calls `a.valueOf()` / `a.toString()` whenever those are not Object.prototype's — an own string property is
 * not a function, so the diff throws `TypeError: a.valueOf is not a function`.
 */
import { resources, setSettings } from "../../../provider";

const B = "site-1250000000";
beforeEach(() => setSettings({ region: "ap-guangzhou", appId: "1250000000" }));

async function checkThenDiff(kind: keyof typeof resources, news: Record<string, unknown>) {
  const r = await resources[kind].check({}, news);
  expect(r.failures ?? []).toEqual([]); // check accepts the key
  return resources[kind].diff(B, r.inputs as Record<string, unknown>, news);
}

test("Bucket with a tag named valueOf: an unchanged diff is no change, not a TypeError", async () => {
  await expect(checkThenDiff("bucket", { bucket: B, tags: { valueOf: "1" } })).resolves.toMatchObject({ changes: false });
});

test("Bucket with a tag named toString: an unchanged diff is no change", async () => {
  await expect(checkThenDiff("bucket", { bucket: B, tags: { toString: "x" } })).resolves.toMatchObject({ changes: false });
});

test("BucketObject with a tag named valueOf: an unchanged diff is no change", async () => {
  const news = { bucket: B, key: "a.txt", content: "hello", tags: { valueOf: "v" } };
  const r = await resources.bucketObject.check({}, news);
  expect(r.failures ?? []).toEqual([]);
  await expect(resources.bucketObject.diff(`${B}/a.txt`, r.inputs as Record<string, unknown>, JSON.parse(JSON.stringify(r.inputs)))).resolves.toMatchObject({ changes: false });
});

test("BucketPolicy whose condition uses a key named toString: the diff does not throw", async () => {
  const policy = {
    version: "2.0",
    Statement: [{ Effect: "allow", Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Action: ["name/cos:GetObject"], Resource: [`qcs::cos:ap-guangzhou:uid/1250000000:${B}/*`], Condition: { string_equal: { toString: "a" } } }],
  };
  await expect(checkThenDiff("bucketPolicy", { bucket: B, policy })).resolves.toMatchObject({ changes: false });
});
