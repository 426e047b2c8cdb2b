/**
 * Registering a resource of this package formats none of the stack traces `@pulumi/pulumi` stores on its promises for
 * the leak report (sdk/resource.ts), while errors keep their stacks: the one a failed registration rejects with still
 * points at the `new` in the user's program, and PULUMI_DEBUG_PROMISE_LEAKS gets every stack as before.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { BucketCors } from "../../../sdk";
import { shim } from "../../../sdk/shim";
import { UNFORMATTED_STACK, withoutPromiseStacks } from "../../../sdk/resource";

const ROOT = path.resolve(__dirname, "..", "..", "..");

type Formatter = (err: Error, frames: NodeJS.CallSite[]) => string;
let formatted = 0;
/** Stands in for the source-map-support formatter the language host installs: counts what it formats. */
const counting: Formatter = (err, frames) => (formatted++, `${err.name}: ${err.message}\n${frames.map((f) => `    at ${f}`).join("\n")}`);
let saved: PropertyDescriptor | undefined;

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    { newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: () => ({}) },
    "stacks-project", "test", false,
  );
});
beforeEach(() => {
  saved = Object.getOwnPropertyDescriptor(Error, "prepareStackTrace");
  Error.prepareStackTrace = counting;
  formatted = 0;
});
afterEach(() => {
  delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
  if (saved) Object.defineProperty(Error, "prepareStackTrace", saved);
  else delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
});

const corsArgs = (i: number) => ({ bucket: `b${i}-1250000000`, rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET" as const] }] });
/** Stacks formatted while one resource is constructed (the synchronous span `@pulumi/pulumi` makes its promises in). */
function formattedDuring(make: () => pulumi.Resource): number {
  const before = formatted;
  made.push(make());
  return formatted - before;
}
/** Every resource made, whose registration (the provider's serialisation among it) must finish within the test. */
const made: pulumi.Resource[] = [];
const registered = () => Promise.all(made.splice(0).map((r) => (r.urn as unknown as { promise(): Promise<string> }).promise()));

test("constructing a resource formats no stack, and puts the formatter back", async () => {
  // The same registration as a plain dynamic resource formats one stack per promise: the measurement works.
  class Plain extends pulumi.dynamic.Resource {}
  const floor = formattedDuring(() => new Plain(shim("bucketCors"), "plain", corsArgs(0), {}, "cos", "BucketCors"));
  expect(floor).toBeGreaterThanOrEqual(12);
  // One stack is still formatted: the one @pulumi/pulumi parses the registration's source position from.
  for (let i = 1; i <= 20; i++) expect(formattedDuring(() => new BucketCors(`cors${i}`, corsArgs(i)))).toBe(1);
  expect(Error.prepareStackTrace).toBe(counting);
  await registered();
});

test("PULUMI_DEBUG_PROMISE_LEAKS keeps every stack for the leak report", async () => {
  process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
  expect(formattedDuring(() => new BucketCors("leaky", corsArgs(1)))).toBeGreaterThanOrEqual(20);
  expect(Error.prepareStackTrace).toBe(counting);
  await registered();
});

test("a failed registration's error keeps its message and a stack that points at the user's new", () => {
  // In a fresh process set up as the language host sets up a program (source-map-support installed), where the
  // rejection @pulumi/pulumi rethrows ends the program, as it ends a user's.
  const code = [
    `require(require.resolve("source-map-support/register", { paths: [require.resolve("@pulumi/pulumi")] }));`,
    `const pulumi = require("@pulumi/pulumi");`,
    `pulumi.runtime.setMocks({ newResource: () => { throw new Error("the mock refuses it"); }, call: () => ({}) }, "p", "s", false);`,
    `const { BucketCors } = require("./sdk");`,
    `new BucketCors("refused-cors", ${JSON.stringify(corsArgs(2))});`,
  ].join("\n");
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", code], { cwd: ROOT, encoding: "utf8" });
  expect(r.status).not.toBe(0);
  expect(r.stderr).toMatch(/failed to register new resource refused-cors .*the mock refuses it/);
  expect(r.stderr).not.toContain(UNFORMATTED_STACK);
  // The frame of the `new` (line 5 of the program), under the frames of this package's constructors.
  expect(r.stderr).toMatch(/at new BucketCors \(.*sdk\/bucketCors\.ts:\d+:\d+\)\n\s+at \[eval\]:5:1/);
});

test("a synchronous throw in the constructor restores the formatter, and its error's stack is whole", () => {
  let caught: Error | undefined;
  try {
    new BucketCors(undefined as unknown as string, corsArgs(3));
  } catch (e) {
    caught = e as Error;
  }
  expect(caught).toBeInstanceOf(Error);
  expect(Error.prepareStackTrace).toBe(counting);
  expect(caught!.stack).toMatch(/registrationStacks\.test\.ts/);
});

test("withoutPromiseStacks skips only debuggablePromise's stacks, and restores an absent formatter as absent", () => {
  delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
  const restore = withoutPromiseStacks();
  function debuggablePromise() {
    return new Error().stack;
  }
  expect(debuggablePromise()).toBe(UNFORMATTED_STACK);
  expect(new Error("inside").stack).toMatch(/^Error: inside\n\s+at .*registrationStacks\.test\.ts/);
  restore();
  expect(Object.getOwnPropertyDescriptor(Error, "prepareStackTrace")).toBeUndefined();
  expect(debuggablePromise()).toMatch(/^Error:?\s*\n\s+at debuggablePromise /);
});

test("the registration still sends the engine its source position: the user's new", async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the mock monitor, to see the request
  const monitor = require("@pulumi/pulumi/runtime/settings").getMonitor();
  const positions: { uri: string; line: number }[] = [];
  const original = monitor.registerResource;
  monitor.registerResource = function (req: { getSourceposition(): { getUri(): string; getLine(): number } | undefined }, cb: unknown) {
    const pos = req.getSourceposition();
    positions.push(pos ? { uri: pos.getUri(), line: pos.getLine() } : { uri: "none", line: 0 });
    return original.call(this, req, cb);
  };
  try {
    // A named function: @pulumi/pulumi parses `at name (file:line:column)` frames only.
    let line = 0;
    function userProgram() {
      line = Number(new Error().stack!.split("\n")[1].match(/:(\d+):\d+\)$/)![1]) + 1;
      return new BucketCors("positioned", corsArgs(4));
    }
    formattedDuring(userProgram);
    await registered();
    expect(positions).toEqual([{ uri: expect.stringMatching(/registrationStacks\.test\.ts$/), line }]);
  } finally {
    monitor.registerResource = original;
  }
});
