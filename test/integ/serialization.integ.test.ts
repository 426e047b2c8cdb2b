/**
 * What `new Bucket(…)` & co. write into state: the serialised provider (`__provider`) and the other inputs, taken
 * from the BUILT package (dist/) under Pulumi mocks (LESSONS.md §1 G/H, §2; STYLE.md §4, §8).
 *
 * The `__provider` must be small, must reach the implementation only through `require("pulumi-tencent-cos/provider")`
 * (the dynamic-provider process resolves it from the Pulumi project directory, so a relative or absolute path would
 * break or bloat it), and must not capture a credential, whether the credential sits in the environment or in the
 * stack configuration.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { DIST_SDK, REPO_ROOT, type Registration, runUnderMocks, valueOf } from "../helpers/pulumiMocks";

const PACKAGE_REQUIRE = 'require("pulumi-tencent-cos/provider")';
/**
 * "A few KB": loaded from this checkout (not under node_modules, like a symlinked install) the shim's methods are
 * captured by value, ~2.6 KB per resource; anything else captured by value (a client, a parser, a module) is far more.
 * Installed under node_modules it is ~350 bytes (test/integ/installedProvider.integ.test.ts).
 */
const MAX_PROVIDER_BYTES = 4096;
const APP_ID = "1250000000";

const tag = randomBytes(6).toString("hex");
/** Distinctive values that must never reach state. */
const MARKERS = {
  envSecretId: `AKIDenvMarker${tag}`,
  envSecretKey: `envSecretKeyMarker${tag}`,
  envToken: `envTokenMarker${tag}`,
  configSecretId: `AKIDconfigMarker${tag}`,
  configSecretKey: `configSecretKeyMarker${tag}`,
  configToken: `configTokenMarker${tag}`,
};
const ENV_NAMES = ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SECURITY_TOKEN"] as const;

/** Each sdk class's token (`pulumi-nodejs:dynamic/cos:<Class>`) → the kind its shim must name. */
const KINDS: Record<string, string> = {
  Bucket: "bucket",
  BucketCors: "bucketCors",
  BucketLifecycle: "bucketLifecycle",
  BucketPolicy: "bucketPolicy",
  Replication: "replication",
  Website: "website",
  BucketLogging: "bucketLogging",
  BucketReferer: "bucketReferer",
  BucketObject: "bucketObject",
  BucketAcceleration: "bucketAcceleration",
  BucketDomain: "bucketDomain",
  BucketInventory: "bucketInventory",
  SyncedFolder: "syncedFolder",
};

/** `readonly x: pulumi.Output<…>` members of every dynamic resource class declared in dist/sdk/*.d.ts. */
function declaredOutputs(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of fs.readdirSync(DIST_SDK).filter((f) => f.endsWith(".d.ts"))) {
    const text = fs.readFileSync(path.join(DIST_SDK, file), "utf8");
    for (const m of text.matchAll(/export declare class (\w+) extends CosResource \{([\s\S]*?)\n\}/g)) {
      out.set(m[1], [...m[2].matchAll(/^\s*readonly (\w+): pulumi\.Output</gm)].map((x) => x[1]));
    }
  }
  return out;
}

