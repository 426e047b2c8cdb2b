/**
 * Section 3 (child process: `setMocks` is process-global): the size of the serialised provider (`__provider`) that
 * Pulumi stores with every resource, for each of the six sdk classes of the *built* package (dist/sdk) installed as
 * npm installs it (a copy of its `files` under node_modules, not this checkout: from a checkout or a symlink the
 * closure serialiser captures the shim's methods by value, sdk/shimMethods.ts), captured from the inputs the mock
 * monitor receives. Prints one JSON line.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { resourceInputs } from "./fixtures";
import { installCopy } from "../helpers/installCopy";
import { REPO_ROOT } from "./serverProcess";
import { runMain } from "./main";

/** Per resource class. */
export interface SizeResult {
  type: string;
  providerBytes: number;
  /** Every `require` in it names this package (LESSONS §2): nothing captured by value, no path of this machine. */
  requiresPackageByName: boolean;
  /** This checkout's absolute path appears in it (a by-value capture of a local module would put it there). */
  containsRepoPath: boolean;
  /** The first bytes, to eyeball what was captured. */
  head: string;
}

type Ctor = new (name: string, args: Record<string, unknown>) => pulumi.CustomResource;

async function main(): Promise<void> {
  const captured = new Map<string, string>();
  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs) {
        const p: unknown = args.inputs.__provider;
        if (typeof p === "string") captured.set(args.type, p);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call(args: pulumi.runtime.MockCallArgs) {
        return args.inputs;
      },
    },
    "bench",
    "bench",
    false,
  );
  const installed = installTemp();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built package, loaded after setMocks
  const sdk = require(path.join(installed, "dist", "sdk")) as Record<string, Ctor>;
  const region = "ap-guangzhou";
  const appId = "1250000000";
  const bucket = `size-${appId}`;
  const dest = `size-dst-${appId}`;
  const inputs = resourceInputs(bucket, region, appId, dest);
  const made = [
    new sdk.Bucket("dst", resourceInputs(dest, region, appId, bucket).bucket),
    new sdk.Bucket("src", inputs.bucket),
    new sdk.BucketCors("cors", inputs.bucketCors),
    new sdk.BucketLifecycle("lifecycle", inputs.bucketLifecycle),
    new sdk.BucketPolicy("policy", inputs.bucketPolicy),
    new sdk.Replication("replication", inputs.replication),
    new sdk.Website("website", inputs.website),
  ];
  await Promise.all(made.map((r) => new Promise((resolve) => r.urn.apply(resolve))));
  const results: SizeResult[] = [...captured].map(([type, p]) => ({
    type,
    providerBytes: Buffer.byteLength(p, "utf8"),
    requiresPackageByName: requires(p).length > 0 && requires(p).every((r) => r.startsWith("pulumi-tencent-cos/")),
    containsRepoPath: p.includes(REPO_ROOT),
    head: p.slice(0, 160),
  }));
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

const requires = (text: string): string[] => [...text.matchAll(/\brequire\(\s*(["'`])([^"'`]*)\1\s*\)/g)].map((m) => m[2]);

/** A temporary node_modules/pulumi-tencent-cos holding the built package as npm installs it; removed at exit. */
function installTemp(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-size-"));
  process.on("exit", () => fs.rmSync(root, { recursive: true, force: true }));
  const dir = path.join(root, "node_modules", "pulumi-tencent-cos");
  installCopy(dir);
  return dir;
}

runMain("serializedSize", main);
