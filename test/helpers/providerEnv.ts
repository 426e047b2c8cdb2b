import { closeAllPools, CosClient } from "../../provider/cos";
import { resources, setSettings } from "../../provider";
import { startCosServer } from "../cos-server";

export type Kind = keyof typeof resources;
export type Props = Record<string, unknown>;
export type CosServer = Awaited<ReturnType<typeof startCosServer>>;

/**
 * A local COS server on 127.0.0.1:0 and the in-process providers configured against it, as the dynamic-provider host
 * would configure them from stack config. Close it in afterAll.
 */
export async function startProviderEnv(opts: { propagationTimeoutMs?: number; consistencyWindowMs?: number; retryMaxSeconds?: number } = {}) {
  const server = await startCosServer();
  const account = server.accounts[0];
  const region = "ap-guangzhou";
  setSettings({
    secretId: account.secretId, secretKey: account.secretKey, region, appId: account.appId,
    endpoint: server.endpoint, propagationTimeoutMs: opts.propagationTimeoutMs ?? 15_000,
    // No stale-read window unless a test asks for one: drift made right after a write is then seen at once.
    consistencyWindowMs: opts.consistencyWindowMs ?? 0, retryMaxSeconds: opts.retryMaxSeconds,
  });
  // An independent client for out-of-band changes, as a colleague with the console would make them.
  const client = new CosClient({ credentials: { secretId: account.secretId, secretKey: account.secretKey }, endpoint: server.endpoint, retry: { maxAttempts: 1 } });
  let n = 0;
  return {
    server, client, region, appId: account.appId, secretKey: account.secretKey,
    /** A fresh, valid full bucket name. */
    bucketName: (base = "b") => `${base}-${Date.now().toString(36)}${(n++).toString(36)}-${account.appId}`,
    /** check + create, as the engine does. */
    async create(kind: Kind, news: Props): Promise<{ id: string; outs: Props; inputs: Props }> {
      const checked = await resources[kind].check({}, news);
      if (checked.failures?.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
      const inputs = checked.inputs as Props;
      const r = await resources[kind].create(inputs);
      return { id: r.id, outs: r.outs as Props, inputs };
    },
    async check(kind: Kind, olds: Props, news: Props): Promise<Props> {
      const checked = await resources[kind].check(olds, news);
      if (checked.failures?.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
      return checked.inputs as Props;
    },
    close: async () => { await server.close(); await closeAllPools(); },
  };
}
export type ProviderEnv = Awaited<ReturnType<typeof startProviderEnv>>;
