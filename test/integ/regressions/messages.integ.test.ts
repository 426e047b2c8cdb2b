/**
 * Issue 10 "Messages and inputs": did-you-mean for unknown top-level inputs, `name` with the APPID suffix, the stale
 * provider configuration hint on refresh/destroy, no Node stack traces, and check failures that never make the engine
 * print `value {<nil>}`.
 */
import { resources } from "../../../provider";
import { getSettings, setSettings } from "../../../provider/config";
import { type Kind, type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv(); });
afterAll(async () => { await env.close(); });

const failuresOf = async (kind: Kind, news: Record<string, unknown>) => (await resources[kind].check({}, news)).failures ?? [];

/** How the engine prints a failure (pkg/resource/deploy/step_generator.go issueCheckFailures, diag 2002/2003). */
const engineText = (f: { property: string; reason: string }, news: Record<string, unknown>) =>
  f.property !== "" ? `property ${f.property} value {${news[f.property] === undefined ? "<nil>" : JSON.stringify(news[f.property])}} has a problem: ${f.reason}` : `has a problem: ${f.reason}`;

test.each<[Kind, Record<string, unknown>, string, string]>([
  ["bucket", { bucket: "b-1250000000", forceDestory: true }, "forceDestory", "forceDestroy"],
  ["bucket", { bucket: "b-1250000000", taggs: { a: "b" } }, "taggs", "tags"],
  ["bucketCors", { bucket: "b-1250000000", rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"] }], responseVery: true }, "responseVery", "responseVary"],
  ["bucketPolicy", { bucket: "b-1250000000", policy: "{}", adpot: true }, "adpot", "adopt"],
  ["website", { bucket: "b-1250000000", indexDocument: "index.html", errorDocumnet: "404.html" }, "errorDocumnet", "errorDocument"],
])("%s: unknown input %j → did you mean", async (kind, news, prop, near) => {
  const f = await failuresOf(kind, news);
  expect(f).toContainEqual({ property: prop, reason: expect.stringContaining(`did you mean \`${near}\`?`) });
});

test("the hidden inputs the sdk passes are known", async () => {
  const hidden = { ownerKey: "0123456789ab.0123456789ab", __provider: "x", autoNameBase: "site" };
  expect(await failuresOf("bucket", { bucket: "b-1250000000", ...hidden, endpoint: undefined })).toEqual([]);
  expect(await failuresOf("bucketCors", { bucket: "b-1250000000", rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"] }], ...hidden })).toEqual([]);
});

test("name with the APPID suffix is refused: use `bucket`, or drop the suffix", async () => {
  const f = await failuresOf("bucket", { name: "logs-1250000000", appId: "1250000000" });
  expect(f).toEqual([{ property: "name", reason: expect.stringMatching(/bucket: "logs-1250000000".*name: "logs"/) }]);
});

test("no check failure makes the engine print value {<nil>}: nested and missing properties are self-contained", async () => {
  const cases: [Kind, Record<string, unknown>][] = [
    ["bucketCors", { bucket: "b-1250000000", rules: [{ allowedOrigin: ["*"], allowedMethods: ["GET"] }] }],
    ["bucketCors", { rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"], maxAgeSeconds: -1 }] }],
    ["bucket", { bucket: "b-1250000000", encryption: { algorithm: "DES" }, tags: { "tencentcos:owner:bucket": "x" } }],
  ];
  for (const [kind, news] of cases) {
    const f = await failuresOf(kind, news);
    expect(f.length).toBeGreaterThan(0);
    for (const x of f) expect(engineText(x, news)).not.toContain("<nil>");
  }
  const nested = await failuresOf("bucketCors", cases[0][1]);
  expect(nested).toContainEqual({ property: "", reason: expect.stringMatching(/^rules\[0\]\.allowedOrigin: /) });
  const reserved = await failuresOf("bucket", cases[2][1]);
  expect(reserved.some((x) => /tencentcos:owner:.*reserved/.test(x.reason))).toBe(true);
});

test("a refresh/destroy with rotated keys says the stored provider configuration may be stale; no stack trace", async () => {
  const b = env.bucketName("keys");
  const made = await env.create("bucket", { bucket: b });
  const good = getSettings();
  setSettings({ ...good, secretKey: "rotated-away" });
  try {
    for (const call of [() => resources.bucket.read(b, made.outs), () => resources.bucket.delete(b, made.outs)]) {
      const err = (await call().catch((e: Error) => e)) as Error;
      expect(err.message).toMatch(/SignatureDoesNotMatch[\s\S]*may be stale[\s\S]*--run-program/);
      expect(err.stack ?? "").not.toMatch(/\n\s+at /);
    }
  } finally {
    setSettings(good);
  }
});

test("a refresh against an endpoint that no longer answers says the same (after the retry budget)", async () => {
  const good = getSettings();
  setSettings({ ...good, endpoint: "http://127.0.0.1:1", retryMaxSeconds: 0.3 });
  try {
    const err = (await resources.bucketCors.read("x-1250000000", { bucket: "x-1250000000", region: env.region, rules: [] }).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/ECONNREFUSED[\s\S]*--run-program/);
    expect(err.stack ?? "").not.toMatch(/\n\s+at /);
  } finally {
    setSettings(good);
  }
});