/**
 * Counts @pulumi/pulumi's closure serialisations. dynamic/index.js loads this module on demand and calls
 * `sc.serializeFunction` through the module object, so wrapping the export sees every serialisation.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the library's internal module, on purpose
const closureModule = require("@pulumi/pulumi/runtime/closure/serializeClosure") as { serializeFunction: (...a: unknown[]) => unknown };
const serialised: unknown[] = [];
const realSerializeFunction = closureModule.serializeFunction;
closureModule.serializeFunction = (...args: unknown[]) => {
  serialised.push(args[0]);
  return realSerializeFunction(...args);
};

const classOf = (r: Registration): string => r.type.slice(r.type.lastIndexOf(":") + 1);
const providerOf = (r: Registration): string => r.inputs.__provider as string;

describe("serialised provider and inputs of the built sdk (dist/) under mocks", () => {
  const savedEnv: Partial<Record<(typeof ENV_NAMES)[number], string>> = {};
  const outputsByClass = declaredOutputs();
  let registrations: Registration[];
  let resources: Record<string, pulumi.CustomResource>;

  beforeAll(async () => {
    // Set before dist/sdk is loaded, so that even a module-load-time read of the environment would be caught.
    for (const k of ENV_NAMES) savedEnv[k] = process.env[k];
    process.env.TENCENTCLOUD_SECRET_ID = MARKERS.envSecretId;
    process.env.TENCENTCLOUD_SECRET_KEY = MARKERS.envSecretKey;
    process.env.TENCENTCLOUD_SECURITY_TOKEN = MARKERS.envToken;

    const run = await runUnderMocks(
      (sdk) => {
        const bucket = new sdk.Bucket("assets", {
          name: "assets",
          appId: APP_ID,
          region: "ap-guangzhou",
          acl: "private",
          tags: { team: "web", env: "prod" },
          versioning: "Enabled",
          encryption: { algorithm: "AES256" },
          forceDestroy: true,
        });
        const replica = new sdk.Bucket("replica", { bucket: `assets-replica-${APP_ID}`, region: "ap-shanghai", versioning: "Enabled" });
        const on = { bucket: bucket.bucket, region: bucket.region };
        return {
          bucket,
          replica,
          cors: new sdk.BucketCors("assets-cors", {
            ...on,
            rules: [
              { id: "site", allowedOrigins: ["https://www.example.com"], allowedMethods: ["GET", "HEAD"], allowedHeaders: ["*"], exposeHeaders: ["ETag"], maxAgeSeconds: 600 },
              { allowedOrigins: ["*"], allowedMethods: ["GET"] },
            ],
          }),
          lifecycle: new sdk.BucketLifecycle("assets-lifecycle", {
            ...on,
            rules: [
              { id: "logs", filter: { prefix: "logs/" }, transitions: [{ days: 30, storageClass: "STANDARD_IA" }], expiration: { days: 365 } },
              { id: "uploads", abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
            ],
          }),
          policy: new sdk.BucketPolicy("assets-policy", {
            ...on,
            policy: bucket.resourceName.apply((rn) => ({
              version: "2.0" as const,
              statement: [{ Effect: "allow" as const, Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Action: ["name/cos:GetObject"], Resource: [`${rn}/public/*`] }],
            })),
          }),
          replication: new sdk.Replication("assets-replication", {
            ...on,
            role: "qcs::cam::uin/100000000001:uin/100000000001",
            rules: [{ id: "all", prefix: "", destination: { bucket: replica.bucket, region: replica.region, storageClass: "STANDARD_IA" } }],
          }),
          website: new sdk.Website("assets-website", {
            ...on,
            indexDocument: "index.html",
            errorDocument: "404.html",
            routingRules: [{ condition: { httpErrorCodeReturnedEquals: 404 }, redirect: { replaceKeyWith: "404.html" } }],
          }),
          logging: new sdk.BucketLogging("assets-logging", { ...on, targetBucket: replica.bucket, targetPrefix: "access/" }),
          referer: new sdk.BucketReferer("assets-referer", { ...on, refererType: "White-List", domains: ["*.example.com"], emptyReferer: "Allow" }),
          object: new sdk.BucketObject("assets-index", { ...on, key: "index.html", content: "<h1>hello</h1>", cacheControl: "max-age=60" }),
          folder: new sdk.SyncedFolder("assets-site", { ...on, path: "www", prefix: "site/" }),
          acceleration: new sdk.BucketAcceleration("assets-acceleration", { ...on }),
          domain: new sdk.BucketDomain("assets-domain", { ...on, rules: [{ name: "static.example.com", type: "REST" }] }),
          inventory: new sdk.BucketInventory("assets-inventory", {
            ...on,
            inventoryId: "daily",
            destination: { bucket: replica.bucket, region: "ap-shanghai", prefix: "inventory/" },
            frequency: "Daily",
          }),
        };
      },
      {
        config: {
          "tencentcloud:secretId": MARKERS.configSecretId,
          "tencentcloud:secretKey": MARKERS.configSecretKey,
          "tencentcloud:securityToken": MARKERS.configToken,
          "tencentcloud:region": "ap-guangzhou",
          "cos:appId": APP_ID,
        },
        secretKeys: ["tencentcloud:secretKey", "tencentcloud:securityToken"],
        // What the provider would compute: the bucket name from name + appId, and a distinct value for every other
        // declared output the program did not set, so that each output's value can be traced back.
        outputs: (type, _name, inputs) => {
          const cls = type.slice(type.lastIndexOf(":") + 1);
          const computed: Record<string, unknown> = {};
          for (const k of outputsByClass.get(cls) ?? []) if (inputs[k] === undefined) computed[k] = `computed:${cls}.${k}`;
          if (cls === "Bucket" && inputs.bucket === undefined) computed.bucket = `${String(inputs.name)}-${String(inputs.appId)}`;
          return computed;
        },
      },
    );
    registrations = run.registrations;
    resources = run.resources;
  });

  afterAll(() => {
    closureModule.serializeFunction = realSerializeFunction;
    for (const k of ENV_NAMES) {
      if (savedEnv[k] === undefined) delete process.env[k];
      else process.env[k] = savedEnv[k];
    }
  });

  test("every resource kind was registered, with a string __provider each", () => {
    expect([...new Set(registrations.map(classOf))].sort()).toEqual(Object.keys(KINDS).sort());
    // Every dynamic resource class of dist/sdk is in KINDS (a new class must be added to KINDS and to the program).
    expect([...outputsByClass.keys()].sort()).toEqual(Object.keys(KINDS).sort());
    for (const r of registrations) expect(typeof r.inputs.__provider).toBe("string");
    const sizes = registrations.map((r) => `${r.type} (${r.name}): ${Buffer.byteLength(providerOf(r))} bytes`);
    console.log(`__provider sizes:\n  ${sizes.join("\n  ")}`);
  });

  test.each(Object.entries(KINDS))("%s: __provider is small and requires the implementation by package name only", (cls, kind) => {
    const regs = registrations.filter((r) => classOf(r) === cls);
    expect(regs.length).toBeGreaterThan(0);
    for (const r of regs) {
      const text = providerOf(r);
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_PROVIDER_BYTES);
      expect(text).toContain(PACKAGE_REQUIRE);
      // Every require in the serialised code is that one: no relative path (captured by value or unresolvable in the
      // provider process), no absolute path of this checkout, no other module pulled in.
      const required = [...text.matchAll(/\brequire\s*\(\s*(["'`])([^"'`]*)\1\s*\)/g)].map((m) => m[2]);
      expect([...new Set(required)]).toEqual(["pulumi-tencent-cos/provider"]);
      expect(text).not.toContain(REPO_ROOT);
      expect(text).not.toMatch(/dist[\\/](sdk|provider)/);
      // The shim names its own kind, so that e.g. a BucketCors never runs the Bucket implementation.
      expect(text).toContain(`__provider.kind = ${JSON.stringify(kind)};`);
      for (const other of Object.values(KINDS).filter((k) => k !== kind)) expect(text).not.toContain(JSON.stringify(other));
    }
    // Deterministic: two resources of one kind store the same text (the provider host caches by this string).
    expect(new Set(regs.map(providerOf)).size).toBe(1);
  });

  test("one provider object per kind: each kind is serialised once, however many resources use it", () => {
    // 7 resources of 6 kinds (two Buckets). A new provider object per resource defeats @pulumi/pulumi's per-object
    // cache and serialises all 7 (at 1,101 resources, preview took 25 s instead of 10 s: LESSONS.md §5).
    expect(registrations.filter((r) => classOf(r) === "Bucket")).toHaveLength(2);
    expect(serialised).toHaveLength(Object.keys(KINDS).length);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built module, on purpose
    const { shim } = require(path.join(DIST_SDK, "shim.js")) as { shim: (kind: string) => object };
    for (const kind of Object.values(KINDS)) expect(shim(kind)).toBe(shim(kind));
    expect(new Set(Object.values(KINDS).map((k) => shim(k))).size).toBe(Object.keys(KINDS).length);
  });

  test("no credential from the environment or the stack config appears in any input of any resource", () => {
    expect(registrations.length).toBe(Object.keys(KINDS).length + 1); // one resource of each kind, plus the replica bucket;
    for (const r of registrations) {
      const everything = JSON.stringify(r.inputs);
      for (const [what, marker] of Object.entries(MARKERS)) {
        const at = everything.indexOf(marker);
        if (at >= 0) throw new Error(`${r.type} ${r.name}: the ${what} marker is in its inputs: …${everything.slice(Math.max(0, at - 160), at + marker.length + 40)}…`);
      }
    }
    // The markers were really visible to the program, so the absence above means something.
    expect(process.env.TENCENTCLOUD_SECRET_KEY).toBe(MARKERS.envSecretKey);
    expect(new pulumi.Config("tencentcloud").require("secretKey")).toBe(MARKERS.configSecretKey);
  });

  test("every declared output of every class is an Output carrying the engine's value", async () => {
    for (const [key, resource] of Object.entries(resources)) {
      const urn = await valueOf(resource.urn);
      const reg = registrations.find((r) => urn.endsWith(`::${r.name}`));
      expect(reg).toBeDefined();
      const cls = classOf(reg!);
      const declared = outputsByClass.get(cls) ?? [];
      expect(declared.length).toBeGreaterThan(0);
      for (const out of declared) {
        const o = (resource as unknown as Record<string, unknown>)[out];
        if (!pulumi.Output.isInstance(o)) throw new Error(`${cls}.${out} (${key}) is not an Output: declared in the sdk but not a key of its props`);
        await expect(valueOf(o)).resolves.toEqual(reg!.state[out]);
      }
    }
    // The example the issue names: the website endpoint is computed by the provider, never set by the program.
    const website = resources.website as unknown as { websiteEndpoint: pulumi.Output<string> };
    await expect(valueOf(website.websiteEndpoint)).resolves.toBe("computed:Website.websiteEndpoint");
    const bucket = resources.bucket as unknown as { bucket: pulumi.Output<string>; endpoint: pulumi.Output<string> };
    await expect(valueOf(bucket.bucket)).resolves.toBe(`assets-${APP_ID}`);
    // Outputs flow into the configuration resources' inputs (what a real program wires).
    const cors = registrations.find((r) => classOf(r) === "BucketCors");
    expect(cors?.inputs).toMatchObject({ bucket: `assets-${APP_ID}`, region: "ap-guangzhou" });
  });
});
