/**
 * The seven methods of every resource's serialisable provider, shared by all kinds: the prototype of the objects
 * {@link shim} returns, which carry only their `kind`.
 *
 * This module's `module.exports` *is* that prototype, so `@pulumi/pulumi`'s closure serialiser finds it in
 * `require.cache` (runtime/closure/createClosure.js, findNormalizedModuleNameAsync). When the package is installed
 * under `node_modules` (npm, yarn, pnpm), it stores the provider as
 * `Object.create(require("pulumi-tencent-cos/dist/sdk/shimMethods.js")); __provider.kind = "<kind>"` (≈ 350 bytes)
 * instead of the source of seven closures (≈ 2.4 KB), in the inputs and again in the outputs of every resource.
 * That subpath is in package.json `exports` under its own file name, so the text is the same whether or not the
 * serialiser can read our package.json (it maps the file through `exports` when it can), and the dynamic-provider
 * process, which resolves `require` from the Pulumi project directory, loads this file. (The serialiser reads the
 * package.json that `require.resolve("pulumi-tencent-cos")` finds from `@pulumi/pulumi`; should that be another,
 * older copy without this subpath, it refuses to serialise: one version per project avoids it.)
 *
 * A linked install (`npm link`, a workspace) is loaded from outside `node_modules`; sdk/linkedInstall.ts then also
 * enters this module in `require.cache` under the link's path, so the same `require` is stored. Where no link is
 * found above the working directory, the serialiser captures this object by value instead; then the methods below
 * are what is stored, so they must stay serialisable: they reach the implementation only through
 * `require("pulumi-tencent-cos/provider")` by package name, at call time, and capture nothing else (no client, parser or credential: pulumi/pulumi#13960, #8265; LESSONS.md §2).
 *
 * Nothing is required when this module loads: the provider process loads the implementation on the first call.
 * The host calls every method on the provider object (`provider.check(…)`), so `this.kind` is the resource's kind.
 * @internal
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "./shim";

/** What `this` is in each method: the per-kind object of {@link shim}. */
interface Kinded {
  readonly kind: ResourceKind;
}
type Dynamic = Required<pulumi.dynamic.ResourceProvider>;
/** What `pulumi-tencent-cos/provider` exports to the shim (provider/index.ts). */
interface ProviderModule {
  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void>;
  resources: Record<ResourceKind, Dynamic>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the one place allowed to require (see above)
const p = (): ProviderModule => require("pulumi-tencent-cos/provider");

// Method shorthand (not arrows): `this` is the object the host calls the method on.
const methods = {
  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    return p().configure(req);
  },
  check(this: Kinded, olds: Parameters<Dynamic["check"]>[0], news: Parameters<Dynamic["check"]>[1]): ReturnType<Dynamic["check"]> {
    return p().resources[this.kind].check(olds, news);
  },
  diff(this: Kinded, id: string, olds: Parameters<Dynamic["diff"]>[1], news: Parameters<Dynamic["diff"]>[2]): ReturnType<Dynamic["diff"]> {
    return p().resources[this.kind].diff(id, olds, news);
  },
  create(this: Kinded, inputs: Parameters<Dynamic["create"]>[0]): ReturnType<Dynamic["create"]> {
    return p().resources[this.kind].create(inputs);
  },
  read(this: Kinded, id: string, props: Parameters<Dynamic["read"]>[1]): ReturnType<Dynamic["read"]> {
    return p().resources[this.kind].read(id, props);
  },
  update(this: Kinded, id: string, olds: Parameters<Dynamic["update"]>[1], news: Parameters<Dynamic["update"]>[2]): ReturnType<Dynamic["update"]> {
    return p().resources[this.kind].update(id, olds, news);
  },
  delete(this: Kinded, id: string, props: Parameters<Dynamic["delete"]>[1]): ReturnType<Dynamic["delete"]> {
    return p().resources[this.kind].delete(id, props);
  },
};

export = methods;
