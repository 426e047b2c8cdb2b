/**
 * Runs a Pulumi program against the BUILT sdk (dist/sdk) under `pulumi.runtime.setMocks`, recording what every
 * resource registration sends to the engine. The `__provider` input recorded here is exactly the string the engine
 * would store in state and hand to the dynamic-provider process.
 *
 * dist/, not the TypeScript sources: ts-jest (and coverage instrumentation) rewrite function bodies, and the closure
 * serializer captures whatever the function body references, so only the built JavaScript shows what users ship.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type * as Sdk from "../../sdk";

/** The repository root (the package `pulumi-tencent-cos`). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** The built sdk entry point (`exports["."]`). */
export const DIST_SDK = path.join(REPO_ROOT, "dist", "sdk");

/** One `RegisterResource` as the mock monitor received it. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  /** Inputs as sent on the wire (undefined values dropped); includes `__provider` for dynamic resources. */
  readonly inputs: Record<string, unknown>;
  /** The state the mock answered with (inputs plus {@link MockOptions.outputs}). */
  readonly state: Record<string, unknown>;
}

/** Options of {@link runUnderMocks}. */
export interface MockOptions {
  /** Stack configuration visible to the program (`pulumi.Config`), e.g. `{ "tencentcloud:secretKey": "…" }`. */
  config?: Record<string, string>;
  /** Config keys to mark secret. */
  secretKeys?: string[];
  /** Extra state the mock engine returns for a registration (outputs the provider would compute). */
  outputs?: (type: string, name: string, inputs: Record<string, unknown>) => Record<string, unknown>;
}

/** The value of an output once known (mocks run with preview = false, so every output becomes known). */
export function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve) => {
    o.apply((v) => {
      resolve(v);
      return v;
    });
  });
}

/** `require`s dist/sdk (after the caller has set up env and mocks, so module-load code sees them). */
export function loadDistSdk(): typeof Sdk {
  if (!fs.existsSync(path.join(DIST_SDK, "index.js"))) throw new Error(`${DIST_SDK}/index.js is missing: run \`npm run build\` first`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built package, on purpose
  return require(DIST_SDK) as typeof Sdk;
}

/**
 * Sets mocks and config, loads dist/sdk, runs `program` and waits until every resource it returns is registered.
 * Returns the registrations in order plus whatever `program` returned.
 */
export async function runUnderMocks<T extends Record<string, pulumi.CustomResource>>(
  program: (sdk: typeof Sdk) => T,
  opts: MockOptions = {},
): Promise<{ registrations: Registration[]; resources: T }> {
  const registrations: Registration[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const inputs = args.inputs as Record<string, unknown>;
        const state = { ...inputs, ...(opts.outputs?.(args.type, args.name, inputs) ?? {}) };
        registrations.push({ type: args.type, name: args.name, inputs, state });
        return { id: `${args.name}-id`, state };
      },
      call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        throw new Error(`unexpected invoke ${args.token}`);
      },
    },
    "serialization-test",
    "test",
    false,
    // sdk/common ownerKeyOf reads pulumi.getOrganization(), which throws under mocks without one.
    "organization",
  );
  pulumi.runtime.setAllConfig(opts.config ?? {}, opts.secretKeys);
  const resources = program(loadDistSdk());
  await Promise.all(Object.values(resources).map((r) => valueOf(r.id)));
  return { registrations, resources };
}
