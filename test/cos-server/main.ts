#!/usr/bin/env node
/**
 * CLI, shipped as the `cos-local` bin (`npx cos-local …` in a project that installed the package) and in this
 * repository `npm run cos-server -- …`: `[--port P] [--host 127.0.0.1] [--data DIR] [--region R]
 *   [--secret-id ID --secret-key KEY] [--app-id APPID] [--no-verify]
 *   [--latency MS] [--skew-clock MS] [--hide-new-buckets MS] [--stale-reads MS] [--max-buckets N]`
 *
 * Prints exactly one JSON line `{"endpoint","appId","secretId","secretKey","region"}` on stdout — the
 * documented single exception to "never print credentials": they are the local-only defaults (or the
 * ones given on the command line) and work nowhere but this server. Serves until SIGINT/SIGTERM.
 * Further faults at run time: `POST <endpoint>/-/faults/<name>` (loopback only), see admin.ts.
 */
import { DEFAULT_REGION, startCosServer } from "./index";

function parseArgs(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}`);
    const eq = a.indexOf("=");
    if (eq > 0) out.set(a.slice(2, eq), a.slice(eq + 1));
    else if (a === "--no-verify") out.set("no-verify", "true");
    else {
      const v = argv[++i];
      if (v === undefined) throw new Error(`missing value for ${a}`);
      out.set(a.slice(2), v);
    }
  }
  return out;
}

function ms(args: Map<string, string>, name: string): number | undefined {
  const v = args.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number of milliseconds`);
  return n;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const region = args.get("region") ?? DEFAULT_REGION;
  const server = await startCosServer({
    port: Number(args.get("port") ?? "0"),
    host: args.get("host") ?? "127.0.0.1",
    dataDir: args.get("data"),
    region,
    verifySignatures: args.get("no-verify") !== "true",
    maxBucketsPerAccount: args.has("max-buckets") ? Number(args.get("max-buckets")) : undefined,
    accounts: [{ appId: args.get("app-id"), secretId: args.get("secret-id"), secretKey: args.get("secret-key") }],
  });
  const latency = ms(args, "latency");
  if (latency) server.faults.latency(latency);
  const skew = ms(args, "skew-clock");
  if (skew) server.faults.skewClock(skew);
  const hide = ms(args, "hide-new-buckets");
  if (hide) server.faults.hideNewBuckets(hide);
  const stale = ms(args, "stale-reads");
  if (stale) server.faults.staleReads(stale);
  const a = server.accounts[0];
  process.stdout.write(JSON.stringify({ endpoint: server.endpoint, appId: a.appId, secretId: a.secretId, secretKey: a.secretKey, region }) + "\n");
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => {
        // One line on stderr (stdout carries only the JSON banner) so supervisors can see a clean close.
        process.stderr.write("cos-server: closed\n");
        process.exit(0);
      },
      (err: unknown) => {
        process.stderr.write(`cos-server: close failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`cos-server: ${(err as Error).message ?? String(err)}\n`);
  process.exit(1);
});
