import type { CheckFailure } from "@pulumi/pulumi/dynamic";
import { isUnknown } from "./unknowns";

/** A plain JSON object. @internal */
export type Obj = Record<string, unknown>;

/** Options of the scalar readers of {@link Checker}. @internal */
interface Opts { required?: boolean }

/** Rules for a string value. @internal */
export interface StringRules extends Opts {
  pattern?: RegExp;
  rule?: string;
  maxLength?: number;
  minLength?: number;
  oneOf?: readonly string[];
  /** With `oneOf`: match case-insensitively and return the canonical spelling from `oneOf` (`standard_ia` → `STANDARD_IA`). */
  ignoreCase?: boolean;
  /** A domain rule returning a problem message, e.g. `validateBucketName`. */
  check?: (s: string) => string | undefined;
}

/**
 * Collects `check` failures, each naming the property path and the rule (`rules[2].maxAgeSeconds: must be an integer
 * ≥ 0`). Every reader returns the value when it is valid, `undefined` when it is absent or invalid (a failure is then
 * recorded), and the unknown sentinel unchanged during preview. Validation problems are never thrown: the
 * dynamic-provider host reports check failures per property, before any API call. @internal
 */
export class Checker {
  readonly failures: CheckFailure[] = [];

  /**
   * `tolerant`: a value of the right type that breaks a rule is kept as it is (the failure is still recorded)
   * instead of being dropped; a value of the wrong type is still dropped (live documents and stored state are typed). This is the read-back path: a live document COS hands back, or stored state, is mapped to the model
   * with the same canonicalisation as `check`, but nothing the model has a place for is lost (issue 11).
   */
  constructor(readonly tolerant = false) {}

  fail(property: string, reason: string): undefined {
    this.failures.push({ property, reason });
    return undefined;
  }

  /** Records a failure of value `v`; returns `undefined`, or `v` itself when tolerant. */
  private reject<T>(property: string, reason: string, v: unknown): T | undefined {
    this.fail(property, reason);
    return this.tolerant ? (v as T) : undefined;
  }

  private absent(path: string, v: unknown, o: Opts | undefined): boolean {
    if (v === undefined || v === null) {
      if (o?.required) this.fail(path, "is required");
      return true;
    }
    return false;
  }

  string(path: string, v: unknown, o?: StringRules): string | undefined {
    if (this.absent(path, v, o)) return undefined;
    if (isUnknown(v)) return v as string;
    if (typeof v !== "string") return this.fail(path, `must be a string, got ${describe(v)}`); // a wrong type is never kept
    if (o?.minLength !== undefined && v.length < o.minLength) return this.reject(path, o.minLength === 1 ? "must not be empty" : `must be at least ${o.minLength} characters`, v);
    if (o?.maxLength !== undefined && v.length > o.maxLength) return this.reject(path, `must be at most ${o.maxLength} characters (got ${v.length})`, v);
    let s = v;
    if (o?.oneOf) {
      const hit = o.ignoreCase ? o.oneOf.find((x) => x.toLowerCase() === v.toLowerCase()) : o.oneOf.includes(v) ? v : undefined;
      if (hit === undefined) return this.reject(path, `must be one of ${o.oneOf.map((x) => JSON.stringify(x)).join(", ")}, got ${JSON.stringify(v)}`, v);
      s = hit;
    }
    if (o?.pattern && !o.pattern.test(s)) return this.reject(path, `${o.rule ?? `must match ${o.pattern}`}, got ${JSON.stringify(s)}`, s);
    const problem = o?.check?.(s);
    if (problem) return this.reject(path, problem, s);
    return s;
  }

