/**
 * A linked install: `npm link`, a workspace package, a `file:` dependency installed as a link. Node loads this
 * package from its real path, outside any `node_modules`, and `@pulumi/pulumi`'s closure serialiser names a module
 * by its path in `require.cache` relative to the working directory (runtime/closure/createClosure.js,
 * findNormalizedModuleNameAsync): outside `node_modules` it captures the module by value. For sdk/shimMethods.ts
 * that is the source of seven methods in every resource's `__provider`, twice (≈ 2.6 KB), instead of a `require`
 * (≈ 350 bytes).
 *
 * When the program's directory, or one above it, has `node_modules/pulumi-tencent-cos` leading to this package's
 * real directory, {@link registerUnderLink} also enters the module in `require.cache` under that path, ahead of its
 * real path, so the serialiser finds it under `node_modules` first and stores
 * `require("pulumi-tencent-cos/dist/sdk/shimMethods.js")`, as for a copied install. The dynamic-provider process
 * resolves that `require` from the same project directory, through the same link, to the same file. Nothing else
 * changes: Node itself never looks the alias up (it caches by real path). Any failure leaves the cache as it was,
 * and the provider is then captured by value as before: larger, never broken. (pnpm's store is already under
 * `node_modules`; nothing is done there.)
 * @internal
 * @packageDocumentation
 */
import * as fs from "node:fs";
import * as path from "node:path";

const PACKAGE = "pulumi-tencent-cos";

/** The directory of the package.json named {@link PACKAGE} at or above `dir`. */
function packageRoot(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(d, "package.json"), "utf8")) as { name?: unknown };
      if (pkg.name === PACKAGE) return d;
    } catch {
      // no (readable) package.json here
    }
    if (path.dirname(d) === d) return undefined;
  }
}

/** `<ancestor of cwd>/node_modules/pulumi-tencent-cos` when it leads to `root`, the nearest first. */
function linkTo(root: string, cwd: string): string | undefined {
  const real = fs.realpathSync(root);
  for (let d = cwd; ; d = path.dirname(d)) {
    const candidate = path.join(d, "node_modules", PACKAGE);
    try {
      if (fs.realpathSync(candidate) === real) return candidate;
    } catch {
      // nothing installed here
    }
    if (path.dirname(d) === d) return undefined;
  }
}

/**
 * Registers the loaded module `file` (a real path) in `require.cache` also under the linked install's path, before
 * its real path. Returns that path, or `undefined` when nothing was needed or possible (already under
 * `node_modules`, not loaded, or no link above `cwd`).
 */
export function registerUnderLink(file: string, cwd = process.cwd()): string | undefined {
  try {
    if (file.split(path.sep).includes("node_modules")) return undefined;
    const mod = require.cache[file];
    const root = packageRoot(path.dirname(file));
    if (!mod || !root) return undefined;
    const link = linkTo(root, cwd);
    if (!link) return undefined;
    const alias = path.join(link, path.relative(root, file));
    // The serialiser takes the first entry whose exports match, in insertion order: the alias, then the real path.
    delete require.cache[file];
    require.cache[alias] = mod;
    require.cache[file] = mod;
    return alias;
  } catch {
    return undefined;
  }
}
