// Runs site.js against the local COS server: real HTTP, real signatures, no credentials, no cloud.
//   npm install && npm test        (Node's built-in test runner)
const { after, before, test } = require("node:test");
const assert = require("node:assert/strict");
const { startCosServer, websiteUrl } = require("pulumi-tencent-cos/testing");
const { setSettings } = require("pulumi-tencent-cos/provider");
const { createSite, destroySite } = require("./site");

let server;
before(async () => {
  server = await startCosServer(); // 127.0.0.1, a free port, local-only keys
  const { secretId, secretKey, appId } = server.accounts[0];
  // What `cos:endpoint` (and the usual credentials) would set in stack config.
  setSettings({ secretId, secretKey, appId, region: "ap-guangzhou", endpoint: server.endpoint });
});
after(() => server.close());

test("the site is served: index for /, the error page with 404, and destroy removes the bucket", async () => {
  const bucket = `site-test-${server.accounts[0].appId}`;
  const made = await createSite({ bucket, region: "ap-guangzhou", indexHtml: "<h1>Hello</h1>", notFoundHtml: "<h1>Gone</h1>" });

  // The server's state is there for assertions...
  assert.ok(server.state.getBucket(bucket));
  // ...and the website endpoint serves the site the way COS would (alias form: no DNS needed).
  const home = await fetch(websiteUrl(server, bucket, { form: "alias" }));
  assert.equal(home.status, 200);
  assert.equal(await home.text(), "<h1>Hello</h1>");
  const missing = await fetch(websiteUrl(server, bucket, { form: "alias" }) + "nope.html");
  assert.equal(missing.status, 404);
  assert.equal(await missing.text(), "<h1>Gone</h1>");

  await destroySite(made);
  assert.equal(server.state.getBucket(bucket), undefined);
});

test("a fault the cloud can throw: the provider retries a throttled call", async () => {
  const bucket = `site-flaky-${server.accounts[0].appId}`;
  server.faults.failNext(2, { status: 503, code: "SlowDown" });
  const made = await createSite({ bucket, region: "ap-guangzhou", indexHtml: "ok", notFoundHtml: "no" });
  assert.ok(server.state.getBucket(bucket));
  await destroySite(made);
});
