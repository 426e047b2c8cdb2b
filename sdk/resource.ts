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
 * promises are made (`prepareResource` never awaits before them), this installs a formatter that returns a constant,
 * and then puts back the one that was there. An error made in the span and read later (the error `@pulumi/pulumi`
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

/** What `.stack` reads as for an error made and read inside a registration's synchronous span. @internal */
export const UNFORMATTED_STACK = "Error (stack not formatted during registration: set PULUMI_DEBUG_PROMISE_LEAKS to keep it)";

const unformatted = () => UNFORMATTED_STACK;

/** Installs the constant formatter and returns what restores the previous one exactly. @internal */
export function withoutPromiseStacks(): () => void {
  if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return () => {};
  const previous = Object.getOwnPropertyDescriptor(Error, "prepareStackTrace");
  try {
    Object.defineProperty(Error, "prepareStackTrace", { value: unformatted, writable: true, configurable: true, enumerable: false });
  } catch {
    return () => {}; // a frozen or non-configurable hook: leave it alone
  }
  return () => {
    if (previous) Object.defineProperty(Error, "prepareStackTrace", previous);
    else delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
  };
}
