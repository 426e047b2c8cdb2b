/**
 * Errors as users see them (issue 10 "Messages and inputs"). The dynamic-provider host prints `${e}: ${e.stack}` for a
 * failed read, delete, check or diff, so an error that leaves here carries no Node stack trace; and a refresh or
 * destroy that fails because the provider configuration saved in the stack is out of date says so. @internal
 * @packageDocumentation
 */
import { isCosError, isCosServiceError, networkCode } from "../cos/errors";

/** Signature/key answers after which the saved keys are the likely cause (a rotated or deleted key). */
const KEY_CODES = ["SignatureDoesNotMatch", "InvalidAccessKeyId", "InvalidSecretId", "ExpiredToken", "InvalidToken"];
/** Connection failures after which the saved `cos:endpoint` is the likely cause. */
const ENDPOINT_CODES = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"];

/** The hint for a refresh/destroy that ran with the provider configuration of the last update. */
export const STALE_CONFIG_HINT =
  "The provider configuration stored in the stack by the last `pulumi up` may be stale: `pulumi refresh` and " +
  "`pulumi destroy` use it rather than the current stack config. If you rotated keys or changed `cos:endpoint`, " +
  "run the command again with `--run-program`.";

/** True when `e` points at stale keys or a stale endpoint. */
export function looksStale(e: unknown): boolean {
  if (isCosServiceError(e)) return KEY_CODES.includes(e.code);
  if (isCosError(e) && e.name !== "CosNetworkError") return false;
  const code = networkCode(e);
  return code !== undefined && ENDPOINT_CODES.includes(code);
}

/** A copy of `e` fit to show: its message (plus the stale-configuration hint where it applies), no stack. */
export function forUser(e: unknown, opts: { staleHint?: boolean } = {}): Error {
  const message = e instanceof Error ? e.message : String(e);
  const out = e instanceof Error ? e : new Error(message);
  if (opts.staleHint && looksStale(e) && !message.includes("--run-program")) out.message = `${message}\n${STALE_CONFIG_HINT}`;
  // The host prints `${e}: ${e.stack}`: with an empty stack that is the message alone.
  Object.defineProperty(out, "stack", { value: "", configurable: true, writable: true });
  return out;
}

/** Runs `fn`; a failure leaves as {@link forUser}. */
export async function userFacing<T>(fn: () => Promise<T>, opts: { staleHint?: boolean } = {}): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw forUser(e, opts);
  }
}
