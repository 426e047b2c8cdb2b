/**
 * PUT/GET/DELETE Bucket policy (digest §5.15). The policy is JSON text, passed through unchanged: COS rewrites
 * it (adds `Sid`, reorders keys), so comparison is the provider's job (semantic diff, LESSONS §5).
 * @packageDocumentation
 */

/** Content-Type of a policy body ([DECISION] digest §5.15.1). */
export const POLICY_CONTENT_TYPE = "application/json";

/** Validates that `policyJson` is a JSON object before sending it; returns it unchanged. */
export function policyToBody(policyJson: string): string {
  const parsed: unknown = JSON.parse(policyJson);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new TypeError("bucket policy must be a JSON object");
  }
  return policyJson;
}

/** The policy text of a GET ?policy response; `undefined` for an empty body. */
export function policyFromBody(body: string): string | undefined {
  return body.trim() === "" ? undefined : body;
}
