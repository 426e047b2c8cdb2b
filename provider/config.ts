import type { ConfigureRequest } from "@pulumi/pulumi/dynamic";
import { backOff } from "exponential-backoff";
import { Checker } from "./common/validate";
import { CosClient } from "./cos/client";
import { type Credentials, resolveCredentials } from "./cos/credentials";
import { validateRegion } from "./cos/endpoint";
import { CosCredentialsError, isCosServiceError } from "./cos/errors";

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
} as const;

let settings: ProviderSettings = {};
let cachedClient: { key: string; client: CosClient } | undefined;

/** Called once per provider process by the dynamic-provider host with the stack's configuration. */
export async function configure(req: ConfigureRequest): Promise<void> {
  const get = (k: string) => {
    const v = req.config.get(k);
    return v === undefined || v === "" ? undefined : v;
  };
  setSettings({
    secretId: get(CONFIG_KEYS.secretId),
    secretKey: get(CONFIG_KEYS.secretKey),
    securityToken: get(CONFIG_KEYS.securityToken),
    region: get(CONFIG_KEYS.region),
    appId: get(CONFIG_KEYS.appId),
    endpoint: get(CONFIG_KEYS.endpoint),
  });
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
  const fromConfig = secretId && secretKey ? { secretId, secretKey, ...(securityToken ? { securityToken } : {}) } : undefined;
  try {
    return await resolveCredentials(fromConfig);
  } catch (e) {
    if (!(e instanceof CosCredentialsError)) throw e;
    throw new CosCredentialsError(
      [`config ${CONFIG_KEYS.secretId}`, `config ${CONFIG_KEYS.secretKey}`, ...e.tried.map((n) => `env ${n}`)],
      "no COS credentials: run `pulumi config set tencentcloud:secretId <id>` and `pulumi config set --secret tencentcloud:secretKey <key>`, or set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY",
    );
  }
}

/** The process-wide client (one keep-alive pool per origin lives below it). @internal */
export function providerClient(): CosClient {
  const key = settings.endpoint ?? "";
  if (!cachedClient || cachedClient.key !== key) {
    cachedClient = { key, client: new CosClient({ credentials: currentCredentials, endpoint: settings.endpoint, userAgent: "pulumi-tencent-cos" }) };
  }
  return cachedClient.client;
}

/**
 * Runs `fn`, retrying `NoSuchBucket` with jittered backoff for a bounded window: a bucket that was just created may
 * not be visible to every COS front end yet (terraform-provider-aws #7803, #12907; LESSONS.md §1 A). @internal
 */
export async function withPropagation<T>(fn: () => Promise<T>, what: string): Promise<T> {
  const windowMs = settings.propagationTimeoutMs ?? 120_000;
  const started = Date.now();
  try {
    return await backOff(fn, {
      numOfAttempts: 1000,
      startingDelay: Math.min(200, windowMs),
      maxDelay: Math.max(1, Math.min(5_000, windowMs)),
      timeMultiple: 2,
      jitter: "full",
      retry: (e: unknown) => isCosServiceError(e, "NoSuchBucket") && Date.now() - started < windowMs,
    });
  } catch (e) {
    if (isCosServiceError(e, "NoSuchBucket") && Date.now() - started >= windowMs) {
      (e as Error).message = `${(e as Error).message} — ${what}: the bucket did not become visible within ${Math.round(windowMs / 1000)} s`;
    }
    throw e;
  }
}
