// The floor's no-op dynamic provider (test/bench/engine.ts): create returns at once, diff compares inputs, read
// returns what is stored. It captures nothing. The "floor" program copies these methods into one object per kind,
// which @pulumi/pulumi serialises by value into every resource's `__provider` (≈ 2 KB); the "lean" floor inherits
// them from this file installed as a package (`bench-noop-provider`), which the serialiser stores as a `require`
// (≈ 370 bytes), as it stores ours (sdk/shimMethods.ts).
module.exports = {
  async check(olds, news) {
    return { inputs: news };
  },
  async diff(_id, olds, news) {
    const strip = (o) => JSON.stringify({ ...o, __provider: undefined });
    return { changes: strip(olds) !== strip(news) };
  },
  async create(inputs) {
    return { id: `${inputs.bucket}/${Math.random().toString(36).slice(2)}`, outs: inputs };
  },
  async read(id, props) {
    return { id, props };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
  async delete() {},
};
