// The infrastructure under test: a public static site (bucket, website configuration, index and error pages).
// Written against the provider's resource operations (check → create → delete), the same calls `pulumi up`
// makes through the dynamic provider, so a test can run it in-process with no engine and no cloud.
const { resources } = require("pulumi-tencent-cos/provider");

async function apply(kind, props) {
  const checked = await resources[kind].check({}, props);
  if (checked.failures && checked.failures.length) {
    throw new Error(`${kind}: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
  }
  const made = await resources[kind].create(checked.inputs);
  return { kind, id: made.id, outs: made.outs };
}

/** Creates the site in `bucket`; returns the created resources, newest last. */
async function createSite({ bucket, region, indexHtml, notFoundHtml }) {
  const made = [];
  made.push(await apply("bucket", { bucket, region, acl: "public-read", forceDestroy: true }));
  made.push(await apply("website", { bucket, region, indexDocument: "index.html", errorDocument: "404.html" }));
  made.push(await apply("bucketObject", { bucket, region, key: "index.html", content: indexHtml }));
  made.push(await apply("bucketObject", { bucket, region, key: "404.html", content: notFoundHtml }));
  return made;
}

/** Deletes what createSite made, newest first. */
async function destroySite(made) {
  for (const r of [...made].reverse()) await resources[r.kind].delete(r.id, r.outs);
}

module.exports = { createSite, destroySite };
