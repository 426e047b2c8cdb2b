/**
 * Invoke: the lookup functions (`tencentcos:index:getBucket`, …). They are served from the `functions` export of
 * `provider/index.ts` when it has one (`functions.getBucket(args)`), so a function added there is served without an
 * edit here; any other token is a clear "unknown function". @internal
 * @packageDocumentation
 */
import * as provider from "../index";
import { PACKAGE } from "./kinds";
import type { Obj } from "./values";

type Fn = (args: Obj) => Promise<Obj>;

/** The functions `provider/index.ts` exports, by name (provider/functions.ts). */
export function functions(): Record<string, Fn> {
  return ((provider as unknown as { functions?: Record<string, Fn> }).functions ?? {});
}

const PREFIX = `${PACKAGE}:index:`;

/**
 * `getBucket` → `tencentcos:index:getBucket`: the token of a function, in the schema (scripts/gen-schema.ts) and
 * here, so the two cannot disagree. A camelCase member of the `index` module, Pulumi's convention for functions.
 */
export const functionToken = (name: string): string => `${PREFIX}${name}`;

export async function invoke(token: string, args: Obj): Promise<Obj> {
  const fns = functions();
  const name = token.startsWith(PREFIX) ? token.slice(PREFIX.length) : undefined;
  const fn = name !== undefined && Object.prototype.hasOwnProperty.call(fns, name) ? fns[name] : undefined;
  if (!fn) {
    const known = Object.keys(fns).map(functionToken);
    throw new Error(`unknown function ${token}: tencentcos ${known.length ? `serves ${known.join(", ")}` : "serves no functions yet"}`);
  }
  return fn(args);
}
