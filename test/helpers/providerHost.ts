/**
 * Runs the REAL dynamic-provider host of the repo's `@pulumi/pulumi` (`cmd/dynamic-provider`) in a child process and
 * drives it over its gRPC `ResourceProvider` interface, the way the Pulumi engine does (LESSONS.md §2): the host
 * loads the `__provider` string of each request with require-from-string, which resolves
 * `require("pulumi-tencent-cos/provider")` from the host's working directory — so that directory must look like a
 * Pulumi project with the package installed ({@link makeProjectDir}).
 *
 * Usage: `const host = await startProviderHost(project.dir); await host.call("configure", req); … await host.close()`.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import * as statusPb from "@pulumi/pulumi/proto/status_pb";
import * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import * as structPb from "google-protobuf/google/protobuf/struct_pb";
import type { CosServer } from "../cos-server";

/** The repository root: the package `pulumi-tencent-cos`. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** The repo's `@pulumi/pulumi` (the version the package is built and tested against). */
export const PULUMI_DIR = path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi");
/** The host program the engine's `pulumi-resource-pulumi-nodejs` plugin script runs. */
export const DYNAMIC_PROVIDER_HOST = path.join(PULUMI_DIR, "cmd", "dynamic-provider", "index.js");

/** Request and response message of each unary method a dynamic provider host serves. */
export interface ProviderMethods {
  getPluginInfo: [emptyPb.Empty, pluginPb.PluginInfo];
  configure: [providerPb.ConfigureRequest, providerPb.ConfigureResponse];
  check: [providerPb.CheckRequest, providerPb.CheckResponse];
  diff: [providerPb.DiffRequest, providerPb.DiffResponse];
  create: [providerPb.CreateRequest, providerPb.CreateResponse];
  read: [providerPb.ReadRequest, providerPb.ReadResponse];
  update: [providerPb.UpdateRequest, providerPb.UpdateResponse];
  delete: [providerPb.DeleteRequest, emptyPb.Empty];
  cancel: [emptyPb.Empty, emptyPb.Empty];
}
export type ProviderMethod = keyof ProviderMethods;

/** A running dynamic-provider host. */
export interface ProviderHost {
  /** The gRPC port the host printed. */
  readonly port: number;
  /** Calls one method; rejects with the `grpc.ServiceError` (metadata included) when the host answers an error. */
  call<M extends ProviderMethod>(method: M, request: ProviderMethods[M][0], opts?: { deadlineMs?: number }): Promise<ProviderMethods[M][1]>;
  /** Everything the host wrote to stderr so far (it logs provider exceptions there). */
  stderr(): string;
  /** Closes the channel and stops the process (idempotent). */
  close(): Promise<void>;
}

/** Options of {@link startProviderHost}. */
export interface ProviderHostOptions {
  /** The child's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the port line (default 30 s). */
  startTimeoutMs?: number;
  /** Default per-call deadline (default 60 s). */
  deadlineMs?: number;
}

/**
 * Spawns `node <@pulumi/pulumi>/cmd/dynamic-provider/index.js 127.0.0.1:1` in `cwd` (the engine address is required
 * by the host but never dialled by a dynamic provider) and connects once it prints its port.
 */
