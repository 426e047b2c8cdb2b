/**
 * The native provider's gRPC server in this process, called over real gRPC with Pulumi's own client stubs, against
 * the local COS server: the calls the engine makes, and what they answer.
 */
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { closeAllPools } from "../../../provider/cos";
import { autoName } from "../../../provider/resources/bucket";
import { serve } from "../../../provider/native/server";
import { ownerKeyOf } from "../../../provider/native/kinds";
import { SECRET_SIG, SIG_KEY } from "../../../provider/native/values";
import { startCosServer, type CosServer } from "../../cos-server";

let server: CosServer;
let grpcServer: grpc.Server;
let client: provrpc.ResourceProviderClient;

const urn = (type: string, name: string) => `urn:pulumi:dev::proj::tencentcos:index:${type}::${name}`;
const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

function call<Req, Res>(method: keyof provrpc.ResourceProviderClient, req: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    (client[method] as unknown as (r: Req, cb: (e: grpc.ServiceError | null, res: Res) => void) => void).call(client, req, (e, res) => (e ? reject(e) : resolve(res)));
  });
}

async function check(type: string, name: string, news: Record<string, unknown>, olds: Record<string, unknown> = {}, autonaming?: [string, number]) {
  const req = new provproto.CheckRequest();
  req.setUrn(urn(type, name));
  req.setNews(Struct.fromJavaScript(news as never));
  req.setOlds(Struct.fromJavaScript(olds as never));
  if (autonaming) {
    const a = new provproto.CheckRequest.AutonamingOptions();
    a.setProposedName(autonaming[0]);
    a.setMode(autonaming[1] as never);
    req.setAutonaming(a);
  }
  const res = await call<provproto.CheckRequest, provproto.CheckResponse>("check", req);
  return { inputs: res.getInputs()!.toJavaScript(), failures: res.getFailuresList().map((f) => `${f.getProperty()}: ${f.getReason()}`) };
}

beforeAll(async () => {
  server = await startCosServer();
  const served = await serve(() => undefined);
  grpcServer = served.server;
  client = new provrpc.ResourceProviderClient(`127.0.0.1:${served.port}`, grpc.credentials.createInsecure());
  const account = server.accounts[0];
  const req = new provproto.ConfigureRequest();
  req.setAcceptsecrets(true);
  req.setArgs(Struct.fromJavaScript({ endpoint: server.endpoint, appId: account.appId, region: "ap-guangzhou", secretId: account.secretId, secretKey: secret(account.secretKey) } as never));
  const res = await call<provproto.ConfigureRequest, provproto.ConfigureResponse>("configure", req);
  expect([res.getAcceptsecrets(), res.getSupportsAutonamingConfiguration(), res.getSupportspreview()]).toEqual([true, true, false]);
});

afterAll(async () => {
  client?.close();
  grpcServer?.forceShutdown();
  await closeAllPools();
  await server?.close();
});

test("GetSchema serves the generated schema with the package version", async () => {
  const res = await call<provproto.GetSchemaRequest, provproto.GetSchemaResponse>("getSchema", new provproto.GetSchemaRequest());
  const schema = JSON.parse(res.getSchema()) as { name: string; version: string; resources: Record<string, unknown> };
  expect(schema.name).toBe("tencentcos");
  expect(schema.version).toMatch(/^\d+\.\d+\.\d+/);
  expect(Object.keys(schema.resources)).toContain("tencentcos:index:BucketCors");
});

test("CheckConfig names a bad key and a bad region, and marks the secret key secret", async () => {
  const req = new provproto.CheckRequest();
  req.setNews(Struct.fromJavaScript({ region: "Guangzhou", secretKy: "x", secretId: "id", secretKey: "k" } as never));
  const res = await call<provproto.CheckRequest, provproto.CheckResponse>("checkConfig", req);
  expect(res.getFailuresList().map((f) => f.getProperty()).sort()).toEqual(["region", "secretKy"]);
  expect(res.getInputs()!.toJavaScript().secretKey).toEqual(secret("k"));
});

