/**
 * Deterministic auto-naming (issue 10 item 3), in-process: the name is a function of the ownerKey the SDK computes,
 * so check gives the same name in preview, up and the up after a crash; a kept name replaces delete-first. The
 * engine side (preview = up, `up --plan`, replacement) is test/e2e/autoName.e2e.test.ts.
 */
import { resources, setSettings } from "../../../provider";
import { autoName } from "../../../provider/resources/bucket";

const KEY_A = "0123456789ab.0123456789ab";
const KEY_B = "0123456789ab.ba9876543210";

beforeEach(() => setSettings({ region: "ap-guangzhou", appId: "1250000000" }));

const checkName = async (news: Record<string, unknown>, olds: Record<string, unknown> = {}) =>
  (await resources.bucket.check(olds, news)).inputs!.bucket as string;

describe("auto-naming derives the name from the ownerKey", () => {
  test("a fresh check (no olds: first preview, up, up after a crash) always gives the same name", async () => {
    const first = await checkName({ autoNameBase: "site", ownerKey: KEY_A });
    expect(first).toMatch(/^site-[0-9a-f]{7}-1250000000$/);
    for (let i = 0; i < 5; i++) expect(await checkName({ autoNameBase: "site", ownerKey: KEY_A })).toBe(first);
    expect(first).toBe(autoName("site", "1250000000", KEY_A));
  });

  test("another resource or stack (another ownerKey) gets another name for the same Pulumi name", async () => {
    expect(await checkName({ autoNameBase: "site", ownerKey: KEY_A })).not.toBe(await checkName({ autoNameBase: "site", ownerKey: KEY_B }));
  });

  test("a stored name (an existing stack's random suffix, or a name kept across an alias rename) is kept", async () => {
    const olds = { bucket: "site-1a2b3c4-1250000000" };
    expect(await checkName({ autoNameBase: "site", ownerKey: KEY_A }, olds)).toBe(olds.bucket);
    expect(await checkName({ autoNameBase: "renamed", ownerKey: KEY_B }, olds)).toBe(olds.bucket);
  });

  test("long Pulumi names are cut so that the name fits 60 characters and stays deterministic", async () => {
    const base = "My_Static.Site".repeat(6);
    const n = await checkName({ autoNameBase: base, ownerKey: KEY_A });
    expect(n.length).toBeLessThanOrEqual(60);
    expect(n).toMatch(/^my-static-site[a-z0-9-]*[a-z0-9]-[0-9a-f]{7}-1250000000$/);
    expect(await checkName({ autoNameBase: base, ownerKey: KEY_A })).toBe(n);
  });
});

describe("a replacement that keeps the name deletes first; a new name is created first", () => {
  const replace = async (a: Record<string, unknown>, b: Record<string, unknown>) => {
    const olds = (await resources.bucket.check({}, a)).inputs!;
    const news = (await resources.bucket.check(olds, b)).inputs!;
    return resources.bucket.diff(olds.bucket as string, olds, news);
  };

  test("auto-named bucket, multiAz or region changed: same name, deleteBeforeReplace", async () => {
    const a = { autoNameBase: "site", ownerKey: KEY_A };
    for (const change of [{ multiAz: true }, { region: "ap-shanghai" }]) {
      const d = await replace(a, { ...a, ...change });
      expect(d.replaces).toEqual(Object.keys(change));
      expect(d.deleteBeforeReplace).toBe(true);
    }
  });

  test("explicit name changed: create the new bucket before deleting the old one", async () => {
    const d = await replace({ bucket: "one-1250000000" }, { bucket: "two-1250000000" });
    expect(d.replaces).toEqual(["bucket"]);
    expect(d.deleteBeforeReplace).toBe(false);
  });
});
