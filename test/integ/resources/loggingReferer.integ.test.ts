/**
 * BucketLogging and BucketReferer against the local COS server: full cycle, drift, removal out of band, adoption,
 * really-removing deletes, bad input before any request.
 */
import { resources } from "../../../provider";
import { type Props, type ProviderEnv, startProviderEnv } from "../../helpers/providerEnv";

let env: ProviderEnv;
beforeAll(async () => { env = await startProviderEnv(); });
afterEach(() => env.server.faults.reset());
afterAll(async () => { await env.close(); });

const loc = (b: string) => ({ bucket: b, region: "ap-guangzhou" });
const freshBucket = async (base: string) => {
  const b = env.bucketName(base);
  await env.client.putBucket(loc(b));
  return b;
};

describe("BucketLogging", () => {
  const p = resources.bucketLogging;

  test("create → read → update → disabled out of band → redirected out of band → delete disables", async () => {
    const b = await freshBucket("lg");
    const logs = await freshBucket("lgt");
    const created = await env.create("bucketLogging", { bucket: b, targetBucket: logs, targetPrefix: "access/" });
    expect(await env.client.getBucketLogging(loc(b))).toEqual({ targetBucket: logs, targetPrefix: "access/" });
    const r1 = await p.read(b, created.outs);
    expect(await p.diff(b, r1.props as Props, created.inputs)).toMatchObject({ changes: false });

    const news = await env.check("bucketLogging", created.inputs, { bucket: b, targetBucket: logs, targetPrefix: "v2/" });
    const u = await p.update(b, created.outs, news);
    expect((await env.client.getBucketLogging(loc(b)))?.targetPrefix).toBe("v2/");

    // redirected in a console: refresh reports the live target, and the program's inputs diff
    await env.client.putBucketLogging(loc(b), { targetBucket: b, targetPrefix: "x/" });
    const r2 = await p.read(b, u.outs as Props);
    expect(r2.inputs).toMatchObject({ targetBucket: b, targetPrefix: "x/" });
    expect(await p.diff(b, r2.props as Props, news)).toMatchObject({ changes: true });

    // turned off out of band: read drops it from state, so the next up re-enables it
    await env.client.putBucketLogging(loc(b), undefined);
    expect((await p.read(b, r2.props as Props)).id).toBeFalsy();

    // delete really disables (an empty BucketLoggingStatus), and is idempotent
    const again = await p.create(news);
    expect(await env.client.getBucketLogging(loc(b))).toBeDefined();
    await p.delete(again.id, again.outs as Props);
    expect(await env.client.getBucketLogging(loc(b))).toBeUndefined();
    expect(env.server.state.getBucket(b)!.configs.logging?.value).toBeUndefined();
    await p.delete(again.id, again.outs as Props);
  });

  test("existing logging made outside the stack is not overwritten unless adopted", async () => {
    const b = await freshBucket("lga");
    await env.client.putBucketLogging(loc(b), { targetBucket: b, targetPrefix: "console/" });
    const err = await env.create("bucketLogging", { bucket: b, targetBucket: b, targetPrefix: "mine/" }).catch((e: Error) => e);
    expect(String(err)).toMatch(/adopt/);
    expect((await env.client.getBucketLogging(loc(b)))?.targetPrefix).toBe("console/");
    await env.create("bucketLogging", { bucket: b, targetBucket: b, targetPrefix: "mine/", adopt: true });
    expect((await env.client.getBucketLogging(loc(b)))?.targetPrefix).toBe("mine/");
  });

  test("a COS rejection (target in another region) surfaces with its code; bad input sends nothing", async () => {
    const b = await freshBucket("lgr");
    const far = env.bucketName("far");
    await env.client.putBucket({ bucket: far, region: "ap-shanghai" });
    const err = await env.create("bucketLogging", { bucket: b, targetBucket: far }).catch((e: Error) => e);
    expect(String(err)).toMatch(/InvalidArgument.*same region/);
    env.server.state.resetRequestLog();
    const checked = await p.check({}, { bucket: b, targetBucket: "NoAppId" });
    expect(checked.failures?.[0]?.property).toBe("targetBucket");
    expect(env.server.state.requests).toHaveLength(0);
  });
});

describe("BucketReferer", () => {
  const p = resources.bucketReferer;

  test("create → read → update → drift → removal → delete really removes", async () => {
    const b = await freshBucket("rf");
    const created = await env.create("bucketReferer", { bucket: b, refererType: "White-List", domains: ["*.example.com", "example.com"] });
    expect(await env.client.getBucketReferer(loc(b))).toEqual({ status: "Enabled", refererType: "White-List", domains: ["*.example.com", "example.com"], emptyReferConfiguration: "Deny" });
    const r1 = await p.read(b, created.outs);
    expect(await p.diff(b, r1.props as Props, created.inputs)).toMatchObject({ changes: false });

    const news = await env.check("bucketReferer", created.inputs, { bucket: b, refererType: "White-List", domains: ["*.example.com"], emptyReferer: "Allow" });
    const u = await p.update(b, created.outs, news);
    expect(await env.client.getBucketReferer(loc(b))).toMatchObject({ domains: ["*.example.com"], emptyReferConfiguration: "Allow" });

    // a console edit: a black list now
    await env.client.putBucketReferer(loc(b), { status: "Enabled", refererType: "Black-List", domains: ["evil.example"] });
    const r2 = await p.read(b, u.outs as Props);
    expect(r2.inputs).toMatchObject({ refererType: "Black-List", domains: ["evil.example"], emptyReferer: "Deny" });
    expect(await p.diff(b, r2.props as Props, news)).toMatchObject({ changes: true });

    await env.client.deleteBucketReferer(loc(b));
    expect((await p.read(b, r2.props as Props)).id).toBeFalsy();

    const again = await p.create(news);
    await p.delete(again.id, again.outs as Props);
    expect(await env.client.getBucketReferer(loc(b))).toBeUndefined();
    expect(env.server.state.getBucket(b)!.configs.referer?.value).toBeUndefined();
    await p.delete(again.id, again.outs as Props);
  });

  test("where DELETE ?referer is not served, delete disables the rule and lets every request through", async () => {
    const b = await freshBucket("rfd");
    const created = await env.create("bucketReferer", { bucket: b, refererType: "White-List", domains: ["example.com"] });
    env.server.faults.failNext(1, { status: 501, code: "NotImplemented", method: "DELETE", subresource: "referer" });
    await p.delete(created.id, created.outs);
    expect(await env.client.getBucketReferer(loc(b))).toMatchObject({ status: "Disabled", emptyReferConfiguration: "Allow" });
  });

  test("a referer made outside the stack needs adopt; a deleted bucket drops it from state", async () => {
    const b = await freshBucket("rfa");
    await env.client.putBucketReferer(loc(b), { status: "Enabled", refererType: "Black-List", domains: ["x.example"] });
    await expect(env.create("bucketReferer", { bucket: b, refererType: "White-List", domains: ["example.com"] })).rejects.toThrow(/adopt/);
    const adopted = await env.create("bucketReferer", { bucket: b, refererType: "White-List", domains: ["example.com"], adopt: true });
    expect((await env.client.getBucketReferer(loc(b)))?.refererType).toBe("White-List");
    await env.client.deleteBucketReferer(loc(b));
    await env.client.deleteBucket(loc(b));
    expect((await p.read(b, adopted.outs)).id).toBeFalsy();
    await p.delete(b, adopted.outs); // bucket gone: nothing to do
  });
});
