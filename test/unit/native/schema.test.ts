/**
 * One source of truth: provider/native/schema.json is what scripts/gen-schema.ts derives from the sdk classes, and the
 * schema and the provider's `check` agree on which inputs exist (both directions); its functions are exactly what
 * Invoke serves, typed by the sdk's args and the provider's results.
 */
import * as fs from "node:fs";
import { SCHEMA_PATH, generateSchema, schemaJson } from "../../../scripts/gen-schema";
import { resources } from "../../../provider";
import { functionToken, functions as served, invoke } from "../../../provider/native/invoke";
import { tokenOf } from "../../../provider/native/kinds";

type ResourceSpec = { inputProperties: Record<string, unknown>; properties: Record<string, unknown> };
type ObjectSpec = { type: string; description?: string; properties: Record<string, { description?: string; $ref?: string; type?: string }>; required?: string[] };
type FunctionSpec = { description?: string; inputs: ObjectSpec; outputs: ObjectSpec };
const schema = generateSchema() as { resources: Record<string, ResourceSpec>; types: Record<string, unknown>; functions: Record<string, FunctionSpec> };
const kinds = Object.keys(resources) as (keyof typeof resources)[];

test("the committed schema.json is what the sdk classes say (run `npm run build` after changing sdk/)", () => {
  expect(fs.readFileSync(SCHEMA_PATH, "utf8")).toBe(schemaJson());
});

test("every resource the provider serves is in the schema, and nothing else", () => {
  expect(Object.keys(schema.resources).sort()).toEqual(kinds.map(tokenOf).sort());
});

/** The property names `check` knows, read from its own failure for an unknown property ("… (known: a, b, c)"). */
async function knownByCheck(kind: keyof typeof resources): Promise<string[] | undefined> {
  const r = await resources[kind].check({}, { zzzzzzzzzzzzzzzzzzzzzzzz: 1 });
  const reason = (r.failures ?? []).map((f) => f.reason).find((m) => m.includes("(known: "));
  return reason ? /\(known: ([^)]*)\)/.exec(reason)![1].split(", ") : undefined;
}

/** Whether `check` refuses `key` as unknown. */
async function refuses(kind: keyof typeof resources, key: string): Promise<boolean> {
  const r = await resources[kind].check({}, { [key]: "x" });
  return (r.failures ?? []).some((f) => (f.property === key || f.reason.startsWith(`${key}:`)) && f.reason.includes("is not a known property"));
}

/**
 * Resources whose `check` does not refuse unknown properties, so the first direction cannot be read from it. Named
 * here, asserted below to still be so (the test fails once it is fixed, and the entry must go).
 */
const NO_UNKNOWN_CHECK: readonly string[] = ["bucketObject", "syncedFolder"];

describe.each(kinds)("%s", (kind) => {
  const spec = () => schema.resources[tokenOf(kind)];

  test("every property check accepts is an input or an output of the schema", async () => {
    const known = await knownByCheck(kind);
    if (NO_UNKNOWN_CHECK.includes(kind)) {
      if (known !== undefined) throw new Error(`${kind}'s check now refuses unknown properties: remove it from NO_UNKNOWN_CHECK in this test`);
      return;
    }
    expect(known).toBeDefined();
    const inSchema = new Set([...Object.keys(spec().inputProperties), ...Object.keys(spec().properties)]);
    // bookkeeping outputs the provider computes itself (write times) are not part of the API
    expect(known!.filter((k) => !inSchema.has(k) && !["writtenAt", "createdAt"].includes(k))).toEqual([]);
  });

  test("every schema input is a property check knows", async () => {
    const refused: string[] = [];
    for (const k of Object.keys(spec().inputProperties)) if (await refuses(kind, k)) refused.push(k);
    expect(refused).toEqual([]);
    if (!NO_UNKNOWN_CHECK.includes(kind)) expect(await refuses(kind, "zzzzzzzzzzzzzzzzzzzzzzzz")).toBe(true); // the probe works
  });
});

