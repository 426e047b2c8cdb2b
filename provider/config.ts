import type { ConfigureRequest } from "@pulumi/pulumi/dynamic";
import { Checker } from "./common/validate";
import { CosClient } from "./cos/client";
import { type Credentials, resolveCredentials } from "./cos/credentials";
import { validateEndpoint, validateRegion } from "./cos/endpoint";
import { CosCredentialsError } from "./cos/errors";
import type { RetryPolicy } from "./cos/retry";
import type { Timeouts } from "./cos/transport";

/**
 * Provider settings from the stack configuration (`configure`), falling back to the environment at call time.
 * Nothing here is ever written to state: the serialised provider only requires this module by name. @internal
 */
export interface ProviderSettings {
  secretId?: string;
  secretKey?: string;
  securityToken?: string;
  region?: string;
  appId?: string;
  /** Socket target override, e.g. a local COS server; the Host sent and signed stays the COS host. */
  endpoint?: string;
  /** How long writes right after a bucket's creation retry `NoSuchBucket` (default 2 minutes). */
  propagationTimeoutMs?: number;
  /** How long after our own write a differing read is re-checked before it counts as drift (default 20 s). */
  consistencyWindowMs?: number;
  /** Time budget of the retries of one COS call, seconds (`cos:retryMaxSeconds`, default 300). */
  retryMaxSeconds?: number;
  /** @internal Retry policy overrides (tests inject sleep/now). */
  retry?: Partial<RetryPolicy>;
  /** @internal Socket time limits (tests shorten them to meet a late answer quickly). */
  timeouts?: Partial<Timeouts>;
  /** Concurrency of batched deletes during force-destroy (default 4). */
  deleteConcurrency?: number;
}

/** Config keys read by {@link configure}: the pulumi-tencentcloud namespace users already have, plus `cos:*`. */
export const CONFIG_KEYS = {
  secretId: "tencentcloud:secretId",
  secretKey: "tencentcloud:secretKey",
  securityToken: "tencentcloud:securityToken",
  region: "tencentcloud:region",
  appId: "cos:appId",
  endpoint: "cos:endpoint",
  retryMaxSeconds: "cos:retryMaxSeconds",
} as const;

let settings: ProviderSettings = {};
let cachedClient: { key: string; client: CosClient } | undefined;

/** Called once per provider process by the dynamic-provider host with the stack's configuration. */
export async function configure(req: ConfigureRequest): Promise<void> {
  const get = (k: string) => {
    const v = req.config.get(k);
    return v === undefined || v === "" ? undefined : v;
  };
  const endpoint = get(CONFIG_KEYS.endpoint);
  const problem = endpoint === undefined ? undefined : validateEndpoint(endpoint);
  if (problem) throw new Error(`${CONFIG_KEYS.endpoint} ${problem}`);
  setSettings({
    secretId: get(CONFIG_KEYS.secretId),
    secretKey: get(CONFIG_KEYS.secretKey),
    securityToken: get(CONFIG_KEYS.securityToken),
    region: get(CONFIG_KEYS.region),
    appId: get(CONFIG_KEYS.appId),
    endpoint,
    retryMaxSeconds: retrySeconds(get(CONFIG_KEYS.retryMaxSeconds)),
  });
}

/** `cos:retryMaxSeconds`: a non-negative number of seconds; anything else keeps the default (and says so). */
function retrySeconds(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (Number.isFinite(n) && n >= 0) return n;
  process.stderr.write(`pulumi-tencent-cos: ignoring ${CONFIG_KEYS.retryMaxSeconds}=${JSON.stringify(v)}: it must be a number of seconds ≥ 0\n`);
  return undefined;
}

/** Replaces the settings (used by `configure` and by in-process tests). @internal */
export function setSettings(next: ProviderSettings): void {
  settings = { ...next };
  cachedClient = undefined;
}

/** The current settings (copy). @internal */
export function getSettings(): ProviderSettings {
  return { ...settings };
}

/** The default region: `tencentcloud:region`, then `TENCENTCLOUD_REGION`. @internal */
export function defaultRegion(): string | undefined {
  return settings.region ?? (process.env.TENCENTCLOUD_REGION || undefined);
}

/** Reads a resource's `region`, defaulting it from config/env, and validates it (as property `region`). @internal */
export function checkRegion(c: Checker, value: unknown): string | undefined {
  const region = value ?? defaultRegion();
  if (region === undefined) return c.fail("region", "is required: set it on the resource, or set the `tencentcloud:region` config (or TENCENTCLOUD_REGION)");
  return c.string("region", region, { check: validateRegion });
}

/** The default APPID: `cos:appId`, then `TENCENTCLOUD_APPID`. @internal */
export function defaultAppId(): string | undefined {
  return settings.appId ?? (process.env.TENCENTCLOUD_APPID || undefined);
}

/**
 * Credentials, resolved at call time by the client's chain (`resolveCredentials`): stack config, then
 * `TENCENTCLOUD_SECRET_ID` / `_SECRET_KEY` / `_SECURITY_TOKEN`. The error lists the names it tried and how to set
 * them, never a value. @internal
 */
export async function currentCredentials(): Promise<Credentials> {
  const { secretId, secretKey, securityToken } = settings;
  // Half a key pair in config is a mistake, never a reason to fall back on the environment's pair (which may be
  // another account's): the native provider's CheckConfig refuses the same.
  if (Boolean(secretId) !== Boolean(secretKey)) {
    const [set, missing] = secretId ? [CONFIG_KEYS.secretId, CONFIG_KEYS.secretKey] : [CONFIG_KEYS.secretKey, CONFIG_KEYS.secretId];
    throw new CosCredentialsError(
      [`config ${CONFIG_KEYS.secretId}`, `config ${CONFIG_KEYS.secretKey}`],
      `config ${set} is set but ${missing} is not: set both (\`pulumi config set --secret ${missing} <value>\`), or neither to use TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY from the environment`,
    );
  }
  const fromConfig = secretId && secretKey ? { secretId, secretKey, ...(securityToken ? { securityToken } : {}) } : undefined;
  try {
    return await resolveCredentials(fromConfig);
  } catch (e) {
    if (!(e instanceof CosCredentialsError)) throw e;
    throw new CosCredentialsError(
      [`config ${CONFIG_KEYS.secretId}`, `config ${CONFIG_KEYS.secretKey}`, ...e.tried.map((n) => `env ${n}`)],
      // The CLI refuses a real-looking key id or STS token without --secret ("looks like a secret"): every command
      // given here must work as written.
      "no COS credentials: set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY (and TENCENTCLOUD_SECURITY_TOKEN for temporary keys) in the environment, " +
        "or run `pulumi config set --secret tencentcloud:secretId <id>` and `pulumi config set --secret tencentcloud:secretKey <key>` " +
        "(and `pulumi config set --secret tencentcloud:securityToken <token>`)",
    );
  }
}

/** The process-wide client (one keep-alive pool per origin lives below it). @internal */
export function providerClient(): CosClient {
  const key = `${settings.endpoint ?? ""}|${settings.retryMaxSeconds ?? ""}`;
  if (!cachedClient || cachedClient.key !== key) {
    const retry = { ...settings.retry, ...(settings.retryMaxSeconds !== undefined ? { maxTotalMs: settings.retryMaxSeconds * 1000 } : {}) };
    cachedClient = { key, client: new CosClient({ credentials: currentCredentials, endpoint: settings.endpoint, userAgent: "pulumi-tencent-cos", retry, timeouts: settings.timeouts }) };
  }
  return cachedClient.client;
}