  /** An integer in [min, max]; numeric strings are accepted (config values arrive as strings). */
  int(path: string, v: unknown, o?: Opts & { min?: number; max?: number }): number | undefined {
    if (this.absent(path, v, o)) return undefined;
    if (isUnknown(v)) return v as unknown as number;
    // Read (tolerant) turns only plainly written integer text into a number: "0301" stays text, as COS sent it.
    const n = typeof v === "string" && (this.tolerant ? /^(0|-?[1-9]\d*)$/ : /^-?\d+$/).test(v.trim()) ? Number(v) : v;
    const range = `${o?.min !== undefined ? ` ≥ ${o.min}` : ""}${o?.min !== undefined && o?.max !== undefined ? " and" : ""}${o?.max !== undefined ? ` ≤ ${o.max}` : ""}`;
    // Tolerant keeps a number, or the wire text of one that is not an integer (a live `<Days>abc</Days>`), nothing else.
    // A safe integer only: a larger one is sent as text like "1e+21" or rounded, which COS refuses or misreads.
    if (typeof n !== "number" || !Number.isSafeInteger(n)) return typeof v === "string" || typeof v === "number" ? this.reject(path, `must be an integer${range}, got ${describe(v)}`, v) : this.fail(path, `must be an integer${range}, got ${describe(v)}`);
    if ((o?.min !== undefined && n < o.min) || (o?.max !== undefined && n > o.max)) return this.reject(path, `must be an integer${range}, got ${n}`, n);
    return n;
  }

  bool(path: string, v: unknown, o?: Opts): boolean | undefined {
    if (this.absent(path, v, o)) return undefined;
    if (isUnknown(v)) return v as unknown as boolean;
    if (v === "true" || v === "false") return v === "true";
    if (typeof v !== "boolean") return this.fail(path, `must be a boolean, got ${describe(v)}`);
    return v;
  }

  array(path: string, v: unknown, o?: Opts & { min?: number; max?: number }): unknown[] | undefined {
    if (this.absent(path, v, o)) return undefined;
    if (isUnknown(v)) return v as unknown as unknown[];
    if (!Array.isArray(v)) return this.fail(path, `must be a list, got ${describe(v)}`);
    if (o?.min !== undefined && v.length < o.min) return this.reject(path, o.min === 1 ? "must have at least one item" : `must have at least ${o.min} items`, v);
    if (o?.max !== undefined && v.length > o.max) return this.reject(path, `must have at most ${o.max} items (got ${v.length})`, v);
    return v;
  }

  /** A list of strings, each validated by `item` (path `name[i]`). */
  strings(path: string, v: unknown, o?: Opts & { min?: number; max?: number; item?: StringRules }): string[] | undefined {
    const arr = this.array(path, v, o);
    if (arr === undefined || isUnknown(arr)) return arr as string[] | undefined;
    const out = arr.map((x, i) => this.string(`${path}[${i}]`, x, { ...o?.item, required: true }));
    if (this.tolerant) return out.filter((x) => x !== undefined) as string[];
    return out.every((x) => x !== undefined) ? (out as string[]) : undefined;
  }

  object(path: string, v: unknown, o?: Opts & { allowed?: readonly string[] }): Obj | undefined {
    if (this.absent(path, v, o)) return undefined;
    if (isUnknown(v)) return v as unknown as Obj;
    if (typeof v !== "object" || Array.isArray(v)) return this.fail(path, `must be an object, got ${describe(v)}`);
    if (o?.allowed) {
      for (const k of Object.keys(v as Obj)) {
        if (!o.allowed.includes(k)) this.fail(`${path ? `${path}.` : ""}${k}`, `is not a known property (expected one of ${o.allowed.join(", ")})`);
      }
    }
    return v as Obj;
  }

