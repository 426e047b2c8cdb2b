// Preloaded (`node --require`) into the dynamic-provider host by `bench:engine --profile DIR`. The engine kills
// provider plugins at the end of a command, so `--cpu-prof` (written at a clean exit) never writes: this writes
// the V8 CPU profile in slices instead (every 500 ms, or BENCH_ENGINE_PROFILE_SLICE_MS), DIR/provider-<pid>-<n>.cpuprofile, losing at most the last slice.
const fs = require("node:fs");
const path = require("node:path");
const { Session } = require("node:inspector");

const dir = process.env.BENCH_ENGINE_PROFILE_DIR;
const session = new Session();
session.connect();
let n = 0;
const start = () => session.post("Profiler.start");
session.post("Profiler.enable", () => session.post("Profiler.setSamplingInterval", { interval: 200 }, start));
const slice = () =>
  session.post("Profiler.stop", (err, res) => {
    if (!err && res.profile.samples.length > 0) {
      fs.writeFileSync(path.join(dir, `provider-${process.pid}-${n++}.cpuprofile`), JSON.stringify(res.profile));
    }
    start();
  });
setInterval(slice, Number(process.env.BENCH_ENGINE_PROFILE_SLICE_MS ?? 500)).unref();
process.on("SIGTERM", () => {
  slice();
  process.exit(0);
});
