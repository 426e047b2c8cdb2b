/**
 * Credential chain (STYLE §6): explicit values, then the environment, read at call time so nothing is captured
 * in a serialized closure (LESSONS §2). Secret values are never logged nor put into error messages.
 * @packageDocumentation
 */
import { CosCredentialsError } from "./errors";

/** A COS key pair, optionally temporary (STS) with its session token. */
export interface Credentials {
  secretId: string;
  secretKey: string;
  /** STS session token; sent (and signed) as `x-cos-security-token` (digest §1.1 item 3). */
  securityToken?: string;
}

/** Where credentials may come from: fixed values or a (possibly async) provider function. */
export type CredentialSource = Credentials | (() => Credentials | Promise<Credentials>);

/** Environment variable names, shared with pulumi-tencentcloud users' setups. */
export const ENV_SECRET_ID = "TENCENTCLOUD_SECRET_ID";
export const ENV_SECRET_KEY = "TENCENTCLOUD_SECRET_KEY";
export const ENV_SECURITY_TOKEN = "TENCENTCLOUD_SECURITY_TOKEN";

function usable(c: Credentials | undefined): c is Credentials {
  return !!c && typeof c.secretId === "string" && c.secretId !== "" && typeof c.secretKey === "string" && c.secretKey !== "";
}

/** The source itself when it is a usable fixed pair (what {@link resolveCredentials} would return first), else undefined. */
export function fixedCredentials(source?: CredentialSource): Credentials | undefined {
  return typeof source === "object" && usable(source) ? source : undefined;
}

/**
 * Resolves credentials: `source` first (explicit values or a function), then `TENCENTCLOUD_SECRET_ID` /
 * `TENCENTCLOUD_SECRET_KEY` / `TENCENTCLOUD_SECURITY_TOKEN` from `env` (default `process.env`, read now).
 * @throws CosCredentialsError listing the names of the sources tried (never their values).
 */
export async function resolveCredentials(
  source?: CredentialSource,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Credentials> {
  const tried: string[] = [];
  if (source !== undefined) {
    tried.push(typeof source === "function" ? "options.credentials()" : "options.credentials");
    const explicit = typeof source === "function" ? await source() : source;
    if (usable(explicit)) return explicit;
  }
  tried.push(ENV_SECRET_ID, ENV_SECRET_KEY);
  const secretId = env[ENV_SECRET_ID];
  const secretKey = env[ENV_SECRET_KEY];
  if (secretId && secretKey) {
    const token = env[ENV_SECURITY_TOKEN];
    return token ? { secretId, secretKey, securityToken: token } : { secretId, secretKey };
  }
  throw new CosCredentialsError(tried, "no SecretId/SecretKey found (both must be non-empty)");
}
