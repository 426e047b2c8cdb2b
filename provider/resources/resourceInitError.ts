/**
 * A create that did real work before failing (the bucket exists, configuring it failed). The dynamic-provider host
 * turns an error carrying `id` into a partial-failure response (ErrorResourceInitFailed), so the engine keeps the
 * resource in state with `properties` instead of forgetting a live bucket. `properties` must include `__provider`,
 * or the resource could never be refreshed or deleted (LESSONS.md §2). @internal
 */
export class ResourceInitError extends Error {
  override readonly name = "ResourceInitError";
  constructor(readonly id: string, readonly properties: Record<string, unknown>, readonly reasons: string[]) {
    super(reasons.join("; "));
  }
}
