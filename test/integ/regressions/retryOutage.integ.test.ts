/**
 * Issue 10 case 5 over real HTTP: the provider's own client (stack config `cos:retryMaxSeconds`, default 5 minutes)
 * rides out a burst of 20 SlowDowns from the local server, and a real 2.5 s server restart (ECONNREFUSED), where
 * the old 4-attempt policy failed every command.
 */
import { resources, setSettings } from "../../../provider";
import { closeAllPools } from "../../../provider/cos";
import { startCosServer, type CosServer } from "../../cos-server";

let server: CosServer;
const region = "ap-guangzhou";
const settings = () => {
  const a = server.accounts[0];
  return { secretId: a.secretId, secretKey: a.secretKey, region, appId: a.appId, endpoint: server.endpoint, consistencyWindowMs: 0 };
};

beforeAll(async () => {
  server = await startCosServer();
});
afterAll(async () => {
  await closeAllPools();
  await server.close();
});

async function createBucket(name: string) {
  const checked = await resources.bucket.check({}, { bucket: name });
  expect(checked.failures ?? []).toEqual([]);
  return resources.bucket.create(checked.inputs);
}

test("a burst of 20 SlowDowns on PUT Bucket: the create succeeds (real HTTP, simulated backoff time)", async () => {
  setSettings({ ...settings(), retry: { sleep: async () => undefined } });
  server.faults.failNext(20, { status: 503, code: "SlowDown", method: "PUT", subresource: "" });
  const r = await createBucket("burst-1250000000");
  expect(r.id).toBe("burst-1250000000");
  expect(server.requests.filter((q) => q.method === "PUT" && q.code === "SlowDown")).toHaveLength(20);
  expect(server.state.getBucket("burst-1250000000")).toBeDefined();
});

test("a 2.5 s server restart (ECONNREFUSED) during a create: it waits with real backoff and succeeds", async () => {
  setSettings(settings()); // real sleeps, default budget
  const { port } = server;
  const state = server.state;
  await server.close();
  await closeAllPools();
  const started = Date.now();
  const restart = new Promise<void>((resolve, reject) =>
    setTimeout(() => startCosServer({ port }).then((s) => { server = s; resolve(); }, reject), 2_500),
  );
  const created = createBucket("outage-1250000000");
  await restart;
  expect((await created).id).toBe("outage-1250000000");
  expect(Date.now() - started).toBeGreaterThanOrEqual(2_500);
  expect(server.state).not.toBe(state);
  expect(server.state.getBucket("outage-1250000000")).toBeDefined();
}, 30_000);

test("cos:retryMaxSeconds bounds the wait: 0 fails at the first refusal", async () => {
  const { port } = server;
  setSettings({ ...settings(), retryMaxSeconds: 0 });
  await server.close();
  await closeAllPools();
  const err = await createBucket("never-1250000000").catch((e: Error) => e);
  expect((err as Error).message).toMatch(/ECONNREFUSED/);
  server = await startCosServer({ port });
});
