/**
 * What the native provider's e2e tests need beyond test/e2e/harness.ts: the Pulumi YAML language host on PATH
 * (scripts/pulumi-language-yaml.sh: an install on PATH, a cached build, or a build from the Go module proxy), and
 * the native provider's connection config keys.
 */
import * as path from "node:path";
import { REPO_ROOT, run } from "./harness";

let yamlDir: Promise<string> | undefined;

/** Puts `pulumi-language-yaml` first on this process's PATH (the harness hands process.env to every command). */
export function ensureYamlHost(): Promise<string> {
  yamlDir ??= run("bash", [path.join(REPO_ROOT, "scripts", "pulumi-language-yaml.sh")], { cwd: REPO_ROOT, timeoutMs: 20 * 60_000 }).then((r) => {
    const dir = r.stdout.trim().split("\n").pop() ?? "";
    if (r.code !== 0 || !dir) throw new Error(`scripts/pulumi-language-yaml.sh could not provide pulumi-language-yaml.\n${r.stderr}`);
    process.env.PATH = `${dir}${path.delimiter}${process.env.PATH ?? ""}`;
    return dir;
  });
  return yamlDir;
}

/** The native provider reads its own namespace of stack config (the engine passes it no other). */
export const NATIVE_KEYS = {
  endpoint: "tencentcos:endpoint",
  appId: "tencentcos:appId",
  region: "tencentcos:region",
  secretId: "tencentcos:secretId",
  secretKey: "tencentcos:secretKey",
} as const;