test("types, descriptions and defaults come from the TSDoc and the TypeScript types", () => {
  const bucket = schema.resources["tencentcos:index:Bucket"].inputProperties as Record<string, Record<string, unknown>>;
  expect(bucket.acl).toMatchObject({ type: "string", default: "private" });
  expect(bucket.acl.description).toContain("Canned ACL");
  expect(bucket.tags).toMatchObject({ type: "object", additionalProperties: { type: "string" } });
  expect(bucket.grants).toEqual(expect.objectContaining({ $ref: "#/types/tencentcos:index:BucketGrants" }));
  const cors = schema.resources["tencentcos:index:BucketCors"];
  expect(cors.inputProperties.rules).toMatchObject({ type: "array", items: { $ref: "#/types/tencentcos:index:CorsRule" } });
  expect(schema.types["tencentcos:index:CorsRule"]).toMatchObject({ required: ["allowedOrigins", "allowedMethods"] });
  expect((schema as unknown as { config: { variables: Record<string, { secret?: boolean }> } }).config.variables.secretKey.secret).toBe(true);
});

describe("functions", () => {
  test("the schema's function tokens are exactly what Invoke serves (provider/functions.ts `functions`)", async () => {
    const tokens = Object.keys(served()).map(functionToken).sort();
    expect(tokens).toEqual(["tencentcos:index:getBucket", "tencentcos:index:getBuckets"]); // and the list is not empty
    expect(Object.keys(schema.functions).sort()).toEqual(tokens);
    // Invoke dispatches each schema token to its function: a bad argument is that function's check, not "unknown function".
    for (const token of Object.keys(schema.functions)) {
      await expect(invoke(token, { bucket: 42, region: 42 })).rejects.toThrow(new RegExp(`^${token.split(":").pop()}: (bucket|region) must be a string`));
    }
    await expect(invoke("tencentcos:getBucket", {})).rejects.toThrow("unknown function tencentcos:getBucket");
  });

  test("a function served but not declared in sdk/functions.ts fails the generation", () => {
    const fns = served() as Record<string, unknown>;
    fns.getNothing = async () => ({});
    try {
      expect(() => generateSchema()).toThrow("provider/functions.ts serves getNothing but sdk/functions.ts has no function getNothing");
    } finally {
      delete fns.getNothing;
    }
  });

  test("inputs come from the sdk args interfaces, outputs from the provider's result types, every property described", () => {
    const getBucket = schema.functions["tencentcos:index:getBucket"];
    expect(getBucket.description).toContain("Looks up one bucket");
    expect(getBucket.inputs).toMatchObject({ type: "object", properties: { bucket: { type: "string" }, region: { type: "string" } }, required: ["bucket"] });
    expect(Object.keys(getBucket.outputs.properties).sort()).toEqual(["acl", "bucket", "bucketDomain", "region", "tags", "url", "versioning", "websiteEndpoint"]);
    expect(getBucket.outputs.properties.acl.$ref).toBe("#/types/tencentcos:index:AccessControlPolicy");
    expect(schema.types["tencentcos:index:AccessControlPolicy"]).toMatchObject({ required: ["owner", "grants"], properties: { grants: { type: "array", items: { $ref: "#/types/tencentcos:index:AclGrant" } } } });
    expect(getBucket.outputs.properties.versioning).toMatchObject({ type: "string" });
    const getBuckets = schema.functions["tencentcos:index:getBuckets"];
    expect(getBuckets.inputs.required).toBeUndefined();
    expect(getBuckets.inputs.properties.tags).toMatchObject({ type: "object", additionalProperties: { type: "string" } });
    expect(getBuckets.outputs.properties.buckets).toMatchObject({ type: "array", items: { $ref: "#/types/tencentcos:index:BucketSummaryLookup" } });
    const undescribed = Object.entries(schema.functions).flatMap(([token, f]) =>
      [...Object.entries(f.inputs.properties), ...Object.entries(f.outputs.properties)].filter(([, p]) => !p.description).map(([k]) => `${token}.${k}`),
    );
    expect(undescribed).toEqual([]);
  });
});
