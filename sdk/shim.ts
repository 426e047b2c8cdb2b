import type * as pulumi from "@pulumi/pulumi";
import methods = require("./shimMethods");
import { registerUnderLink } from "./linkedInstall";

// A linked install (npm link, a workspace) stores the same small `require` as a copied one (see linkedInstall.ts).
registerUnderLink(require.resolve("./shimMethods"));

/** The resource kinds implemented by `pulumi-tencent-cos/provider`. @internal */
export type ResourceKind = "bucket" | "bucketCors" | "bucketLifecycle" | "bucketPolicy" | "replication" | "website"
  | "bucketLogging" | "bucketReferer" | "bucketObject" | "bucketAcceleration" | "bucketDomain" | "bucketInventory"
  | "syncedFolder";

/**
 * The serialisable provider stored (as `__provider`) in the state of every resource.
 *
 * It is an object whose only own property is the string `kind`; its methods are inherited from the module
 * `./shimMethods`, whose `module.exports` is the prototype, so an installed package stores
 * `Object.create(require("pulumi-tencent-cos/dist/sdk/shimMethods.js"))` plus the kind (≈ 350 bytes) rather than the
 * methods' source (see that module). The implementation is `require`d by package name when the engine calls a
 * method, inside the dynamic-provider process, which resolves it from the Pulumi project directory. Capturing a
 * client, a parser or a credential here would put it into state (pulumi/pulumi#13960, #8265), and a relative require
 * would be captured by value or break in the provider process (LESSONS.md §2).
 *
 * State written by earlier versions stores the seven closures themselves, calling
 * `require("pulumi-tencent-cos/provider").resources[kind][method](…)`: that export stays, so such state still
 * refreshes, updates and deletes (test/integ/serialization.integ.test.ts).
 * @internal
 */
export function shim(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  // One object per kind: @pulumi/pulumi caches the serialised provider per provider *object* (a WeakMap in
  // dynamic/index.js), so a fresh object per resource would serialise every resource again (LESSONS.md §5).
  let provider = providers.get(kind);
  if (provider === undefined) {
    provider = makeShim(kind);
    providers.set(kind, provider);
  }
  return provider;
}

/** Memo of {@link shim}; the serialiser sees only the object (its prototype and `kind`), never this map. */
const providers = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

function makeShim(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  // A plain assignment (not Object.create's descriptors) serialises as `__provider.kind = "<kind>"`.
  const provider = Object.create(methods) as pulumi.dynamic.ResourceProvider & { kind: ResourceKind };
  provider.kind = kind;
  return provider;
}
