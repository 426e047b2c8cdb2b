/**
 * The static website, seen in a browser: examples/static-website deployed by the real Pulumi engine against the
 * local COS server, then opened in headless Chromium at the bucket's website endpoint
 * `http://<bucket>.cos-website.<region>.localhost:<port>/` (Chromium resolves `*.localhost` to loopback itself, so
 * no DNS or host rules are involved). Without Chromium the file fails: see ./chromium.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { request } from "undici";
import { closeAllPools } from "../../provider/cos";
import { startCosServer, websiteUrl, type CosServer } from "../cos-server";
import { assertChromium, chromium, decodePng, killChromiums } from "./chromium";
import { STEP_MS } from "./exampleLifecycle";
import { CLI_SETUP_TIMEOUT_MS, PulumiProject, expectSuccess } from "./harness";

/** Screenshots are kept for a person to look at (gitignored); docs/website.png is one of them. */
const ARTIFACTS = path.join(__dirname, "artifacts");
const REGION = "ap-guangzhou";
const WINDOW = { width: 1280, height: 800 };

let server: CosServer;
let project: PulumiProject;
let bucket: string;
let site: string;

/** The website requests the server saw since `from` (an index into its request log): "GET /css/site.css 200". */
function websiteRequests(from: number): string[] {
  return server.requests
    .slice(from)
    .filter((r) => r.subresource === "website-endpoint" && r.bucket === bucket)
    .map((r) => `${r.method} ${r.path} ${r.status}`);
}

/** `chromium --dump-dom <url>`: the DOM after the load event, redirects followed. */
async function dumpDom(url: string): Promise<string> {
  const r = await chromium(["--dump-dom", url]);
  if (r.code !== 0 || !r.stdout.includes("</html>")) throw new Error(`chromium --dump-dom ${url} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

async function screenshot(url: string, name: string): Promise<Buffer> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  fs.rmSync(file, { force: true });
  const r = await chromium([`--screenshot=${file}`, `--window-size=${WINDOW.width},${WINDOW.height}`, url]);
  if (r.code !== 0 || !fs.existsSync(file)) throw new Error(`chromium --screenshot ${url} exited ${r.code} without ${file}:\n${r.stderr}`);
  return fs.readFileSync(file);
}

/** Plain HTTP to the website endpoint, for what a DOM cannot show (status, Location), with the same Host. */
async function httpGet(key: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const r = await request(`${server.endpoint}/${key}`, { headers: { host: new URL(site).host } });
  return { status: r.statusCode, headers: r.headers, body: await r.body.text() };
}

const near = (actual: number[], expected: number[]) => actual.every((v, i) => Math.abs(v - expected[i]) <= 2);

describe("examples/static-website in headless Chromium", () => {
  beforeAll(async () => {
    assertChromium(); // first: a missing browser fails every test of this file, before minutes of deploying
    server = await startCosServer();
    const account = server.accounts[0];
    project = await PulumiProject.create({ program: "static-website", stack: "browser", install: "npm" });
    await project.setConfig(
      { "cos:endpoint": server.endpoint, "cos:appId": account.appId, "tencentcloud:region": REGION, "tencentcloud:secretId": account.secretId },
      { "tencentcloud:secretKey": account.secretKey },
    );
    expectSuccess(await project.up());
    bucket = String((await project.outputs()).bucketName);
    site = websiteUrl(server, bucket);
  }, CLI_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    killChromiums();
    project?.dispose();
    await closeAllPools();
    await server?.close();
  });

  test("the website endpoint is the bucket's *.localhost host, which Chromium reaches without DNS", () => {
    expect(site).toBe(`http://${bucket}.cos-website.${REGION}.localhost:${new URL(server.endpoint).port}/`);
  });

  test("the index page renders, and the browser fetched its stylesheet and image from the bucket", async () => {
    const from = server.requests.length;
    const dom = await dumpDom(site);
    expect(dom).toContain("<h1>Hello from a COS bucket</h1>");
    expect(dom).toContain('<link rel="stylesheet" href="css/site.css">');
    expect(websiteRequests(from)).toEqual(expect.arrayContaining(["GET / 200", "GET /css/site.css 200", "GET /img/logo.svg 200"]));
  }, STEP_MS);

  test("a screenshot of the index page shows the styled page (a valid 1280x800 PNG, banner in the stylesheet's colour)", async () => {
    const png = await screenshot(site, "index.png");
    const image = decodePng(png);
    expect([image.width, image.height]).toEqual([WINDOW.width, WINDOW.height]);
    // css/site.css: a #006eff banner at the top, #f4f6fa below it; unstyled, the page would be white.
    expect(near(image.pixel(WINDOW.width - 10, 10), [0x00, 0x6e, 0xff])).toBe(true);
    expect(near(image.pixel(WINDOW.width - 10, WINDOW.height - 10), [0xf4, 0xf6, 0xfa])).toBe(true);
    // The logo (white cloud, yellow bucket) is drawn inside the banner, left of the heading.
    const logoColours = new Set<string>();
    for (let y = 32; y < 128; y += 4) for (let x = 48; x < 144; x += 4) logoColours.add(image.pixel(x, y).join(","));
    expect(logoColours.has("255,255,255")).toBe(true);
    expect([...logoColours].some((c) => near(c.split(",").map(Number), [0xff, 0xd1, 0x66]))).toBe(true);
    // Text is drawn: many distinct colours (anti-aliasing), not a flat fill.
    const colours = new Set<string>();
    for (let y = 0; y < image.height; y += 3) for (let x = 0; x < image.width; x += 3) colours.add(image.pixel(x, y).join(","));
    expect(colours.size).toBeGreaterThan(50);
  }, STEP_MS);

  test("a missing page is answered by the error document 404.html, with status 404", async () => {
    const dom = await dumpDom(`${site}no-such-page.html`);
    expect(dom).toContain("<h1>Page not found</h1>");
    expect(dom).toContain("website's error document");
    const deep = await dumpDom(`${site}a/b/missing/`);
    expect(deep).toContain("<h1>Page not found</h1>");
    const r = await httpGet("no-such-page.html");
    expect(r.status).toBe(404);
    expect(r.headers["content-type"]).toBe("text/html");
    expect(r.body).toBe(fs.readFileSync(path.join(project.dir, "www", "404.html"), "utf8"));
    const png = decodePng(await screenshot(`${site}no-such-page.html`, "404.png"));
    expect(near(png.pixel(WINDOW.width - 10, 10), [0xc6, 0x28, 0x28])).toBe(true); // .banner-error
  }, STEP_MS);

  test("the routing rule redirects docs/ to guide/: the browser ends on the guide page", async () => {
    const from = server.requests.length;
    const dom = await dumpDom(`${site}docs/getting-started.html`);
    expect(dom).toContain("<h1>Getting started</h1>");
    expect(websiteRequests(from)).toEqual(
      expect.arrayContaining(["GET /docs/getting-started.html 301", "GET /guide/getting-started.html 200", "GET /css/site.css 200"]),
    );
    const r = await httpGet("docs/getting-started.html");
    expect([r.status, r.headers.location]).toEqual([301, "/guide/getting-started.html"]);
  }, STEP_MS);

  test("pulumi destroy removes the site and its bucket", async () => {
    expectSuccess(await project.pulumi(["destroy", "--yes", "--skip-preview", "--non-interactive"]));
    expect(server.state.listBuckets()).toEqual([]);
    expect((await httpGet("")).status).toBe(404);
  }, STEP_MS);
});
