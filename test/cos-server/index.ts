/**
 * A faithful local stand-in for Tencent Cloud COS (XML API v5) for integration tests, benchmarks and the
 * README demo. See `startCosServer`. Never import provider code here: the server must judge our client
 * by the COS documents, not by our client's own assumptions.
 */
import type { AddressInfo } from "node:net";
import { Faults } from "./faults";
import { createCosHttpServer } from "./server";
import { State } from "./state";
import type { Account, AccountSpec } from "./types";

export { Faults } from "./faults";
export type { FailSpec, FaultMatch } from "./faults";
export { State } from "./state";
export { localWebsiteUrl, websiteUrl } from "./websiteEndpoint";
export type { Account, AccountSpec, BucketRecord, ObjectVersion, RequestLogEntry, Grant, AclPolicy } from "./types";

/** Default SecretId: local-only, deliberately not of the real `AKID[0-9A-Za-z]{20,}` shape. */
export const LOCAL_SECRET_ID = "AKID-LOCAL-COS-SERVER";
/** Default SecretKey: local-only and worthless anywhere else. */
export const LOCAL_SECRET_KEY = "local-cos-server-secret-key-not-a-real-credential";
/** Default APPID and region of the local server. */
export const DEFAULT_APP_ID = "1250000000";
export const DEFAULT_REGION = "ap-guangzhou";

/** Options of {@link startCosServer}. */
export interface CosServerOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** Persist state here (atomic snapshots); omitted = memory only. */
  dataDir?: string;
  /** Accounts; `accounts[0]` is the default. Missing fields get local-only defaults. */
  accounts?: AccountSpec[];
  /** Verify request signatures (default true). When false the caller is taken from q-ak or is accounts[0]. */
  verifySignatures?: boolean;
  /** Region for path-style requests whose host names no region (default ap-guangzhou). */
  region?: string;
  /** Buckets one account may own before 400 TooManyBucket (default 200, as COS). */
  maxBucketsPerAccount?: number;
}

/** A running server. */
export interface CosServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  readonly accounts: Account[];
  readonly faults: Faults;
  readonly state: State;
  /** The request log (same array as `state.requests`). */
  readonly requests: State["requests"];
  /** Clears the request log. */
  resetRequestLog(): void;
  /** Stops accepting requests, closes keep-alive sockets and flushes pending snapshots. */
  close(): Promise<void>;
}

/** Fills defaults: account i gets APPID 1250000000+i, uin 100000000001+i and local-only keys. */
export function resolveAccounts(specs: AccountSpec[] | undefined): Account[] {
  const list = specs && specs.length ? specs : [{}];
  return list.map((s, i) => ({
    appId: s.appId ?? String(Number(DEFAULT_APP_ID) + i),
    ownerUin: s.ownerUin ?? String(100000000001 + i),
    secretId: s.secretId ?? (i === 0 ? LOCAL_SECRET_ID : `${LOCAL_SECRET_ID}-${i + 1}`),
    secretKey: s.secretKey ?? (i === 0 ? LOCAL_SECRET_KEY : `${LOCAL_SECRET_KEY}-${i + 1}`),
    ...(s.securityToken !== undefined ? { securityToken: s.securityToken } : {}),
    ...(s.tokenExpiresAt !== undefined ? { tokenExpiresAt: s.tokenExpiresAt } : {}),
  }));
}

/** Starts a local COS server on 127.0.0.1 (port 0 by default). */
export async function startCosServer(opts: CosServerOptions = {}): Promise<CosServer> {
  const accounts = resolveAccounts(opts.accounts);
  const state = new State(accounts);
  if (opts.maxBucketsPerAccount !== undefined) state.maxBucketsPerAccount = opts.maxBucketsPerAccount;
  if (opts.dataDir) await state.attach(opts.dataDir);
  const faults = new Faults();
  const server = createCosHttpServer({
    state,
    faults,
    accounts,
    verifySignatures: opts.verifySignatures ?? true,
    defaultRegion: opts.region ?? DEFAULT_REGION,
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    accounts,
    faults,
    state,
    requests: state.requests,
    resetRequestLog: () => state.resetRequestLog(),
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await state.flush();
      })();
      return closing;
    },
  };
}
