/**
 * The dynamic-provider host sends every answer through `Struct.fromJavaScript`, which throws "Unexpected struct type"
 * on an `undefined` value: a read that answers one fails `pulumi refresh` for that resource. The content resources'
 * answers (BucketObject, SyncedFolder, BucketLogging, BucketReferer) on an unversioned bucket must go through it.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as structPb from "google-protobuf/google/protobuf/struct_pb";
import { resources } from "../../../provider";
import { type Props, type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
let b: string;
let target: string;
beforeAll(async () => {
  env = await startProviderEnv();
  b = env.bucketName("wire");
  target = env.bucketName("wirelogs");
  await env.client.putBucket({ bucket: b, region: "ap-guangzhou" });
  await env.client.putBucket({ bucket: target, region: "ap-guangzhou" });
});
afterAll(async () => { await env.close(); });

/** What the host does with an answer's property bag. */
const wire = (o: unknown) => structPb.Struct.fromJavaScript(o as Record<string, structPb.JavaScriptValue>).toJavaScript();

test("a BucketObject's create, read and update answers survive the host's Struct encoding (no undefined values)", async () => {
  const c = await env.create("bucketObject", { bucket: b, key: "a.txt", content: "a" });
  expect(wire(c.outs)).toEqual(c.outs);
  const r = await resources.bucketObject.read(c.id, c.outs);
  expect(r.id).toBe(c.id);
  expect(wire(r.props)).toEqual(r.props);
  expect(r.inputs).toBeUndefined(); // undrifted: the engine keeps the stored inputs
  // Drifted, read answers inputs too: they must survive the encoding as well.
  await env.client.putObject({ bucket: b, region: "ap-guangzhou" }, "a.txt", "tampered");
  const d = await resources.bucketObject.read(c.id, c.outs);
  expect(d.inputs).toMatchObject({ sourceHash: expect.stringMatching(/unknown/) });
  expect(wire(d.inputs)).toEqual(d.inputs);
  const news = await env.check("bucketObject", d.inputs as Props, { bucket: b, key: "a.txt", content: "b" });
  const u = await resources.bucketObject.update(c.id, r.props as Props, news);
  expect(wire(u.outs)).toEqual(u.outs);
});

test("SyncedFolder, BucketLogging and BucketReferer read answers survive it too", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wire-folder-"));
  mkdirSync(join(dir, "css"));
  writeFileSync(join(dir, "index.html"), "<h1>x</h1>");
  writeFileSync(join(dir, "css", "a.css"), "h1{}");
  const cases: [keyof typeof resources, Props][] = [
    ["syncedFolder", { bucket: b, path: dir, prefix: "www/" }],
    ["bucketLogging", { bucket: b, targetBucket: target, targetPrefix: "logs/" }],
    ["bucketReferer", { bucket: b, refererType: "White-List", domains: ["*.example.com"] }],
  ];
  for (const [kind, args] of cases) {
    const c = await env.create(kind, args);
    const r = await resources[kind].read(c.id, c.outs);
    expect(r.id).toBe(c.id);
    expect(wire(r.props)).toEqual(r.props);
    if (kind !== "syncedFolder") expect(wire(r.inputs)).toEqual(r.inputs);
    else {
      expect(r.inputs).toBeUndefined(); // undrifted: the engine keeps the stored inputs; drifted, they are answered
      await env.client.deleteObject({ bucket: b, region: "ap-guangzhou" }, "www/index.html");
      const d = await resources.syncedFolder.read(c.id, c.outs);
      expect(Object.keys(d.inputs!.files as Props)).toEqual(["www/css/a.css"]);
      expect(wire(d.inputs)).toEqual(d.inputs);
    }
  }
});
