/**
 * Entry point of the `pulumi-resource-tencentcos` executable (bin/): serve until the engine kills the process.
 * The engine passes its address first; `-v=<n>`, `--logtostderr` and `--tracing <url>` are accepted and ignored
 * (nothing here logs property values). @internal
 * @packageDocumentation
 */
import { serve } from "./server";

export async function main(): Promise<void> {
  // A stray rejection must not kill the plugin mid-deployment; every call already answers its own errors.
  process.on("unhandledRejection", (e) => process.stderr.write(`tencentcos: unhandled rejection: ${e instanceof Error ? e.message : String(e)}\n`));
  await serve();
}
