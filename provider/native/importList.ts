/**
 * `tencentcos-import-list`: writes the `pulumi import --file` document for every bucket of an account and every
 * configuration set on it, so a whole account comes under Pulumi with one `pulumi import --file <out> --yes`.
 *
 *   tencentcos-import-list [--out import.json] [--region <r>] [--endpoint <url>]
 *
 * Credentials and settings: TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY (/ TENCENTCLOUD_SECURITY_TOKEN), as for
 * the provider; `--region` lists one region only; `--endpoint` connects elsewhere (a local COS server). A
 * configuration is listed when the provider's own Read finds it live, so every configuration resource the provider
 * serves is covered without an edit here. @internal
 * @packageDocumentation
 */
import * as fs from "node:fs";
import { closeAllPools } from "../cos";
import { providerClient, setSettings } from "../config";
import { resources } from "../index";
import { type Kind, tokenOf } from "./kinds";

/** Kinds whose id is not the bucket (one resource per object): never listed. */
// Not one per bucket: objects and synced folders are content, not configuration; an inventory job is addressed by
// `<bucket>/<inventory id>` and is imported one at a time (`pulumi import tencentcos:index:BucketInventory …`).
const NOT_PER_BUCKET = new Set<string>(["bucketObject", "syncedFolder", "bucketInventory"]);

export interface ImportEntry {
  type: string;
  name: string;
  id: string;
}

/** `site-abc-1250000000` + `bucketCors` → `site-abc-cors`: a Pulumi name without the APPID, unique per bucket. */
export function entryName(bucket: string, kind: string): string {
  const base = bucket.replace(/-\d+$/, "");
  if (kind === "bucket") return base;
  const suffix = kind.replace(/^bucket/, "").replace(/^./, (c) => c.toLowerCase()).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return `${base}-${suffix}`;
}

/** The import entries of every bucket (in `region`, or all) and its live configurations. */
export async function listImports(opts: { region?: string } = {}): Promise<ImportEntry[]> {
  const buckets = await providerClient().getService(opts.region ? { region: opts.region } : {});
  const kinds = (Object.keys(resources) as Kind[]).filter((k) => k !== "bucket" && !NOT_PER_BUCKET.has(k));
  const entries: ImportEntry[] = [];
  for (const b of [...buckets].sort((x, y) => x.name.localeCompare(y.name))) {
    entries.push({ type: tokenOf("bucket"), name: entryName(b.name, "bucket"), id: b.name });
    for (const kind of kinds) {
      const r = await resources[kind].read(b.name, { bucket: b.name, region: b.location });
      if (r.id) entries.push({ type: tokenOf(kind), name: entryName(b.name, kind), id: b.name });
    }
  }
  return entries;
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write("usage: tencentcos-import-list [--out import.json] [--region <region>] [--endpoint <url>]\n");
    return;
  }
  const region = arg(argv, "--region") ?? process.env.TENCENTCLOUD_REGION;
  setSettings({ endpoint: arg(argv, "--endpoint"), region });
  try {
    const entries = await listImports({ region: arg(argv, "--region") });
    const text = `${JSON.stringify({ resources: entries }, null, 2)}\n`;
    const out = arg(argv, "--out");
    if (out) {
      fs.writeFileSync(out, text);
      process.stderr.write(`wrote ${entries.length} resources to ${out}: run \`pulumi import --file ${out}\`\n`);
    } else {
      process.stdout.write(text);
    }
  } finally {
    await closeAllPools();
  }
}
