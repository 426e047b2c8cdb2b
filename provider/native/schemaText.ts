/**
 * The schema the provider serves (GetSchema): provider/native/schema.json, generated from the sdk classes by
 * scripts/gen-schema.ts at build time, with this package's version. @internal
 * @packageDocumentation
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The package version (package.json is two levels up from provider/native, in the source tree and in dist/). */
export const VERSION: string = (() => {
  for (const up of ["../..", "../../.."]) {
    const p = path.join(__dirname, up, "package.json");
    if (fs.existsSync(p)) return (JSON.parse(fs.readFileSync(p, "utf8")) as { version: string }).version;
  }
  return "0.0.0";
})();

let cached: string | undefined;

/** schema.json beside this module (the build copies it into dist/provider/native). */
export function schemaText(): string {
  if (cached === undefined) {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "schema.json"), "utf8")) as Record<string, unknown>;
    cached = JSON.stringify({ ...schema, version: VERSION });
  }
  return cached;
}
