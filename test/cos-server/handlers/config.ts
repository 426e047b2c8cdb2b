/**
 * The PUT/GET/DELETE pattern shared by XML configuration sub-resources: PUT replaces the whole document
 * (digest §5 conventions), GET of nothing configured answers the §4.3 code, DELETE is always 204.
 */
import { type Ctx, type CosResponse, empty, ownedBucket, requireContentMd5, xml } from "../context";
import { CosError } from "../errors";
import type { BucketRecord, ConfigName, ConfigValues } from "../types";
import type { PlainObject } from "../xml";

/** Names of configurations stored as canonical XML objects. */
export type XmlConfigName = { [K in ConfigName]: ConfigValues[K] extends PlainObject ? K : never }[ConfigName];

/** How one XML configuration is parsed and answered. */
export interface XmlConfigSpec {
  readonly name: XmlConfigName;
  readonly root: string;
  /** 404 code when nothing is configured (digest §4.3). */
  readonly notFoundCode: string;
  readonly notFoundMessage: string;
  /** Content-MD5 is required (cors, lifecycle: 002:L2511-2515, L2676-2682). */
  readonly requireMd5?: boolean;
  /** Parses and validates the body into the canonical stored/returned document; throws CosError. */
  readonly parse: (ctx: Ctx, bucket: BucketRecord) => PlainObject;
  /** Optional transform from stored value to the GET document. */
  readonly render?: (value: PlainObject) => PlainObject;
}

/** PUT/GET/DELETE handlers for one configuration. */
export function xmlConfig(spec: XmlConfigSpec): Record<"PUT" | "GET" | "DELETE", (ctx: Ctx) => CosResponse> {
  return {
    PUT(ctx) {
      const b = ownedBucket(ctx);
      if (spec.requireMd5) requireContentMd5(ctx);
      const value = spec.parse(ctx, b);
      ctx.state.writeConfig(b, spec.name, value, Date.now());
      return empty(200);
    },
    GET(ctx) {
      const b = ownedBucket(ctx);
      const value = ctx.state.readConfig(b, spec.name, ctx.faults.staleReadsMs, Date.now());
      if (value === undefined) throw new CosError(404, spec.notFoundCode, spec.notFoundMessage);
      return xml(spec.root, spec.render ? spec.render(value) : value);
    },
    DELETE(ctx) {
      const b = ownedBucket(ctx);
      // Idempotent: 204 even when nothing is configured (003:L131118-131119, digest §7 C13).
      if (b.configs[spec.name]?.value !== undefined) ctx.state.writeConfig(b, spec.name, undefined, Date.now());
      return empty(204);
    },
  };
}

/** Parses a non-negative decimal integer or throws 400 InvalidArgument. */
export function intValue(s: string | undefined, what: string, min: number, max: number): number {
  if (s === undefined || !/^\d+$/.test(s)) throw new CosError(400, "InvalidArgument", `${what} must be an integer.`);
  const n = Number(s);
  if (n < min || n > max) throw new CosError(400, "InvalidArgument", `${what} must be between ${min} and ${max}.`);
  return n;
}

/** Checks an enum value (exact match) or throws 400 `code`. */
export function enumValue(s: string | undefined, allowed: readonly string[], what: string, code = "MalformedXML"): string {
  if (s === undefined || !allowed.includes(s)) throw new CosError(400, code, `${what} must be one of ${allowed.join(", ")}.`);
  return s;
}