test("Check: the owner key comes from the URN; auto-names are the dynamic resources' deterministic ones", async () => {
  const appId = server.accounts[0].appId;
  const key = ownerKeyOf("proj", "dev", "Bucket", "site");
  const r = await check("Bucket", "site", {});
  expect(r.failures).toEqual([]);
  expect(r.inputs).toMatchObject({ ownerKey: key, bucket: autoName("site", appId, key) });
});

test("Check honours pulumi:autonaming: propose and enforce use the proposal, disable refuses, a created name is kept", async () => {
  const appId = server.accounts[0].appId;
  expect((await check("Bucket", "site", {}, {}, ["site-dev-ab12", 0])).inputs.bucket).toBe(`site-dev-ab12-${appId}`);
  expect((await check("Bucket", "site", {}, {}, [`exact-${appId}`, 1])).inputs.bucket).toBe(`exact-${appId}`);
  expect((await check("Bucket", "site", {}, {}, ["", 2])).failures).toEqual([expect.stringContaining("auto-naming is disabled")]);
  expect((await check("Bucket", "site", {}, { bucket: `old-${appId}` }, ["fresh-1", 0])).inputs.bucket).toBe(`old-${appId}`);
  expect((await check("Bucket", "site", { name: "mine" }, {}, ["fresh-1", 0])).inputs.bucket).toBe(`mine-${appId}`);
});

