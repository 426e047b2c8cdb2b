/**
 * Provider configuration of the native provider. The engine hands a provider only the stack config of its own
 * namespace (pkg/v3 host.go: `k.Namespace() != pkg` is skipped), so the keys are `tencentcos:secretId`,
 * `tencentcos:secretKey`, …; each maps onto the dynamic resources' key (`tencentcloud:secretKey`, `cos:endpoint`, …)
 * and goes through the same `configure`. Environment variables remain the fallback. @internal
 * @packageDocumentation
 */
import { validateEndpoint, validateRegion } from "../cos/endpoint";
import { isUnknown } from "../common/unknowns";
import { CONFIG_KEYS, configure } from "../index";
import type { Obj } from "./values";

/** The native config names: the keys of CONFIG_KEYS (`secretKey` → `tencentcos:secretKey`). */
export const CONFIG_NAMES = Object.keys(CONFIG_KEYS) as (keyof typeof CONFIG_KEYS)[];
/** Names whose values are secrets: they are marked secret in the schema and never echoed. */
export const SECRET_CONFIG = new Set<string>(["secretKey", "securityToken"]);

const text = (v: unknown): string | undefined => (v === undefined || v === null || v === "" ? undefined : typeof v === "string" ? v : JSON.stringify(v));

/** CheckConfig: the rules `configure` would otherwise apply silently, as failures naming the key. */
export function checkConfig(news: Obj): { property: string; reason: string }[] {
  const failures: { property: string; reason: string }[] = [];
  const known = new Set<string>([...CONFIG_NAMES, "version"]);
  for (const k of Object.keys(news)) {
    if (!known.has(k)) failures.push({ property: k, reason: `is not a configuration key of tencentcos (known: ${CONFIG_NAMES.join(", ")})` });
  }
  const region = text(news.region);
  if (region !== undefined && !isUnknown(region)) {
    const problem = validateRegion(region);
    if (problem) failures.push({ property: "region", reason: problem });
  }
  const endpoint = text(news.endpoint);
  if (endpoint !== undefined && !isUnknown(endpoint)) {
    const problem = validateEndpoint(endpoint);
    if (problem) failures.push({ property: "endpoint", reason: problem });
  }
  const appId = text(news.appId);
  if (appId !== undefined && !/^\d+$/.test(appId)) failures.push({ property: "appId", reason: "must be the account APPID (digits)" });
  const retry = text(news.retryMaxSeconds);
  if (retry !== undefined && !(Number.isFinite(Number(retry)) && Number(retry) >= 0)) failures.push({ property: "retryMaxSeconds", reason: "must be a number of seconds ≥ 0" });
  if ((text(news.secretId) === undefined) !== (text(news.secretKey) === undefined)) {
    failures.push({ property: text(news.secretId) ? "secretKey" : "secretId", reason: "secretId and secretKey go together: set both (or neither, to use TENCENTCLOUD_SECRET_ID/TENCENTCLOUD_SECRET_KEY)" });
  }
  return failures;
}

/** Configure: the provider's arguments (secrets already unwrapped) → the shared `configure`. */
export async function applyConfig(args: Obj): Promise<void> {
  const byDynamicKey = new Map<string, string>();
  for (const name of CONFIG_NAMES) {
    const v = text(args[name]);
    if (v !== undefined) byDynamicKey.set(CONFIG_KEYS[name], v);
  }
  await configure({ config: { get: (k: string) => byDynamicKey.get(k) } } as Parameters<typeof configure>[0]);
}
