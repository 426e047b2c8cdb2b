// The wire floor's dynamic provider (test/bench/engine.ts, mode "wire"): the no-op floor (noopProvider.js), except
// that every delete sends the one request any COS provider must send to delete the resource — DELETE of the bucket,
// or of the configuration's sub-resource — and a bucket's create sends its PUT Bucket, so that the deletes meet real
// buckets. Nothing else: no check of ownership marks, no mark removal, no read. Each request is signed (the package's
// signer, a pure function) and sent through one keep-alive undici Pool, with ours' pool options. Installed as the
// package `bench-wire-provider` and inherited from, like the lean floor, so it is serialised as a `require`. The
// endpoint and the credentials come from the environment the benchmark gives the stack's pulumi commands
// (BENCH_WIRE_ENDPOINT, BENCH_WIRE_SECRET_ID, BENCH_WIRE_SECRET_KEY): a floor, not a provider.
const noop = require("./noop");

const SUBRESOURCE = { bucketCors: "cors", bucketLifecycle: "lifecycle", bucketPolicy: "policy", website: "website", replication: "replication" };

let pool;
let signer;
function send(method, bucket, region, sub) {
  const endpoint = process.env.BENCH_WIRE_ENDPOINT;
  const secretId = process.env.BENCH_WIRE_SECRET_ID;
  const secretKey = process.env.BENCH_WIRE_SECRET_KEY;
  if (!endpoint || !secretId || !secretKey) throw new Error("the wire floor needs BENCH_WIRE_ENDPOINT, BENCH_WIRE_SECRET_ID and BENCH_WIRE_SECRET_KEY");
  // undici as the installed package resolves it (this floor is a package of its own, with no dependencies), and the
  // package's signer by its file (the package's `exports` map does not export it).
  const pkg = require.resolve("pulumi-tencent-cos/package.json");
  const { Pool } = require(require.resolve("undici", { paths: [pkg] }));
  signer ??= require(require("node:path").join(pkg, "..", "dist", "provider", "cos", "signer.js"));
  pool ??= new Pool(endpoint, { connect: { timeout: 10_000 }, headersTimeout: 30_000, bodyTimeout: 30_000, keepAliveTimeout: 10_000 });
  const host = `${bucket}.cos.${region}.myqcloud.com`;
  const query = sub ? { [sub]: "" } : {};
  const now = Math.floor(Date.now() / 1000);
  const authorization = signer.buildAuthorization({ secretId, secretKey, method, pathname: "/", query, headers: { host }, keyTime: `${now - 60};${now + 900}` });
  return pool.request({ method, path: sub ? `/?${sub}=` : "/", headers: { host, authorization } }).then(async (res) => {
    const text = await res.body.text();
    // A configuration that was never written (the wire floor's configurations are no-ops) answers 204 like one that was.
    if (res.statusCode >= 300 && res.statusCode !== 404) throw new Error(`${method} ${host}/${sub ? `?${sub}` : ""}: ${res.statusCode} ${text.slice(0, 300)}`);
  });
}

module.exports = {
  ...noop,
  async create(inputs) {
    if (this.kind === "bucket") await send("PUT", inputs.bucket, inputs.region, undefined);
    return noop.create(inputs);
  },
  async delete(_id, props) {
    await send("DELETE", props.bucket, props.region, this.kind === "bucket" ? undefined : SUBRESOURCE[this.kind]);
  },
};