test("Check keeps a secret input secret and reports failures by property", async () => {
  const r = await check("BucketCors", "c", { bucket: "b-1250000000", rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"] }], responseVary: secret(true) });
  expect(r.inputs.responseVary).toEqual(secret(true));
  expect((await check("BucketCors", "c", { bucket: "b-1250000000", rulez: [] })).failures.join("\n")).toContain("did you mean `rules`?");
});

test("Create, Diff (detailed), Read of an import with no properties, Delete; a preview Create touches nothing", async () => {
  const bucket = `native-${server.accounts[0].appId}`;
  const { inputs } = await check("Bucket", "n", { bucket, tags: { team: "web" } });
  const preview = new provproto.CreateRequest();
  preview.setUrn(urn("Bucket", "n"));
  preview.setProperties(Struct.fromJavaScript(inputs as never));
  preview.setPreview(true);
  expect((await call<provproto.CreateRequest, provproto.CreateResponse>("create", preview)).getId()).toBe("");
  expect(server.state.listBuckets().map((b) => b.name)).not.toContain(bucket);

  const create = new provproto.CreateRequest();
  create.setUrn(urn("Bucket", "n"));
  create.setProperties(Struct.fromJavaScript(inputs as never));
  const created = await call<provproto.CreateRequest, provproto.CreateResponse>("create", create);
  expect(created.getId()).toBe(bucket);
  const outs = created.getProperties()!.toJavaScript();

  const news = (await check("Bucket", "n", { bucket, tags: { team: "data" }, region: "ap-beijing" }, inputs)).inputs;
  const d = new provproto.DiffRequest();
  d.setUrn(urn("Bucket", "n"));
  d.setId(bucket);
  d.setOlds(Struct.fromJavaScript(outs as never));
  d.setOldInputs(Struct.fromJavaScript(inputs as never));
  d.setNews(Struct.fromJavaScript(news as never));
  const diff = await call<provproto.DiffRequest, provproto.DiffResponse>("diff", d);
  expect(diff.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_SOME);
  const detailed = Object.fromEntries(diff.getDetaileddiffMap().toArray().map(([k, v]) => [k, (v as unknown as [number])[0]]));
  expect(detailed).toEqual({ region: provproto.PropertyDiff.Kind.UPDATE_REPLACE, tags: provproto.PropertyDiff.Kind.UPDATE });
  // A property removed from the program is a delete of that property, not an invisible change.
  d.setNews(Struct.fromJavaScript((await check("Bucket", "n", { bucket }, inputs)).inputs as never));
  const removed = await call<provproto.DiffRequest, provproto.DiffResponse>("diff", d);
  expect(removed.getDetaileddiffMap().toArray().map(([k, v]) => [k, (v as unknown as [number])[0]])).toEqual([["tags", provproto.PropertyDiff.Kind.DELETE]]);

  const read = new provproto.ReadRequest();
  read.setUrn(urn("Bucket", "imported"));
  read.setId(bucket);
  const r = await call<provproto.ReadRequest, provproto.ReadResponse>("read", read);
  expect(r.getId()).toBe(bucket);
  expect(r.getInputs()!.toJavaScript()).toMatchObject({ bucket, region: "ap-guangzhou", tags: { team: "web" }, ownerKey: ownerKeyOf("proj", "dev", "Bucket", "imported") });

  const del = new provproto.DeleteRequest();
  del.setUrn(urn("Bucket", "n"));
  del.setId(bucket);
  del.setProperties(Struct.fromJavaScript(outs as never));
  await call("delete", del);
  expect(server.state.listBuckets().map((b) => b.name)).not.toContain(bucket);
});

test("GetSchema's functions are what Invoke answers: every token served, results shaped as their outputs", async () => {
  const res = await call<provproto.GetSchemaRequest, provproto.GetSchemaResponse>("getSchema", new provproto.GetSchemaRequest());
  type Obj = { properties: Record<string, unknown>; required?: string[] };
  const schema = JSON.parse(res.getSchema()) as { functions: Record<string, { inputs: Obj; outputs: Obj }>; types: Record<string, Obj> };
  expect(Object.keys(schema.functions).sort()).toEqual(["tencentcos:index:getBucket", "tencentcos:index:getBuckets"]);
  const a = server.accounts[0];
  const bucket = `lookup-${a.appId}`;
  const { inputs } = await check("Bucket", "lookup", { bucket, acl: "public-read" });
  const create = new provproto.CreateRequest();
  create.setUrn(urn("Bucket", "lookup"));
  create.setProperties(Struct.fromJavaScript(inputs as never));
  await call("create", create);
  /** The keys of a result must be the schema's properties, every required one present. */
  const expectShape = (value: Record<string, unknown>, spec: Obj) => {
    expect(Object.keys(value).filter((k) => !(k in spec.properties))).toEqual([]);
    expect((spec.required ?? []).filter((k) => !(k in value))).toEqual([]);
  };
  const invokeJs = async (tok: string, args: Record<string, unknown>) => {
    const req = new provproto.InvokeRequest();
    req.setTok(tok);
    req.setArgs(Struct.fromJavaScript(args as never));
    return (await call<provproto.InvokeRequest, provproto.InvokeResponse>("invoke", req)).getReturn()!.toJavaScript() as Record<string, unknown>;
  };
  const got = await invokeJs("tencentcos:index:getBucket", { bucket });
  expectShape(got, schema.functions["tencentcos:index:getBucket"].outputs);
  const acl = got.acl as { owner: Record<string, unknown>; grants: { grantee: Record<string, unknown> }[] };
  expectShape(acl, schema.types["tencentcos:index:AccessControlPolicy"]);
  expect(acl.grants.some((g) => String(g.grantee.uri).includes("AllUsers"))).toBe(true); // public-read, as a grant
  for (const g of acl.grants) expectShape(g as unknown as Record<string, unknown>, schema.types["tencentcos:index:AclGrant"]);
  expect(got).toMatchObject({ bucket, region: "ap-guangzhou", versioning: "Disabled" });
  const listed = await invokeJs("tencentcos:index:getBuckets", { prefix: "lookup-" });
  expectShape(listed, schema.functions["tencentcos:index:getBuckets"].outputs);
  expect(listed.buckets).toEqual([expect.objectContaining({ bucket, region: "ap-guangzhou" })]);
  for (const b of listed.buckets as Record<string, unknown>[]) expectShape(b, schema.types["tencentcos:index:BucketSummaryLookup"]);
  const del = new provproto.DeleteRequest();
  del.setUrn(urn("Bucket", "lookup"));
  del.setId(bucket);
  del.setProperties(Struct.fromJavaScript(inputs as never));
  await call("delete", del);
});

test("Invoke of an unknown function and a call on an unknown type fail clearly", async () => {
  const inv = new provproto.InvokeRequest();
  inv.setTok("tencentcos:index:getNothing");
  await expect(call("invoke", inv)).rejects.toThrow("unknown function tencentcos:index:getNothing");
  const req = new provproto.CheckRequest();
  req.setUrn("urn:pulumi:dev::proj::tencentcos:index:Nope::x");
  await expect(call("check", req)).rejects.toThrow("unknown resource type tencentcos:index:Nope");
});
