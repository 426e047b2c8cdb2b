/**
 * The server's rule: it never imports provider (or sdk) code, so it judges our client by the COS documents, not
 * by the client's own assumptions — and, shipped as `pulumi-tencent-cos/testing` and `cos-local`, it may use only
 * Node built-ins and the package's runtime dependencies. Walks the import graph from both entry points.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const SERVER = path.join(ROOT, "test", "cos-server");
const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };

function resolveLocal(from: string, spec: string): string {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, "index.ts"), base]) {
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      // try the next form
    }
  }
  throw new Error(`cannot resolve ${spec} from ${from}`);
}

/** Every module reachable from `entry` by static import/export/require, and every bare specifier they name. */
function graph(entry: string): { files: Set<string>; bare: Set<string> } {
  const files = new Set<string>();
  const bare = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const src = readFileSync(file, "utf8");
    const specs = [...src.matchAll(/(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|import\s+["']([^"']+)["']|require\(\s*["']([^"']+)["']\s*\)|import\(\s*["']([^"']+)["']\s*\)/g)].map(
      (m) => m[1] ?? m[2] ?? m[3] ?? m[4],
    );
    for (const spec of specs) {
      if (spec.startsWith(".")) todo.push(resolveLocal(file, spec));
      else bare.add(spec);
    }
  }
  return { files, bare };
}

describe.each(["index.ts", "main.ts"])("the local COS server's import graph from %s", (entry) => {
  const { files, bare } = graph(path.join(SERVER, entry));

  it("stays inside test/cos-server and reaches no test or test helper", () => {
    expect(files.size).toBeGreaterThan(10);
    const outside = [...files].filter((f) => !f.startsWith(SERVER + path.sep));
    expect(outside).toEqual([]);
    expect([...files].filter((f) => /\.test\.ts$|testkit\.ts$/.test(f))).toEqual([]);
  });

  it("uses only Node built-ins and runtime dependencies", () => {
    const allowed = (s: string) => s.startsWith("node:") || Object.keys(pkg.dependencies).some((d) => s === d || s.startsWith(`${d}/`));
    expect([...bare].filter((s) => !allowed(s))).toEqual([]);
    expect([...bare].some((s) => s.startsWith("node:"))).toBe(true);
  });
});
