/**
 * The package as npm installs it with `install-links` (like the examples' .npmrc), for the benchmarks and
 * test/integ/installedProvider.integ.test.ts: package.json and its `files` copied to `dir`
 * (…/node_modules/pulumi-tencent-cos), the dependencies resolving through a link to the repo's node_modules. Benchmarks measure this, not a symlink to the checkout: a symlink under the project's node_modules
 * now stores the same `require` (sdk/linkedInstall.ts), but the benchmark's project links the repo's whole
 * node_modules, where no such link exists, so the shim's methods would be captured by value (≈ 2.6 KB per resource).
 */
import * as fs from "node:fs";
import * as path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

export function installCopy(dir: string): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { files: string[] };
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(REPO_ROOT, "package.json"), path.join(dir, "package.json"));
  for (const entry of manifest.files) {
    if (fs.existsSync(path.join(REPO_ROOT, entry))) fs.cpSync(path.join(REPO_ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
}
