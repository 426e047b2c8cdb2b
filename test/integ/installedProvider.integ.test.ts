/**
 * The package as a user installs it, copied (package.json `files` under `node_modules`) or linked (`npm link`, a
 * workspace: a symlink under `node_modules` to a checkout elsewhere, sdk/linkedInstall.ts): what `new Bucket(…)` &
 * co. store as `__provider` there, and the REAL dynamic-provider host running both that text and the text earlier
 * versions stored (test/integ/fixtures/oldShimProvider.json) against the local COS server (issue 15; LESSONS.md §2,
 * §5).
 *
 * Either way, the shim's prototype module (sdk/shimMethods.ts) is serialised as a `require` of its exported subpath,
 * so `__provider` is a few hundred bytes instead of the methods' source. State written by the old shim must still
 * refresh, update and delete with the new package.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { startCosServer } from "../cos-server";
import {
  diffChangesName,
  dynamicUrn,
  fromStruct,
  PULUMI_DIR,
  REPO_ROOT,
  requests,
  startProviderHost,
  type ProviderHost,
  type ProviderMethod,
  type ProviderMethods,
} from "../helpers/providerHost";
import OLD from "./fixtures/oldShimProvider.json";
import { installCopy } from "../helpers/installCopy";

jest.setTimeout(90_000);

type Props = Record<string, unknown>;
const REGION = "ap-guangzhou";
const MODULE = "pulumi-tencent-cos/dist/sdk/shimMethods.js";

/**
 * A project directory with the package installed the way npm does with `install-links` (a copy of its `files`), or
 * linked (`npm link`, a workspace: `node_modules/pulumi-tencent-cos` is a symlink to a checkout elsewhere).
 */
