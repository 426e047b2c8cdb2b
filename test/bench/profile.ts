/**
 * Profiling harness: ONE client on ONE operation against the local COS server process, with the V8 CPU profiler
 * (the same profiler as `node --cpu-prof`) switched on only for the measured window — after warm-up, so module
 * loading, tsx compilation and JIT warm-up do not pollute the profile. Writes a `.cpuprofile` (open it in Chrome
 * DevTools or summarise it with profileSummary.ts).
 *
 *   node --import tsx test/bench/profile.ts [client=ours] [op=getBucketCors] [concurrency=16] [ms=5000]
 *   node --import tsx test/bench/profileSummary.ts test/bench/results/profile-ours-getBucketCors.cpuprofile
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import * as path from "node:path";
import { CLIENTS, createImpls, measure, OPS, prepare, type ClientName, type OpName } from "./requestBench";
import { startServerProcess } from "./serverProcess";
import { runMain } from "./main";

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))),
  );
}

async function main(): Promise<void> {
  const [client = "ours", op = "getBucketCors", conc = "16", ms = "5000"] = process.argv.slice(2);
  if (!CLIENTS.includes(client as ClientName)) throw new Error(`client must be one of ${CLIENTS.join(", ")}`);
  if (!OPS.includes(op as OpName)) throw new Error(`op must be one of ${OPS.join(", ")}`);
  const server = await startServerProcess();
  try {
    await prepare(server);
    const impl = createImpls(server).find((i) => i.name === client)!;
    const call = impl.calls[op as OpName];
    await call();
    await measure(call, Number(conc), 1500, server); // warm-up
    const session = new Session();
    session.connect();
    await post(session, "Profiler.enable");
    await post(session, "Profiler.setSamplingInterval", { interval: 100 });
    await post(session, "Profiler.start");
    const m = await measure(call, Number(conc), Number(ms), server);
    const { profile } = await post<{ profile: unknown }>(session, "Profiler.stop");
    session.disconnect();
    await impl.close();
    const out = path.join(__dirname, "results", `profile-${client}-${op}.cpuprofile`);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(profile));
    process.stdout.write(
      `${client} ${op} c=${conc}: ${Math.round(m.opsPerSec)} ops/s, ${Math.round(m.cpuMicrosPerCall)} µs CPU/call (profiler on), ` +
        `p50 ${m.latencies[m.latencies.length >> 1]?.toFixed(3)} ms, ${m.errors} errors\n${path.relative(process.cwd(), out)}\n`,
    );
  } finally {
    await server.stop();
  }
}

runMain("profile", main);
