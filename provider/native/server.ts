/**
 * `pulumi-resource-tencentcos`: a native Pulumi resource provider plugin on our own gRPC `ResourceProvider` server,
 * bound with the stubs `@pulumi/pulumi` ships (as Pulumi's TypeScript provider guide does; its `provider.main` host
 * drops Configure variables, ignores autonaming and crashes on import reads, LESSONS.md §5). The engine starts the
 * plugin with its own address as the first argument (plus `-v=…`, `--logtostderr`, `--tracing <url>`), reads the
 * port from the first line of stdout, and then calls the methods below. @internal
 * @packageDocumentation
 */
import * as grpc from "@grpc/grpc-js";
import * as anyproto from "google-protobuf/google/protobuf/any_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { ResourceInitError } from "../resources/resourceInitError";
import { applyConfig, checkConfig, SECRET_CONFIG } from "./config";
import { invoke } from "./invoke";
import * as calls from "./resourceCalls";
import { schemaText, VERSION } from "./schemaText";
import { fromStruct, type Obj, toStruct } from "./values";

type Call<Req> = grpc.ServerUnaryCall<Req, unknown>;
type Callback<Res> = grpc.sendUnaryData<Res>;

/** A ResourceInitError (the bucket exists, configuring it failed) as the engine's partial-failure status. */
function toServiceError(e: unknown, secretKeys: Iterable<string> = []): Partial<grpc.ServiceError> {
  const message = e instanceof Error ? e.message : String(e);
  const metadata = new grpc.Metadata();
  if (e instanceof ResourceInitError) {
    const detail = new provproto.ErrorResourceInitFailed();
    detail.setId(e.id);
    const { __provider: _p, ...properties } = e.properties;
    detail.setProperties(toStruct(Struct, properties, secretKeys));
    detail.setReasonsList(e.reasons);
    const any = new anyproto.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusproto.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: message, message, metadata };
}

/** Runs one handler; every failure becomes a gRPC error (never an uncaught rejection that kills the plugin). */
function unary<Req, Res>(fn: (req: Req) => Promise<Res>, secretKeysOf?: (req: Req) => Iterable<string>) {
  return (call: Call<Req>, callback: Callback<Res>) => {
    fn(call.request).then(
      (res) => callback(null, res),
      (e: unknown) => callback(toServiceError(e, secretKeysOf?.(call.request) ?? []) as grpc.ServiceError),
    );
  };
}

const unimplemented = (name: string) => (_call: unknown, callback: Callback<never>) =>
  callback({ code: grpc.status.UNIMPLEMENTED, details: `tencentcos does not implement ${name}`, message: `tencentcos does not implement ${name}` } as grpc.ServiceError);

function failuresOf(list: readonly { property: string; reason: string }[]): provproto.CheckFailure[] {
  return list.map((f) => {
    const cf = new provproto.CheckFailure();
    cf.setProperty(f.property);
    cf.setReason(f.reason);
    return cf;
  });
}

const secretsOf = (...structs: (Struct | undefined)[]) => new Set(structs.flatMap((s) => [...fromStruct(s).secretKeys]));

const AUTONAMING_MODES = ["propose", "enforce", "disable"] as const;

