/**
 * Property values between the engine's wire form (google.protobuf.Struct with Pulumi's signature objects) and the
 * plain JSON the resource implementations take. We declare `acceptSecrets` (so the engine never unwraps a secret
 * for us in its own logs) but not resources or outputs, so only two special forms arrive: secrets
 * (`{ "4dabf…": "1b47…", value }`) and the unknown string of preview. @internal
 * @packageDocumentation
 */
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { UNKNOWN } from "../common/unknowns";

/** Pulumi's special-signature key and the secret signature (sdk/go/common/resource/sig). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export { UNKNOWN };

export type Obj = Record<string, unknown>;

/** `{ value, secretKeys }`: the plain value and the top-level keys that held a secret anywhere inside. */
export interface Unwrapped {
  value: Obj;
  secretKeys: Set<string>;
}

function isSecret(v: unknown): v is { value: unknown } {
  return v !== null && typeof v === "object" && (v as Obj)[SIG_KEY] === SECRET_SIG;
}

function strip(v: unknown, found: { secret: boolean }): unknown {
  if (isSecret(v)) {
    found.secret = true;
    return strip(v.value, found);
  }
  if (Array.isArray(v)) return v.map((x) => strip(x, found));
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x, found)]));
  }
  return v;
}

/** Plain properties from a Struct: secrets unwrapped (their top-level keys remembered), unknowns kept as the sentinel. */
export function fromStruct(s: Struct | undefined): Unwrapped {
  const raw = (s?.toJavaScript() ?? {}) as Obj;
  const secretKeys = new Set<string>();
  const value: Obj = {};
  for (const [k, v] of Object.entries(raw)) {
    const found = { secret: false };
    value[k] = strip(v, found);
    if (found.secret) secretKeys.add(k);
  }
  return { value, secretKeys };
}

/** Drops `undefined` (Struct cannot hold it) and anything JSON has no form for. */
function jsonSafe(v: unknown): unknown {
  if (v === undefined) return undefined;
  return JSON.parse(JSON.stringify(v)) as unknown;
}

/** A Struct from plain properties, wrapping each key of `secretKeys` (that is present) as a secret. */
export function toStruct(StructClass: typeof Struct, props: Obj, secretKeys: Iterable<string> = []): Struct {
  const out = (jsonSafe(props) ?? {}) as Obj;
  for (const k of secretKeys) {
    if (out[k] !== undefined && !isSecret(out[k])) out[k] = { [SIG_KEY]: SECRET_SIG, value: out[k] };
  }
  return StructClass.fromJavaScript(out as Record<string, never>);
}

/** The parts of a URN, `urn:pulumi:<stack>::<project>::<qualified type>::<name>`. */
export interface UrnParts {
  stack: string;
  project: string;
  type: string;
  /** The parents' types, outermost first, as the qualified type holds them (`my:Web$my:Inner`); "" at the top. */
  parents: string;
  name: string;
}

export function parseUrn(urn: string): UrnParts {
  const m = /^urn:pulumi:(.*?)::(.*?)::(.*?)::(.*)$/s.exec(urn);
  if (!m) throw new Error(`not a Pulumi URN: ${urn}`);
  const qualified = m[3];
  const cut = qualified.lastIndexOf("$");
  return { stack: m[1], project: m[2], type: qualified.slice(cut + 1), parents: cut < 0 ? "" : qualified.slice(0, cut), name: m[4] };
}