  /** A string→string map, e.g. tags. */
  stringMap(path: string, v: unknown, o?: Opts & { key?: (k: string) => string | undefined; value?: (val: string) => string | undefined; maxEntries?: number; maxEntriesRule?: string }): Record<string, string> | undefined {
    const obj = this.object(path, v, o);
    if (obj === undefined || isUnknown(obj)) return obj as Record<string, string> | undefined;
    const entries = Object.entries(obj);
    if (o?.maxEntries !== undefined && entries.length > o.maxEntries) this.fail(path, `must have at most ${o.maxEntries} entries (got ${entries.length})${o.maxEntriesRule ? `: ${o.maxEntriesRule}` : ""}`);
    const out: Record<string, string> = {};
    let ok = o?.maxEntries === undefined || entries.length <= o.maxEntries;
    for (const [k, val] of entries) {
      const keyProblem = o?.key?.(k);
      if (keyProblem) { this.fail(`${path}["${k}"]`, keyProblem); ok = false; if (this.tolerant && typeof val === "string") setOwn(out, k, val); continue; }
      const s = this.string(`${path}["${k}"]`, val, { required: true });
      if (s === undefined) { ok = false; continue; }
      const valProblem = isUnknown(s) || typeof s !== "string" ? undefined : o?.value?.(s);
      if (valProblem) { this.fail(`${path}["${k}"]`, valProblem); ok = false; }
      if (!valProblem || this.tolerant) setOwn(out, k, s);
    }
    return ok || this.tolerant ? out : undefined;
  }

  /** Records a failure when more than one of `keys` is set on `obj`, or (if `atLeastOne`) none is. */
  exclusive(path: string, obj: Obj, keys: readonly string[], atLeastOne = false): void {
    const set = keys.filter((k) => obj[k] !== undefined && obj[k] !== null);
    if (set.length > 1) this.fail(path, `give only one of ${keys.join(", ")} (got ${set.join(" and ")})`);
    else if (atLeastOne && set.length === 0) this.fail(path, `give one of ${keys.join(", ")}`);
  }
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return "a list";
  if (v === null) return "null";
  if (typeof v === "object") return "an object";
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** Drops keys whose value is `undefined`, recursively: outputs must be plain JSON (LESSONS.md §2). @internal */
export function plain<T>(v: T): T {
  if (Array.isArray(v)) return v.map(plain) as unknown as T;
  if (v !== null && typeof v === "object") {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v as Obj)) if (x !== undefined) setOwn(out, k, plain(x));
    return out as T;
  }
  return v;
}

/**
 * `o[k] = v` as an own property, for any key: assigning `__proto__` would set the prototype and lose the entry. For
 * every map keyed by user data (tags, object keys). @internal
 */
export function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** Drops top-level undefined keys so normalised forms compare equal whether a value was omitted or absent. @internal */
export function compact<T extends Obj>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Tag keys Tencent Cloud reserves for itself. [DECISION] sources: the COS bucket-tag page ("a tag key starting with
 * `qcs:` or `project` is a default tag key and cannot be created", tencentcloud.com/document/product/436/31509) and
 * the Tag API's `ReservedTagKey` error ("system reserved tag keys qcloud, tencent and project", …/651/33015), read
 * as exact keys since only the COS page speaks of prefixes. Tag keys are case-sensitive (436/31509), so is this.
 * Applies to bucket tags and to lifecycle filter tags. @internal
 */
export const RESERVED_TAG_PREFIXES = ["qcs:", "project"] as const;
const RESERVED_TAG_KEYS = ["qcloud", "tencent", "project"] as const;

/** Why tag key `k` is reserved, or undefined. @internal */
export function reservedTagKey(k: string): string | undefined {
  const prefix = RESERVED_TAG_PREFIXES.find((p) => k.startsWith(p));
  if (prefix !== undefined) return `tag keys must not start with \`${prefix}\` (reserved by Tencent Cloud)`;
  if ((RESERVED_TAG_KEYS as readonly string[]).includes(k)) return `the tag key \`${k}\` is reserved by Tencent Cloud`;
  return undefined;
}

/**
 * Any value as text, for sort keys and messages, without ever throwing: `String()` and template literals throw on an
 * object without a prototype (`{"__proto__": null}` arrives from JSON), and check must never throw. @internal
 */
export function asText(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === undefined || v === null) return "";
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  try { return JSON.stringify(v) ?? ""; } catch { return ""; }
}