/** The service implementation; exported for the in-process tests. */
export function service(): grpc.UntypedServiceImplementation {
  return {
    handshake: unary(async (_req: provproto.ProviderHandshakeRequest) => {
      const res = new provproto.ProviderHandshakeResponse();
      res.setAcceptSecrets(true);
      res.setAcceptResources(false);
      res.setAcceptOutputs(false);
      res.setSupportsAutonamingConfiguration(true);
      return res;
    }),
    getPluginInfo: unary(async () => {
      const info = new plugproto.PluginInfo();
      info.setVersion(VERSION);
      return info;
    }),
    getSchema: unary(async (req: provproto.GetSchemaRequest) => {
      if (req.getVersion() > 0) throw new Error(`unsupported schema version ${req.getVersion()}`);
      const res = new provproto.GetSchemaResponse();
      res.setSchema(schemaText());
      return res;
    }),
    checkConfig: unary(async (req: provproto.CheckRequest) => {
      const res = new provproto.CheckResponse();
      // The engine sends CheckConfig's news unwrapped (sdk/go/common/resource/plugin/provider_plugin.go CheckConfig
      // marshals without KeepSecrets); the keys are marked secret again here, so the provider's inputs stay secret.
      const news = fromStruct(req.getNews());
      res.setInputs(toStruct(Struct, news.value, [...SECRET_CONFIG, ...news.secretKeys]));
      res.setFailuresList(failuresOf(checkConfig(news.value)));
      return res;
    }),
    diffConfig: unary(async (req: provproto.DiffRequest) => {
      const olds = fromStruct(req.getOldInputs() ?? req.getOlds()).value;
      const news = fromStruct(req.getNews()).value;
      const res = new provproto.DiffResponse();
      const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((k) => k !== "version");
      const changed = keys.filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k])).sort();
      res.setChanges(changed.length ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE);
      res.setDiffsList(changed); // a new key or endpoint is an update of the provider, never a replacement
      return res;
    }),
    configure: unary(async (req: provproto.ConfigureRequest) => {
      const args: Obj = req.getArgs() ? fromStruct(req.getArgs()).value : Object.fromEntries(
        req.getVariablesMap().toArray().map(([k, v]) => [k.slice(k.lastIndexOf(":") + 1), v]),
      );
      await applyConfig(args);
      const res = new provproto.ConfigureResponse();
      res.setAcceptsecrets(true);
      res.setSupportspreview(false); // honoured only without Handshake; see create/update for the preview flag
      res.setAcceptresources(false);
      res.setAcceptoutputs(false);
      res.setSupportsAutonamingConfiguration(true);
      return res;
    }),
    invoke: unary(async (req: provproto.InvokeRequest) => {
      const res = new provproto.InvokeResponse();
      const { value, secretKeys } = fromStruct(req.getArgs());
      const out = await invoke(req.getTok(), value);
      res.setReturn(toStruct(Struct, out, secretKeys));
      return res;
    }),
    check: unary(async (req: provproto.CheckRequest) => {
      const olds = fromStruct(req.getOlds());
      const news = fromStruct(req.getNews());
      const an = req.getAutonaming();
      const autonaming = an ? { proposedName: an.getProposedName(), mode: AUTONAMING_MODES[an.getMode()] ?? "propose" } : undefined;
      const r = await calls.check({ urn: req.getUrn(), olds: olds.value, news: news.value, autonaming });
      const res = new provproto.CheckResponse();
      res.setInputs(toStruct(Struct, r.inputs, news.secretKeys));
      res.setFailuresList(failuresOf(r.failures));
      return res;
    }),
    diff: unary(async (req: provproto.DiffRequest) => {
      const oldInputs = req.getOldInputs() ? fromStruct(req.getOldInputs()).value : undefined;
      const r = await calls.diff(req.getUrn(), req.getId(), fromStruct(req.getOlds()).value, fromStruct(req.getNews()).value, oldInputs);
      const res = new provproto.DiffResponse();
      const C = provproto.DiffResponse.DiffChanges;
      res.setChanges(r.changes === undefined ? C.DIFF_UNKNOWN : r.changes ? C.DIFF_SOME : C.DIFF_NONE);
      res.setReplacesList(r.replaces ?? []);
      res.setStablesList(r.stables ?? []);
      res.setDeletebeforereplace(r.deleteBeforeReplace ?? false);
      res.setDiffsList([...r.detailed.keys()]);
      if (r.detailed.size > 0) {
        res.setHasdetaileddiff(true);
        const map = res.getDetaileddiffMap();
        const K = provproto.PropertyDiff.Kind;
        const kinds = { add: [K.ADD, K.ADD_REPLACE], delete: [K.DELETE, K.DELETE_REPLACE], update: [K.UPDATE, K.UPDATE_REPLACE] };
        for (const [k, change] of r.detailed) {
          const d = new provproto.PropertyDiff();
          d.setKind(kinds[change.kind][change.replaces ? 1 : 0]);
          d.setInputdiff(true);
          map.set(k, d);
        }
      }
      return res;
    }),
    create: unary(async (req: provproto.CreateRequest) => {
      const { value, secretKeys } = fromStruct(req.getProperties());
      const res = new provproto.CreateResponse();
      if (req.getPreview()) {
        // A provider that answers Handshake gets its protocol fixed there, with previews on, and Configure's
        // `supportsPreview: false` is then ignored (provider_plugin.go: `if p.protocol == nil`): the engine sends
        // Create/Update with preview=true (a `preview --refresh` rewrote live CORS before this). A preview never
        // touches COS: the inputs stand in for the outputs.
        res.setProperties(toStruct(Struct, value, secretKeys));
        return res;
      }
      const r = await calls.create(req.getUrn(), value);
      res.setId(r.id);
      res.setProperties(toStruct(Struct, r.outs, secretKeys));
      return res;
    }, (req) => secretsOf(req.getProperties())),
    read: unary(async (req: provproto.ReadRequest) => {
      const props = fromStruct(req.getProperties());
      const inputs = fromStruct(req.getInputs());
      const secretKeys = new Set([...props.secretKeys, ...inputs.secretKeys]);
      const r = await calls.read(req.getUrn(), req.getId(), props.value);
      const res = new provproto.ReadResponse();
      if (r.id === undefined || r.props === undefined) return res; // gone: an empty id drops it from state
      res.setId(r.id);
      res.setProperties(toStruct(Struct, r.props, secretKeys));
      if (r.inputs) res.setInputs(toStruct(Struct, r.inputs, secretKeys));
      return res;
    }),
    update: unary(async (req: provproto.UpdateRequest) => {
      const olds = fromStruct(req.getOlds());
      const news = fromStruct(req.getNews());
      const res = new provproto.UpdateResponse();
      if (req.getPreview()) {
        res.setProperties(toStruct(Struct, { ...olds.value, ...news.value }, [...olds.secretKeys, ...news.secretKeys]));
        return res;
      }
      const outs = await calls.update(req.getUrn(), req.getId(), olds.value, news.value);
      res.setProperties(toStruct(Struct, outs, news.secretKeys));
      return res;
    }),
    delete: unary(async (req: provproto.DeleteRequest) => {
      await calls.remove(req.getUrn(), req.getId(), fromStruct(req.getProperties()).value);
      return new emptyproto.Empty();
    }),
    cancel: unary(async () => new emptyproto.Empty()),
    attach: unary(async () => new emptyproto.Empty()),
    parameterize: unimplemented("Parameterize"),
    call: unimplemented("Call"),
    construct: unimplemented("Construct"),
    list: unimplemented("List"),
    getMapping: unary(async () => new provproto.GetMappingResponse()),
    getMappings: unary(async () => new provproto.GetMappingsResponse()),
  };
}

/** Binds the service on 127.0.0.1:0 and prints the port, the handshake the engine reads. */
export async function serve(write: (line: string) => void = (l) => process.stdout.write(l)): Promise<{ port: number; server: grpc.Server }> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 1024 * 1024 * 400 });
  server.addService(provrpc.ResourceProviderService, service());
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  write(`${port}\n`);
  return { port, server };
}