function installedProject(layout: "copied" | "linked"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pulumi-tencent-cos-${layout}-`));
  const pkg = path.join(dir, "node_modules", "pulumi-tencent-cos");
  // Its dependencies (undici, @pulumi/pulumi, …) resolve from inside the copy as npm's nesting or hoisting would.
  if (layout === "copied") installCopy(pkg);
  else {
    const checkout = path.join(dir, "checkout", "pulumi-tencent-cos");
    installCopy(checkout);
    fs.mkdirSync(path.dirname(pkg), { recursive: true });
    fs.symlinkSync(checkout, pkg, "dir");
  }
  fs.mkdirSync(path.join(dir, "node_modules", "@pulumi"));
  fs.symlinkSync(PULUMI_DIR, path.join(dir, "node_modules", "@pulumi", "pulumi"), "dir");
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: installed-test\nruntime: nodejs\n");
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "installed-test", private: true }));
  return dir;
}

/**
 * Runs a program in a plain `node` in the project (as the language host would: the package from its node_modules),
 * under Pulumi mocks, and returns each resource's registered inputs by name.
 */
async function registeredInputs(dir: string, bucketName: string): Promise<Record<string, { type: string; inputs: Props }>> {
  const program = `
    const pulumi = require("@pulumi/pulumi");
    (async () => {
      const got = {};
      await pulumi.runtime.setMocks({
        newResource: (a) => { got[a.name] = { type: a.type, inputs: a.inputs }; return { id: a.name + "-id", state: a.inputs }; },
        call: (a) => a.inputs,
      }, "installed-test", "test", false, "organization");
      const sdk = require("pulumi-tencent-cos");
      const b = new sdk.Bucket("bucket", { bucket: ${JSON.stringify(bucketName)}, region: ${JSON.stringify(REGION)} });
      const on = { bucket: b.bucket, region: b.region };
      const made = [b,
        new sdk.BucketCors("cors", { ...on, rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"], maxAgeSeconds: 60 }] }),
        new sdk.Website("website", { ...on, indexDocument: "index.html" })];
      await Promise.all(made.map((r) => new Promise((resolve) => r.id.apply(resolve))));
      process.stdout.write(JSON.stringify(got));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const { stdout } = await promisify(execFile)(process.execPath, ["-e", program], { cwd: dir, env: { ...process.env, PULUMI_NODEJS_PROJECT: undefined } });
  return JSON.parse(stdout) as Record<string, { type: string; inputs: Props }>;
}

describe.each(["copied", "linked"] as const)("the %s package: a small __provider, and old state still served by the real provider host", (layout) => {
  const secretKey = `sk-installed-${randomBytes(12).toString("hex")}`;
  const suffix = randomBytes(3).toString("hex");
  let server: Awaited<ReturnType<typeof startCosServer>>;
  let dir: string;
  let host: ProviderHost | undefined;
  let appId: string;
  let registered: Record<string, { type: string; inputs: Props }>;

  async function call<M extends ProviderMethod>(method: M, request: ProviderMethods[M][0]): Promise<ProviderMethods[M][1]> {
    try {
      return await host!.call(method, request);
    } catch (e) {
      throw new Error(`${method} failed: ${(e as Error).message}\n--- host stderr ---\n${host!.stderr()}`, { cause: e });
    }
  }
  async function checkOk(urn: string, olds: Props, news: Props): Promise<Props> {
    const res = await call("check", requests.check(urn, olds, news));
    expect(res.getFailuresList().map((f) => f.toObject())).toEqual([]);
    return fromStruct(res.getInputs());
  }

  beforeAll(async () => {
    server = await startCosServer({ accounts: [{ secretKey }] });
    appId = server.accounts[0].appId;
    dir = installedProject(layout);
    registered = await registeredInputs(dir, `inst-${suffix}-${appId}`);
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TENCENTCLOUD_")));
    host = await startProviderHost(dir, { env });
    await call(
      "configure",
      requests.configureLocal(server, secretKey, REGION),
    );
  });

  afterAll(async () => {
    await host?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    await server?.close();
  });

  test.each([
    ["bucket", "bucket"],
    ["cors", "bucketCors"],
    ["website", "website"],
  ])("%s: __provider is Object.create(require(the shim's subpath)) plus the kind, nothing else", (name, kind) => {
    const text = registered[name].inputs.__provider as string;
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(400);
    expect(text).toContain(`var __provider = Object.create(require(${JSON.stringify(MODULE)}));\n__provider.kind = ${JSON.stringify(kind)};`);
    const required = [...text.matchAll(/\brequire\s*\(\s*(["'`])([^"'`]*)\1\s*\)/g)].map((m) => m[2]);
    expect(required).toEqual([MODULE]);
    expect(text).not.toContain(dir);
    expect(text).not.toContain(REPO_ROOT);
    // The old text is ~2.4 KB: the shim's seven closures.
    expect(Buffer.byteLength(OLD.bucketCors)).toBeGreaterThan(2000);
  });

  test("a new resource: check, create, read, diff, delete through the new text", async () => {
    const urn = dynamicUrn("Bucket", "bucket", "test", "installed-test");
    const news = registered.bucket.inputs;
    const inputs = await checkOk(urn, {}, news);
    const created = await call("create", requests.create(urn, inputs));
    const outs = fromStruct(created.getProperties());
    expect(outs.__provider).toBe(news.__provider);
    expect(server.state.getBucket(created.getId())).toBeDefined();
    const read = await call("read", requests.read(created.getId(), urn, outs, inputs));
    expect(fromStruct(read.getProperties())).toEqual(outs);
    expect(diffChangesName((await call("diff", requests.diff(created.getId(), urn, outs, inputs, inputs))).getChanges())).toBe("none");
    await call("delete", requests.delete(created.getId(), urn, outs, inputs));
    expect(server.state.getBucket(created.getId())).toBeUndefined();
  });

  test("a resource deployed with the old text: refresh, no diff, update to the new text, delete", async () => {
    const bucketName = `inst-old-${suffix}-${appId}`;
    const bucketUrn = dynamicUrn("Bucket", "old", "test", "installed-test");
    const corsUrn = dynamicUrn("BucketCors", "old-cors", "test", "installed-test");
    const corsNews = registered.cors.inputs;
    // As the old package deployed them: every input and output carries the old text.
    const bucketIn = await checkOk(bucketUrn, {}, { ...registered.bucket.inputs, bucket: bucketName, __provider: OLD.bucket });
    const bucketOuts = fromStruct((await call("create", requests.create(bucketUrn, bucketIn))).getProperties());
    const corsIn = await checkOk(corsUrn, {}, { ...corsNews, bucket: bucketName, __provider: OLD.bucketCors });
    const corsOuts = fromStruct((await call("create", requests.create(corsUrn, corsIn))).getProperties());
    expect([bucketOuts.__provider, corsOuts.__provider]).toEqual([OLD.bucket, OLD.bucketCors]);

    // Refresh: the old text reads the live configuration back unchanged.
    const read = await call("read", requests.read(bucketName, corsUrn, corsOuts, corsIn));
    expect(fromStruct(read.getProperties())).toEqual(corsOuts);

    // The new package's program: the same inputs with the new text are no change; a changed rule is an update.
    const sameIn = await checkOk(corsUrn, corsIn, { ...corsNews, bucket: bucketName });
    expect(sameIn.__provider).toBe(corsNews.__provider);
    expect(diffChangesName((await call("diff", requests.diff(bucketName, corsUrn, corsOuts, sameIn, corsIn))).getChanges())).toBe("none");
    const rules = [{ allowedOrigins: ["*"], allowedMethods: ["GET"], maxAgeSeconds: 120 }];
    const changedIn = await checkOk(corsUrn, corsIn, { ...corsNews, bucket: bucketName, rules });
    const diff = await call("diff", requests.diff(bucketName, corsUrn, corsOuts, changedIn, corsIn));
    expect([diffChangesName(diff.getChanges()), diff.getReplacesList()]).toEqual(["some", []]);
    const updated = fromStruct((await call("update", requests.update(bucketName, corsUrn, corsOuts, changedIn, corsIn))).getProperties());
    expect(updated.__provider).toBe(corsNews.__provider);
    expect(JSON.stringify(server.state.getConfig(bucketName, "cors"))).toContain("120");

    // Delete: the CORS through the new text, the bucket through the old one (its outputs were never rewritten).
    await call("delete", requests.delete(bucketName, corsUrn, updated, changedIn));
    expect(server.state.getConfig(bucketName, "cors")).toBeUndefined();
    await call("delete", requests.delete(bucketName, bucketUrn, bucketOuts, bucketIn));
    expect(server.state.getBucket(bucketName)).toBeUndefined();
  });
});
