/**
 * Section 3 (child process: `setMocks` is process-global): the size of the serialised provider (`__provider`) that
 * Pulumi stores with every resource, for each of the six sdk classes of the *built* package (dist/sdk), captured
 * from the inputs the mock monitor receives. Prints one JSON line.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { resourceInputs } from "./fixtures";
import { REPO_ROOT } from "./serverProcess";
import { runMain } from "./main";

/** Per resource class. */
export interface SizeResult {
  type: string;
  providerBytes: number;
  /** The implementation is loaded by package name at call time (LESSONS §2), not captured by value. */
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
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built package, loaded after setMocks
  const sdk = require(path.join(REPO_ROOT, "dist", "sdk")) as Record<string, Ctor>;
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
    requiresPackageByName: p.includes('require("pulumi-tencent-cos/provider")') || p.includes("require('pulumi-tencent-cos/provider')"),
    containsRepoPath: p.includes(REPO_ROOT),
    head: p.slice(0, 160),
  }));
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

runMain("serializedSize", main);
