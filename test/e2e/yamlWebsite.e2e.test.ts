/**
 * examples/yaml-website: a Pulumi YAML program (bucket, website, public-read policy, CORS, lifecycle) on the native
 * provider plugin, through the same lifecycle as the TypeScript examples; then what the secret key leaves in
 * `-v=11 --logtostderr`, PULUMI_DEBUG_GRPC and `--tracing` records.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describeExampleLifecycle, STEP_MS, type LifecycleContext } from "./exampleLifecycle";
import { expectSuccess, run, type RunResult } from "./harness";
import { ensureYamlHost, NATIVE_KEYS } from "./nativeSetup";
import { ALL_USERS } from "../../provider/resources/bucketAcl";

const loc = (outputs: Record<string, unknown>) => ({ bucket: String(outputs.bucketName), region: "ap-guangzhou" });

beforeAll(() => ensureYamlHost(), 20 * 60_000);

interface Recorded {
  run: RunResult;
  grpc: { method: string; text: string }[];
  trace: Buffer;
}

/** `pulumi up` with every debug record on: -v=11 to stderr, the engine's gRPC log, and a trace file. */
async function upRecorded(ctx: LifecycleContext, tag: string, env: NodeJS.ProcessEnv = {}): Promise<Recorded> {
  const grpcFile = path.join(ctx.project.root, `${tag}.grpc.log`);
  const traceFile = path.join(ctx.project.root, `${tag}.trace`);
  const r = await run("pulumi", ["up", "--yes", "--skip-preview", "--non-interactive", "-v=11", "--logtostderr", "--tracing", `file:${traceFile}`, "--stack", ctx.project.stack], {
    cwd: ctx.project.dir,
    env: { ...ctx.project.env, PULUMI_DEBUG_GRPC: grpcFile, ...env },
  });
  expectSuccess(r);
  const grpc = fs.readFileSync(grpcFile, "utf8").split("\n").filter(Boolean).map((text) => ({ method: (JSON.parse(text) as { method: string }).method, text }));
  return { run: r, grpc, trace: fs.readFileSync(traceFile) };
}

