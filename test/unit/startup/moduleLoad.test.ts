/**
 * What a program and a provider process load at start (issue 15): every `pulumi` command starts both, so module load
 * is paid per command. The sdk must not load the provider's code (the COS client, XML, MIME tables) until a lookup or
 * SyncedFolderObjects needs it, and the provider must not load undici until its first request: a `pulumi preview`
 * without `--refresh` sends none. Each case runs in a fresh node process, so the module cache is really empty.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..", "..");

/** The repo-relative paths of the modules that `script` loaded beyond `@pulumi/pulumi`, in a fresh process. */
function loadedBy(script: string): string[] {
  const code = `
    require("@pulumi/pulumi");
    const before = new Set(Object.keys(require.cache));
    ${script};
    process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((k) => !before.has(k))));`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", code], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return (JSON.parse(r.stdout) as string[]).map((k) => path.relative(ROOT, k).split(path.sep).join("/"));
}

test("importing the sdk loads no provider code and no HTTP or XML library", () => {
  const loaded = loadedBy(`require("./sdk")`);
  expect(loaded.filter((k) => k.startsWith("sdk/")).length).toBeGreaterThan(5);
  expect(loaded.filter((k) => k.startsWith("provider/") || /node_modules\/(undici|fast-xml-parser|mime-types|mime-db)\//.test(k))).toEqual([]);
});

test("the provider loads undici only with its first connection pool", () => {
  const atStart = loadedBy(`require("./provider")`);
  expect(atStart).toContain("provider/index.ts");
  expect(atStart.filter((k) => k.includes("node_modules/undici/"))).toEqual([]);
  const afterPool = loadedBy(`require("./provider/cos/transport").poolFor("http://127.0.0.1:9")`);
  expect(afterPool.filter((k) => k.includes("node_modules/undici/")).length).toBeGreaterThan(0);
});

test("the first pool loads undici's pool and request API, not its index (mocks, caches, proxies, fetch)", () => {
  const undici = loadedBy(`require("./provider/cos/transport").poolFor("http://127.0.0.1:9")`).filter((k) => k.includes("node_modules/undici/"));
  expect(undici).toContain("node_modules/undici/lib/dispatcher/pool.js");
  expect(undici).toContain("node_modules/undici/lib/api/api-request.js");
  expect(undici).not.toContain("node_modules/undici/index.js");
  expect(undici.filter((k) => /\/lib\/(mock|cache|web)\//.test(k))).toEqual([]);
});

test("the provider loads the MIME table only with the first object's content type", () => {
  const mime = (k: string) => /node_modules\/(mime-types|mime-db)\//.test(k);
  expect(loadedBy(`require("./provider")`).filter(mime)).toEqual([]);
  const afterLookup = loadedBy(`if (require("./provider/resources/objectInputs").contentTypeFor("a/index.html") !== "text/html") process.exit(3)`);
  expect(afterLookup.filter(mime).length).toBeGreaterThan(0);
});
