import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

/**
 * The base of every resource class of this package: a `pulumi.dynamic.Resource` whose registration does not format
 * stack traces that nobody reads.
 *
 * `@pulumi/pulumi` wraps each promise it makes for a resource (four per registered property, plus its URN and id) in
 * `debuggablePromise`, which stores `new Error().stack` on it for its promise-leak report. That report prints the
 * stacks only when `PULUMI_DEBUG_PROMISE_LEAKS` is set, but reading `.stack` formats it at once, and the language host
 * installs `source-map-support`, whose formatting maps every frame: ≈ 70–100 µs per promise, ≈ 3 ms per resource,
 * most of the program's CPU for a large stack (test/bench/README.md, engine section).
 *
 * V8 captures an error's frames when the error is made and formats them on the first read of `.stack`, with the
 * `Error.prepareStackTrace` installed at that moment. So for the synchronous span of the registration, where those
 * promises are made (`prepareResource` never awaits before them), this installs a formatter that returns a constant
 * for a stack whose top frame is `debuggablePromise` and formats any other as the previous formatter does; then it
 * puts back the one that was there. The one stack it alters is the one `@pulumi/pulumi` parses the registration's
 * source position from (and sends to the engine): it leaves out this package's constructors, so that the position
 * is the user's `new`, not our class file. An error made in the span and read later (the error `@pulumi/pulumi`
 * preallocates for a failed registration, so that it points at the user's `new`) keeps its full, source-mapped
 * stack, because it is formatted after the span. With `PULUMI_DEBUG_PROMISE_LEAKS` set nothing is changed: the leak
 * report then needs the stacks. @internal
 */
export abstract class CosResource extends pulumi.dynamic.Resource {
  constructor(
    provider: pulumi.dynamic.ResourceProvider,
    name: string,
    props: pulumi.Inputs,
    opts: pulumi.CustomResourceOptions | undefined,
    module: string,
    type: string,
  ) {
    const restore = withoutPromiseStacks();
    try {
      super(provider, name, props, opts, module, type);
    } finally {
      restore();
    }
  }
}

const SDK_DIR = __dirname + path.sep;
const isOurs = (file: string | undefined | null) => !!file && file.startsWith(SDK_DIR);

/** What `.stack` reads as for a `debuggablePromise` stack read inside a registration's span. @internal */
export const UNFORMATTED_STACK = "Error (stack not formatted during registration: set PULUMI_DEBUG_PROMISE_LEAKS to keep it)";

type Formatter = (err: Error, frames: NodeJS.CallSite[]) => unknown;

/**
 * Installs a formatter that returns a constant for the stacks `debuggablePromise` makes (its frame on top) and formats
 * every other stack as before (the registration's source position, which `@pulumi/pulumi` parses from a stack, and
 * any error); returns what restores the previous formatter exactly. @internal
 */
export function withoutPromiseStacks(): () => void {
  if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return () => {};
  const previous = Object.getOwnPropertyDescriptor(Error, "prepareStackTrace");
  const format: Formatter =
    typeof previous?.value === "function"
      ? (previous.value as Formatter)
      : (err, frames) => `${Error.prototype.toString.call(err)}${frames.map((f) => `\n    at ${f}`).join("")}`; // Node's own
  const formatter: Formatter = (err, frames) => {
    const top = frames[0]?.getFunctionName();
    if (top === "debuggablePromise") return UNFORMATTED_STACK;
    // Resource.callsites: the stack @pulumi/pulumi takes the source position from, a fixed number of frames below its
    // own. Leave out this package's constructors, so that the position is the user's `new`, as for a class that
    // extends a pulumi resource directly.
    if (top === "callsites") return format.call(Error, err, frames.filter((f) => !isOurs(f.getFileName())));
    return format.call(Error, err, frames);
  };
  try {
    Object.defineProperty(Error, "prepareStackTrace", { value: formatter, writable: true, configurable: true, enumerable: false });
  } catch {
    return () => {}; // a frozen or non-configurable hook: leave it alone
  }
  return () => {
    if (previous) Object.defineProperty(Error, "prepareStackTrace", previous);
    else delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
  };
}
