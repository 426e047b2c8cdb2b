/**
 * The serialised provider (`__provider`, from the built sdk under mocks) run by the REAL dynamic-provider host of
 * `@pulumi/pulumi`, driven over gRPC as the engine drives it, against the local COS server (LESSONS.md §2).
 *
 * This is the path every `pulumi up` takes and no in-process test covers: require-from-string of the state's
 * `__provider` in a project directory, `configure` from stack config, the host's struct conversions, its
 * re-attachment of `__provider` to results, and the partial-failure trailer (`ErrorResourceInitFailed`).
 */
import { randomBytes } from "node:crypto";
import * as grpc from "@grpc/grpc-js";
import { startCosServer } from "../cos-server";
import { runUnderMocks, type Registration } from "../helpers/pulumiMocks";
import {
  diffChangesName,
  dynamicUrn,
  fromStruct,
  makeProjectDir,
  type ProjectDir,
  type ProviderHost,
  type ProviderMethod,
  type ProviderMethods,
  requests,
  resourceInitFailureOf,
  startProviderHost,
} from "../helpers/providerHost";

jest.setTimeout(60_000);

type Props = Record<string, unknown>;
type CosServer = Awaited<ReturnType<typeof startCosServer>>;

const REGION = "ap-guangzhou";
/** The engine's placeholder for a value not known during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("the real dynamic-provider host running the serialised provider against the local COS server", () => {
  const secretKey = `sk-provider-host-${randomBytes(12).toString("hex")}`;
  const suffix = randomBytes(3).toString("hex");
  let server: CosServer;
  let project: ProjectDir | undefined;
  let host: ProviderHost | undefined;
  let appId: string;
  let bucketName: string;
  let partialName: string;
  /** What the engine would send to Check for each resource: the mock monitor's RegisterResource inputs. */
  let registered: Record<string, Registration>;
  /** Every response and error the host returned, serialised, for the secret check. */
  const seen: string[] = [];

  /** A host call that records what came back. */
  async function call<M extends ProviderMethod>(method: M, request: ProviderMethods[M][0]): Promise<ProviderMethods[M][1]> {
    try {
      const res = await host!.call(method, request);
      seen.push(JSON.stringify(res.toObject()));
      return res;
    } catch (e) {
      const err = e as grpc.ServiceError;
      seen.push(`${method} error: ${err.message} ${JSON.stringify(resourceInitFailureOf(err) ?? null)}`);
      throw new Error(`${method} failed: ${err.message}\n--- host stderr ---\n${host!.stderr()}`, { cause: e });
    }
  }
  /** Check that must pass; returns the checked inputs (with `__provider`, as the host returns them). */
  async function checkOk(urn: string, olds: Props, news: Props): Promise<Props> {
    const res = await call("check", requests.check(urn, olds, news));
    expect(res.getFailuresList().map((f) => f.toObject())).toEqual([]);
    return fromStruct(res.getInputs());
  }
  const newsOf = (name: string): Props => registered[name].inputs;

  beforeAll(async () => {
    server = await startCosServer({ accounts: [{ secretKey }] });
    appId = server.accounts[0].appId;
    bucketName = `host-${suffix}-${appId}`;
    partialName = `host-partial-${suffix}-${appId}`;
    const run = await runUnderMocks((sdk) => ({
      // No region: it must come from the `tencentcloud:region` stack config that Configure delivers.
      bucket: new sdk.Bucket("orders", { bucket: bucketName, tags: { team: "web" } }),
      cors: new sdk.BucketCors("orders-cors", {
        bucket: bucketName,
        rules: [{ id: "app", allowedOrigins: ["https://app.example.com"], allowedMethods: ["GET", "PUT"], exposeHeaders: ["ETag"], maxAgeSeconds: 600 }],
      }),
      badCors: new sdk.BucketCors("bad-cors", { bucket: bucketName, rules: [{ allowedOrigins: ["*"], allowedMethods: ["GET"], maxAgeSeconds: -1 }] }),
      partial: new sdk.Bucket("partial", { bucket: partialName, region: REGION, tags: { team: "data", env: "test" } }),
    }));
    registered = Object.fromEntries(run.registrations.map((r) => [r.name, r]));

    project = makeProjectDir();
    // No TENCENTCLOUD_* in the host's environment: credentials must arrive through Configure, as from stack config.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TENCENTCLOUD_")));
    host = await startProviderHost(project.dir, { env });
  });

  afterAll(async () => {
    await host?.close();
    project?.remove();
    await server?.close();
  });

  test("Configure takes the stack config (the secret key arrives wrapped as a secret)", async () => {
    const res = await call(
      "configure",
      requests.configureLocal(server, secretKey, REGION),
    );
    // What this host answers (LESSONS §2): no secrets back, no create/update during preview.
    expect(res.getAcceptsecrets()).toBe(false);
    expect(res.getSupportspreview()).toBe(false);
  });

  describe("Bucket + BucketCors lifecycle", () => {
    const bucketUrn = dynamicUrn("Bucket", "orders");
    const corsUrn = dynamicUrn("BucketCors", "orders-cors");
    let bucketInputs: Props;
    let bucketOuts: Props;
    let corsInputs: Props;
    let corsOuts: Props;
    let changedCorsInputs: Props;

    test("Check normalises the inputs, keeps __provider and fills the region from config", async () => {
      const news = newsOf("orders");
      expect(typeof news.__provider).toBe("string");
      bucketInputs = await checkOk(bucketUrn, {}, news);
      expect(bucketInputs).toMatchObject({ bucket: bucketName, region: REGION, appId, acl: "private", tags: { team: "web" }, __provider: news.__provider });
      corsInputs = await checkOk(corsUrn, {}, newsOf("orders-cors"));
      expect(corsInputs).toMatchObject({ bucket: bucketName, region: REGION, responseVary: false, __provider: newsOf("orders-cors").__provider });
      expect(corsInputs.rules).toEqual([{ id: "app", allowedOrigins: ["https://app.example.com"], allowedMethods: ["GET", "PUT"], exposeHeaders: ["ETag"], maxAgeSeconds: 600 }]);
    });

    test("Check of a bad input returns a failure naming the property, not an error", async () => {
      const res = await call("check", requests.check(dynamicUrn("BucketCors", "bad-cors"), {}, newsOf("bad-cors")));
      const failures = res.getFailuresList().map((f) => f.toObject());
      // A nested path travels without a property, its reason self-contained: the engine would print `value {<nil>}`
      // for a property that is not a top-level input (provider/common/inputCheck.ts forEngine).
      expect(failures).toEqual([{ property: "", reason: expect.stringMatching(/^rules\[0\]\.maxAgeSeconds: .*≥ 0/) }]);
    });

    test("Check during preview lets an unknown bucket through", async () => {
      const res = await call("check", requests.check(corsUrn, {}, { ...newsOf("orders-cors"), bucket: UNKNOWN }));
      expect(res.getFailuresList()).toEqual([]);
    });

    test("Create makes the bucket, then its CORS configuration, on the server", async () => {
      const b = await call("create", requests.create(bucketUrn, bucketInputs));
      expect(b.getId()).toBe(bucketName);
      bucketOuts = fromStruct(b.getProperties());
      expect(bucketOuts).toMatchObject({
        bucket: bucketName,
        region: REGION,
        tags: { team: "web" },
        endpoint: `https://${bucketName}.cos.${REGION}.myqcloud.com`,
        __provider: bucketInputs.__provider,
      });
      const live = server.state.getBucket(bucketName);
      expect(live).toMatchObject({ name: bucketName, region: REGION, appId });
      expect(JSON.stringify(server.state.getConfig(bucketName, "tagging"))).toContain("web");

      const c = await call("create", requests.create(corsUrn, corsInputs));
      expect(c.getId()).toBe(bucketName);
      corsOuts = fromStruct(c.getProperties());
      expect(corsOuts).toMatchObject({ bucket: bucketName, rules: corsInputs.rules, __provider: corsInputs.__provider });
      const cors = JSON.stringify(server.state.getConfig(bucketName, "cors"));
      expect(cors).toContain("https://app.example.com");
      expect(cors).toContain("600");
    });

    test("Read reports no drift: the same properties and inputs come back", async () => {
      const b = await call("read", requests.read(bucketName, bucketUrn, bucketOuts, bucketInputs));
      expect(b.getId()).toBe(bucketName);
      expect(fromStruct(b.getProperties())).toEqual(bucketOuts);
      expect(fromStruct(b.getInputs())).toEqual(bucketInputs);
      const c = await call("read", requests.read(bucketName, corsUrn, corsOuts, corsInputs));
      expect(c.getId()).toBe(bucketName);
      expect(fromStruct(c.getProperties())).toEqual(corsOuts);
      expect(fromStruct(c.getInputs())).toEqual(corsInputs);
    });

    test("Diff: same inputs → no change; a changed rule → update; a changed bucket → delete-before-replace", async () => {
      const sameBucket = await call("diff", requests.diff(bucketName, bucketUrn, bucketOuts, bucketInputs, bucketInputs));
      expect(diffChangesName(sameBucket.getChanges())).toBe("none");
      const same = await call("diff", requests.diff(bucketName, corsUrn, corsOuts, corsInputs, corsInputs));
      expect(diffChangesName(same.getChanges())).toBe("none");

      const rule = (corsInputs.rules as Props[])[0];
      changedCorsInputs = await checkOk(corsUrn, corsInputs, { ...newsOf("orders-cors"), rules: [{ ...rule, maxAgeSeconds: 1200 }] });
      const changed = await call("diff", requests.diff(bucketName, corsUrn, corsOuts, changedCorsInputs, corsInputs));
      expect(diffChangesName(changed.getChanges())).toBe("some");
      expect(changed.getReplacesList()).toEqual([]);

      const moved = await checkOk(corsUrn, corsInputs, { ...newsOf("orders-cors"), bucket: `host-other-${suffix}-${appId}` });
      const replaced = await call("diff", requests.diff(bucketName, corsUrn, corsOuts, moved, corsInputs));
      expect(diffChangesName(replaced.getChanges())).toBe("some");
      expect(replaced.getReplacesList()).toContain("bucket");
      expect(replaced.getDeletebeforereplace()).toBe(true);
    });

    test("Update rewrites the configuration on the server and returns the new outputs", async () => {
      const u = await call("update", requests.update(bucketName, corsUrn, corsOuts, changedCorsInputs, corsInputs));
      const outs = fromStruct(u.getProperties());
      expect((outs.rules as Props[])[0]).toMatchObject({ id: "app", maxAgeSeconds: 1200 });
      expect(outs.__provider).toBe(corsInputs.__provider);
      const cors = JSON.stringify(server.state.getConfig(bucketName, "cors"));
      expect(cors).toContain("1200");
      expect(cors).not.toContain('"600"');
      corsOuts = outs;
      const r = await call("read", requests.read(bucketName, corsUrn, corsOuts, changedCorsInputs));
      expect(fromStruct(r.getProperties())).toEqual(corsOuts);
    });

    test("Delete removes the configuration, then the bucket", async () => {
      await call("delete", requests.delete(bucketName, corsUrn, corsOuts, changedCorsInputs));
      expect(server.state.getConfig(bucketName, "cors")).toBeUndefined();
      expect(server.state.getBucket(bucketName)).toBeDefined();
      await call("delete", requests.delete(bucketName, bucketUrn, bucketOuts, bucketInputs));
      expect(server.state.getBucket(bucketName)).toBeUndefined();
    });
  });

  describe("a Create whose configuration step fails", () => {
    const urn = dynamicUrn("Bucket", "partial");

    test("returns ErrorResourceInitFailed with the bucket id and properties that include __provider, and the kept state works", async () => {
      const inputs = await checkOk(urn, {}, newsOf("partial"));
      // PUT Bucket succeeds; the tagging step that follows gets a non-retryable 400.
      server.faults.failNext(1, { method: "PUT", subresource: "tagging", bucket: partialName, status: 400, code: "MalformedXML", message: "injected tagging failure" });
      let error: unknown;
      try {
        await host!.call("create", requests.create(urn, inputs));
      } catch (e) {
        error = e;
      }
      expect(error).toBeDefined();
      expect((error as grpc.ServiceError).code).toBe(grpc.status.UNKNOWN);
      const failure = resourceInitFailureOf(error);
      seen.push(JSON.stringify(failure ?? null), (error as Error).message);
      if (!failure) throw new Error(`no ErrorResourceInitFailed detail in ${String(error)}\n--- host stderr ---\n${host!.stderr()}`);
      expect(failure.id).toBe(partialName);
      expect(failure.properties).toMatchObject({ bucket: partialName, region: REGION, __provider: inputs.__provider });
      // State holds what is live: the tags were never applied, so they must not be claimed.
      expect(failure.properties).not.toHaveProperty("tags");
      expect(failure.reasons.join("\n")).toContain(partialName);
      expect(failure.reasons.join("\n")).toContain("injected tagging failure");
      expect(server.requests.some((r) => r.method === "PUT" && r.subresource === "tagging" && r.status === 400 && r.bucket === partialName)).toBe(true);
      expect(server.state.getBucket(partialName)).toBeDefined();
      // Only the ownership mark, written with PUT Bucket itself (x-cos-tagging): the user's tags were never applied.
      expect(server.state.getConfig(partialName, "tagging")).toEqual({ TagSet: { Tag: [{ Key: "tencentcos:owner:bucket", Value: inputs.ownerKey }] } });

      // The engine keeps exactly these properties; with them the next `pulumi up` refreshes, diffs and finishes.
      const kept = failure.properties;
      const read = await call("read", requests.read(partialName, urn, kept, inputs));
      expect(read.getId()).toBe(partialName);
      const diff = await call("diff", requests.diff(partialName, urn, kept, inputs));
      expect(diffChangesName(diff.getChanges())).toBe("some");
      expect(diff.getReplacesList()).toEqual([]);
      const upd = await call("update", requests.update(partialName, urn, kept, inputs));
      const outs = fromStruct(upd.getProperties());
      expect(outs.tags).toEqual({ team: "data", env: "test" });
      expect(JSON.stringify(server.state.getConfig(partialName, "tagging"))).toContain("data");

      await call("delete", requests.delete(partialName, urn, outs, inputs));
      expect(server.state.getBucket(partialName)).toBeUndefined();
    });
  });

  test("the server is empty again, and the secret key never appeared in any response or host log", () => {
    expect(server.state.listBuckets()).toEqual([]);
    expect(seen.length).toBeGreaterThan(10);
    for (const s of seen) expect(s).not.toContain(secretKey);
    expect(host!.stderr()).not.toContain(secretKey);
    // The secret really was used: every request above was signed with it (signatures are verified).
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.filter((r) => r.code === "SignatureDoesNotMatch" || r.code === "AccessDenied")).toEqual([]);
  });
});