describeExampleLifecycle({
  example: "yaml-website",
  stack: "e2e",
  connectionKeys: NATIVE_KEYS,
  resources: ["site", "site-website", "site-public-read", "site-cors", "site-lifecycle"],
  buckets: 1,
  injectFailure: {
    fail: { status: 400, code: "InvalidArgument", message: "injected by the e2e test", method: "PUT", subresource: "website" },
    resource: "site-website",
    outputContains: "InvalidArgument",
  },
  async checkDeployed({ outputs, client }) {
    expect(outputs.bucketName).toMatch(/^site-[0-9a-f]{7}-1250000000$/);
    expect(outputs.endpoint).toBe(`https://${outputs.bucketName}.cos.ap-guangzhou.myqcloud.com`);
    expect(String(outputs.websiteEndpoint)).toContain(String(outputs.bucketName));
    const website = await client.getBucketWebsite(loc(outputs));
    expect(website?.indexDocument.suffix).toBe("index.html");
    expect(website?.routingRules).toHaveLength(1);
    expect((await client.getBucketCors(loc(outputs)))?.rules).toEqual([expect.objectContaining({ id: "read-assets", maxAgeSeconds: 600 })]);
    const policy = JSON.parse((await client.getBucketPolicy(loc(outputs))) ?? "{}") as { Statement?: { Principal: unknown }[] };
    expect(JSON.stringify(policy.Statement?.[0]?.Principal)).toContain("qcs::cam::anyone:anyone");
    expect((await client.getBucketLifecycle(loc(outputs)))?.rules).toEqual([expect.objectContaining({ id: "expire-logs" })]);
    // fn::invoke of tencentcos:index:getBucket (after the bucket exists): what COS holds, ownership marks left out.
    const lookup = outputs.lookup as { region: string; versioning: string; acl: { grants: { grantee: { uri?: string }; permission: string }[] }; tags: Record<string, string> };
    expect(lookup).toMatchObject({ region: "ap-guangzhou", versioning: "Disabled", tags: { app: "yaml-website", stack: "e2e" } });
    expect(Object.keys(lookup.tags).sort()).toEqual(["app", "stack"]);
    expect(lookup.acl).toEqual(JSON.parse(JSON.stringify(await client.getBucketAcl(loc(outputs)))));
    expect(lookup.acl.grants).toContainEqual({ grantee: expect.objectContaining({ uri: ALL_USERS }), permission: "READ" });
  },
  configChange: {
    set: { "yaml-website:indexDocument": "home.html" },
    resource: "site-website",
    changedInputs: ["indexDocument"],
    async verify({ outputs, client }) {
      expect((await client.getBucketWebsite(loc(outputs)))?.indexDocument.suffix).toBe("home.html");
    },
  },
  drift: {
    async make({ outputs, client }) {
      await client.putBucketCors(loc(outputs), {
        rules: [{ id: "read-assets", allowedOrigins: ["*"], allowedMethods: ["GET", "HEAD"], allowedHeaders: ["*"], exposeHeaders: ["ETag", "Content-Length"], maxAgeSeconds: 5 }],
      });
    },
    resource: "site-cors",
    changedInputs: ["rules"],
    diffContains: ["maxAgeSeconds", "5 => 600"],
  },
  extraSteps(ctx) {
    // The stack is empty again (destroyed): the bucket's id is unknown in this preview, so Pulumi YAML does not call
    // getBucket for a bucket that does not exist yet (a `${site.bucket}` argument, known from Check, would).
    test("a preview of a new stack plans every resource and leaves the lookup for the up: no Invoke, no bucket", async () => {
      const { project, server } = ctx();
      const grpcFile = path.join(project.root, "fresh-preview.grpc.log");
      const r = await run("pulumi", ["preview", "--json", "--non-interactive", "--stack", project.stack], { cwd: project.dir, env: { ...project.env, PULUMI_DEBUG_GRPC: grpcFile } });
      expectSuccess(r);
      const methods = fs.readFileSync(grpcFile, "utf8").split("\n").filter(Boolean).map((l) => (JSON.parse(l) as { method: string }).method);
      expect(methods.filter((m) => m.endsWith("/Create")).length).toBeGreaterThan(0); // the preview did plan the resources
      expect(methods.filter((m) => m.endsWith("/Invoke"))).toEqual([]);
      expect(server.state.listBuckets()).toEqual([]);
      // The policy's Resource (`${site.resourceName}/*`) is unknown here too, and passes check.
      expect((JSON.parse(r.stdout) as { changeSummary: Record<string, number> }).changeSummary).toEqual({ create: 6 });
    }, STEP_MS);

    /**
     * Stack-config credentials: the ENGINE writes the decrypted key into its own records, whatever a provider
     * declares (pulumi sdk/go/common/resource/plugin/provider_plugin.go, v3.259): the language host's Run request
     * carries all config decrypted; CheckConfig's olds/news and DiffConfig's old/new inputs are marshalled without
     * KeepSecrets; Configure's deprecated `variables` map is always plain text (and `args` hold the value inside the
     * secret wrapper); -v=9 prints every marshalled property value ("Marshaling property for RPC[….Configure()…]"),
     * secrets included. What the provider controls is asserted: the key is in no other message (no resource call,
     * no Invoke), no output, no line it writes.
     */
    /** The two -v=9 lines of CLI 3.259.0 that print the key: CheckConfig's answer and Configure's inputs. */
    const CONFIG_LINE = /(Unmarshaling property for RPC\[Provider\[[^\]]*\]\.CheckConfig\([^)]*\)\.inputs\]|Marshaling property for RPC\[Provider\[[^\]]*\]\.Configure\(\)\.inputs\]): value=/;
    const carrying = (rec: Recorded, secret: string) => [...new Set(rec.grpc.filter((e) => e.text.includes(secret)).map((e) => e.method.slice(e.method.lastIndexOf("/") + 1)))].sort();
    const otherLines = (rec: Recorded, secret: string) => (rec.run.stdout + rec.run.stderr).split("\n").filter((l) => l.includes(secret) && !CONFIG_LINE.test(l));

    test("stack-config secret key: only the engine's own config messages carry it; no resource call, Invoke, output or provider log does", async () => {
      const secret = ctx().server.accounts[0].secretKey;
      const first = await upRecorded(ctx(), "config");
      expect(first.grpc.some((e) => e.method.endsWith("/Create"))).toBe(true); // the log covers the resource calls
      expect(first.grpc.some((e) => e.method === "/pulumirpc.ResourceProvider/Invoke")).toBe(true); // and the lookup
      expect(carrying(first, secret)).toEqual(["CheckConfig", "Configure", "Run"]);
      // In CheckConfig's answer the key is marked secret again (the engine sent it unmarked).
      const answer = first.grpc.find((e) => e.method.endsWith("/CheckConfig") && e.text.includes('"response"'))!;
      expect(JSON.stringify((JSON.parse(answer.text) as { response: { inputs: Record<string, unknown> } }).response.inputs.secretKey)).toContain("1b47061264138c4ac30d75fd1eb44270");
      expect(first.run.stderr).toMatch(/\.CheckConfig\(urn:[^)]*\) executing/); // the -v=11 log covers the config calls
      // CLI 3.259.0 prints each marshalled config property at -v=9 (key included); 3.274.1 prints none of them.
      const version = expectSuccess(await run("pulumi", ["version"], { cwd: ctx().project.dir, env: ctx().project.env })).stdout.trim();
      const keyLines = (first.run.stdout + first.run.stderr).split("\n").filter((l) => l.includes(secret));
      if (version === "v3.274.1") expect(keyLines).toEqual([]);
      else if (version === "v3.259.0") expect([...new Set(keyLines.map((l) => CONFIG_LINE.exec(l)?.[1].split(" ")[0] ?? l))].sort()).toEqual(["Marshaling", "Unmarshaling"]);
      expect(otherLines(first, secret)).toEqual([]); // any CLI: the key in no other line
      expect(first.trace.includes(secret)).toBe(true); // the trace records the same gRPC payloads
      // Once the provider is in the state, every run also diffs its configuration: DiffConfig carries the key too.
      const next = await upRecorded(ctx(), "config-again");
      expect(next.grpc.some((e) => e.method === "/pulumirpc.ResourceProvider/Diff")).toBe(true);
      expect(carrying(next, secret)).toEqual(["CheckConfig", "Configure", "DiffConfig", "Run"]);
      expect(otherLines(next, secret)).toEqual([]);
    }, STEP_MS);

    test("switching to environment credentials: the first run still sends the stored old key (CheckConfig olds, DiffConfig), later runs none", async () => {
      const { project, server } = ctx();
      const account = server.accounts[0];
      await project.pulumiOk(["config", "rm", NATIVE_KEYS.secretKey]);
      await project.pulumiOk(["config", "rm", NATIVE_KEYS.secretId]);
      const env = { TENCENTCLOUD_SECRET_ID: account.secretId, TENCENTCLOUD_SECRET_KEY: account.secretKey };
      const switched = await upRecorded(ctx(), "switch", env);
      expect(carrying(switched, account.secretKey)).toEqual(["CheckConfig", "DiffConfig"]);
      const checkConfig = switched.grpc.find((e) => e.method.endsWith("/CheckConfig") && e.text.includes(account.secretKey))!;
      const request = (JSON.parse(checkConfig.text) as { request: { olds?: Record<string, unknown>; news?: Record<string, unknown> } }).request;
      expect([JSON.stringify(request.olds).includes(account.secretKey), JSON.stringify(request.news ?? {}).includes(account.secretKey)]).toEqual([true, false]);
      expect(otherLines(switched, account.secretKey)).toEqual([]);
      const after = await upRecorded(ctx(), "switched", env);
      expect(after.grpc.some((e) => e.method === "/pulumirpc.ResourceProvider/Invoke")).toBe(true);
      expect(carrying(after, account.secretKey)).toEqual([]);
      expect(after.run.stderr.includes(account.secretKey) || after.run.stdout.includes(account.secretKey) || after.trace.includes(account.secretKey)).toBe(false);
      const destroyed = await run("pulumi", ["destroy", "--yes", "--skip-preview", "--non-interactive", "--stack", project.stack], { cwd: project.dir, env: { ...project.env, ...env } });
      expectSuccess(destroyed);
      expect(server.state.listBuckets()).toEqual([]);
    }, STEP_MS);

    test("credentials from the environment on a new stack: the key is in no log line, gRPC message or trace", async () => {
      const { project, server } = ctx();
      const account = server.accounts[0];
      const env = { TENCENTCLOUD_SECRET_ID: account.secretId, TENCENTCLOUD_SECRET_KEY: account.secretKey };
      const rec = await upRecorded(ctx(), "env", env);
      expect(rec.grpc.some((e) => e.method.endsWith("/Create"))).toBe(true);
      expect(rec.trace.length).toBeGreaterThan(0);
      expect(carrying(rec, account.secretKey)).toEqual([]);
      expect(rec.run.stderr.includes(account.secretKey) || rec.run.stdout.includes(account.secretKey)).toBe(false);
      expect(rec.trace.includes(account.secretKey)).toBe(false);
      // positive control: the same records do carry what is not secret (the endpoint, from stack config)
      expect(rec.trace.includes(server.endpoint) && rec.grpc.some((e) => e.text.includes(server.endpoint))).toBe(true);
      const destroyed = await run("pulumi", ["destroy", "--yes", "--skip-preview", "--non-interactive", "--stack", project.stack], { cwd: project.dir, env: { ...project.env, ...env } });
      expectSuccess(destroyed);
      expect(server.state.listBuckets()).toEqual([]);
    }, STEP_MS);
  },
});