export async function startProviderHost(cwd: string, opts: ProviderHostOptions = {}): Promise<ProviderHost> {
  const child = spawn(process.execPath, [DYNAMIC_PROVIDER_HOST, "127.0.0.1:1"], { cwd, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (s: string) => (stderr += s));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let running = true;
  void exited.then(() => (running = false));

  const lines = readline.createInterface({ input: child.stdout });
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the provider host printed no port within ${opts.startTimeoutMs ?? 30_000} ms`)), opts.startTimeoutMs ?? 30_000);
      lines.once("line", (line) => {
        clearTimeout(timer);
        const n = Number(line.trim());
        if (Number.isInteger(n) && n > 0) resolve(n);
        else reject(new Error(`the provider host printed ${JSON.stringify(line)} instead of a port`));
      });
      child.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`the provider host exited (code ${child.exitCode}, signal ${child.signalCode}) before printing its port`));
      });
    });
  } catch (e) {
    if (running) child.kill("SIGKILL");
    await exited;
    throw new Error(`${(e as Error).message}\n--- host stderr ---\n${stderr}`);
  }
  // Anything printed later (console.log from a provider) is not part of the protocol; keep draining it.
  lines.on("line", () => undefined);

  const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  let closing: Promise<void> | undefined;
  return {
    port,
    call(method, request, callOpts) {
      type Unary = (req: unknown, md: grpc.Metadata, o: Partial<grpc.CallOptions>, cb: (e: grpc.ServiceError | null, r: unknown) => void) => grpc.ClientUnaryCall;
      const fn = client[method] as unknown as Unary;
      const deadline = Date.now() + (callOpts?.deadlineMs ?? opts.deadlineMs ?? 60_000);
      return new Promise((resolve, reject) => {
        fn.call(client, request, new grpc.Metadata(), { deadline }, (err, res) => (err ? reject(err) : resolve(res as never)));
      });
    },
    stderr: () => stderr,
    close() {
      closing ??= (async () => {
        client.close();
        lines.close();
        if (running) child.kill("SIGTERM");
        await exited;
      })();
      return closing;
    },
  };
}

/** A temporary Pulumi project directory whose node_modules holds this package and the repo's `@pulumi/pulumi`. */
export interface ProjectDir {
  readonly dir: string;
  remove(): void;
}

/**
 * Makes the directory the provider host runs in: `node_modules/pulumi-tencent-cos` → the repo root (so `exports`
 * maps `pulumi-tencent-cos/provider` to dist/provider) and `node_modules/@pulumi/pulumi` → the repo's copy.
 */
export function makeProjectDir(prefix = "pulumi-tencent-cos-host-"): ProjectDir {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.mkdirSync(path.join(dir, "node_modules", "@pulumi"), { recursive: true });
  fs.symlinkSync(REPO_ROOT, path.join(dir, "node_modules", "pulumi-tencent-cos"), "dir");
  fs.symlinkSync(PULUMI_DIR, path.join(dir, "node_modules", "@pulumi", "pulumi"), "dir");
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: provider-host-test\nruntime: nodejs\n");
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "provider-host-test", private: true }, null, 2));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A plain object → `google.protobuf.Struct` (what the engine sends as properties). */
export function toStruct(value: Record<string, unknown>): structPb.Struct {
  return structPb.Struct.fromJavaScript(value as Record<string, structPb.JavaScriptValue>);
}

/** A `google.protobuf.Struct` → a plain object (an absent struct → `{}`). */
export function fromStruct(s: structPb.Struct | undefined): Record<string, unknown> {
  return s ? (s.toJavaScript() as Record<string, unknown>) : {};
}

/** A URN as the engine builds it for a dynamic resource (`pulumi-nodejs:dynamic/cos:<Class>`). */
export function dynamicUrn(cls: string, name: string, stack = "test", project = "provider-host-test"): string {
  return `urn:pulumi:${stack}::${project}::pulumi-nodejs:dynamic/cos:${cls}::${name}`;
}

/** The partial-failure detail of a failed Create/Update (`pulumirpc.ErrorResourceInitFailed`). */
export interface ResourceInitFailure {
  id: string;
  properties: Record<string, unknown>;
  reasons: string[];
  message: string;
}

const INIT_FAILED = "pulumirpc.ErrorResourceInitFailed";

/**
 * Decodes the `grpc-status-details-bin` trailer of a gRPC error into the `ErrorResourceInitFailed` detail the engine
 * reads to keep a half-created resource in state; `undefined` when the error carries none (a plain failure).
 */
export function resourceInitFailureOf(err: unknown): ResourceInitFailure | undefined {
  const md = (err as Partial<grpc.ServiceError> | undefined)?.metadata;
  if (!(md instanceof grpc.Metadata)) return undefined;
  for (const raw of md.get("grpc-status-details-bin")) {
    const status = statusPb.Status.deserializeBinary(typeof raw === "string" ? Buffer.from(raw, "base64") : new Uint8Array(raw));
    for (const any of status.getDetailsList()) {
      if (any.getTypeName() !== INIT_FAILED) continue;
      const detail = any.unpack(providerPb.ErrorResourceInitFailed.deserializeBinary, INIT_FAILED);
      if (!detail) continue;
      return { id: detail.getId(), properties: fromStruct(detail.getProperties()), reasons: detail.getReasonsList(), message: status.getMessage() };
    }
  }
  return undefined;
}

type Props = Record<string, unknown>;
const TIMEOUT_S = 60;

/** A value as the engine marks a secret in a Struct (the signature key of Pulumi's secret sentinel). */
export const secretValue = (value: string) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

/**
 * Builders for the requests the engine sends (plain objects in, protobuf messages out). `olds` of Diff/Update/Read are
 * the stored OUTPUTS, as the engine sends them; the dynamic-provider host hands exactly those to the provider.
 */
export const requests = {
  configure(args: Props): providerPb.ConfigureRequest {
    return new providerPb.ConfigureRequest().setArgs(toStruct(args)).setAcceptsecrets(true).setAcceptresources(true);
  },
  /** Configure as the engine sends the stack config of a stack pointed at `server` (the key wrapped as a secret). */
  configureLocal(server: CosServer, secretKey: string, region: string): providerPb.ConfigureRequest {
    return requests.configure({
      "tencentcloud:secretId": server.accounts[0].secretId,
      "tencentcloud:secretKey": secretValue(secretKey),
      "tencentcloud:region": region,
      "cos:appId": server.accounts[0].appId,
      "cos:endpoint": server.endpoint,
    });
  },
  check(urn: string, olds: Props, news: Props): providerPb.CheckRequest {
    return new providerPb.CheckRequest().setUrn(urn).setOlds(toStruct(olds)).setNews(toStruct(news));
  },
  diff(id: string, urn: string, olds: Props, news: Props, oldInputs?: Props): providerPb.DiffRequest {
    const r = new providerPb.DiffRequest().setId(id).setUrn(urn).setOlds(toStruct(olds)).setNews(toStruct(news));
    return oldInputs ? r.setOldInputs(toStruct(oldInputs)) : r;
  },
  create(urn: string, properties: Props): providerPb.CreateRequest {
    return new providerPb.CreateRequest().setUrn(urn).setProperties(toStruct(properties)).setTimeout(TIMEOUT_S).setPreview(false);
  },
  read(id: string, urn: string, properties: Props, inputs?: Props): providerPb.ReadRequest {
    const r = new providerPb.ReadRequest().setId(id).setUrn(urn).setProperties(toStruct(properties));
    return inputs ? r.setInputs(toStruct(inputs)) : r;
  },
  update(id: string, urn: string, olds: Props, news: Props, oldInputs?: Props): providerPb.UpdateRequest {
    const r = new providerPb.UpdateRequest().setId(id).setUrn(urn).setOlds(toStruct(olds)).setNews(toStruct(news)).setTimeout(TIMEOUT_S);
    return oldInputs ? r.setOldInputs(toStruct(oldInputs)) : r;
  },
  delete(id: string, urn: string, properties: Props, oldInputs?: Props): providerPb.DeleteRequest {
    const r = new providerPb.DeleteRequest().setId(id).setUrn(urn).setProperties(toStruct(properties)).setTimeout(TIMEOUT_S);
    return oldInputs ? r.setOldInputs(toStruct(oldInputs)) : r;
  },
};

/** `DiffResponse.DiffChanges` names, for readable assertions. */
export function diffChangesName(c: providerPb.DiffResponse.DiffChanges): "none" | "some" | "unknown" {
  return c === providerPb.DiffResponse.DiffChanges.DIFF_NONE ? "none" : c === providerPb.DiffResponse.DiffChanges.DIFF_SOME ? "some" : "unknown";
}
