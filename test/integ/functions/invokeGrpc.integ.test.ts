import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { closeAllPools, CosClient } from "../../../provider/cos";
import { serve } from "../../../provider/native/server";
import { SECRET_SIG, SIG_KEY } from "../../../provider/native/values";
import { startCosServer, type CosServer } from "../../cos-server";

let server: CosServer;
let grpcServer: grpc.Server;
let client: provrpc.ResourceProviderClient;

function call<Req, Res>(method: keyof provrpc.ResourceProviderClient, req: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    (client[method] as unknown as (r: Req, cb: (e: grpc.ServiceError | null, res: Res) => void) => void).call(client, req, (e, res) => (e ? reject(e) : resolve(res)));
  });
}

async function invoke(tok: string, args: Record<string, unknown>) {
  const req = new provproto.InvokeRequest();
  req.setTok(tok);
  req.setArgs(Struct.fromJavaScript(args as never));
  const res = await call<provproto.InvokeRequest, provproto.InvokeResponse>("invoke", req);
  return res.getReturn()!.toJavaScript() as Record<string, unknown>;
}

beforeAll(async () => {
  server = await startCosServer();
  const served = await serve(() => undefined);
  grpcServer = served.server;
  client = new provrpc.ResourceProviderClient(`127.0.0.1:${served.port}`, grpc.credentials.createInsecure());
  const a = server.accounts[0];
  const req = new provproto.ConfigureRequest();
  req.setAcceptsecrets(true);
  req.setArgs(Struct.fromJavaScript({ endpoint: server.endpoint, appId: a.appId, region: "ap-guangzhou", secretId: a.secretId, secretKey: { [SIG_KEY]: SECRET_SIG, value: a.secretKey } } as never));
  await call<provproto.ConfigureRequest, provproto.ConfigureResponse>("configure", req);
});

afterAll(async () => {
  client?.close();
  grpcServer?.forceShutdown();
  await closeAllPools();
  await server?.close();
});

test("Invoke tencentcos:index:getBucket and getBuckets through the native server", async () => {
  const a = server.accounts[0];
  const name = `grpcinv-${Date.now().toString(36)}-${a.appId}`;
  const cos = new CosClient({ credentials: { secretId: a.secretId, secretKey: a.secretKey }, endpoint: server.endpoint, retry: { maxAttempts: 1 } });
  await cos.putBucket({ bucket: name, region: "ap-guangzhou" }, { tags: [{ key: "t", value: "1" }, { key: "tencentcos:owner:bucket", value: "m" }] });
  const b = await invoke("tencentcos:index:getBucket", { bucket: name });
  expect(b.bucket).toBe(name);
  expect(b.region).toBe("ap-guangzhou");
  expect(b.tags).toEqual({ t: "1" });
  expect(JSON.stringify(b)).not.toContain(a.secretKey);
  const l = await invoke("tencentcos:index:getBuckets", { prefix: "grpcinv-" });
  expect((l.buckets as { bucket: string }[]).map((x) => x.bucket)).toEqual([name]);
  await expect(invoke("tencentcos:index:getBucket", { bucket: "Bad" })).rejects.toThrow(/getBucket: bucket/);
});
