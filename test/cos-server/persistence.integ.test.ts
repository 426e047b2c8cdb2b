/**
 * Persistence: everything survives a restart on the same data directory; a torn temp file from a crash
 * mid-write is ignored; concurrent writes never interleave a snapshot.
 */
import { promises as fsp } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type CosServer, startCosServer } from "./index";
import { REGION, sdkClient } from "./testkit";

const B = { Bucket: "persist-1250000000", Region: REGION };
let dir: string;
const open: CosServer[] = [];
async function start(): Promise<CosServer> {
  const s = await startCosServer({ dataDir: dir });
  open.push(s);
  return s;
}

beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "cos-server-persist-"));
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  await fsp.rm(dir, { recursive: true, force: true });
});

describe("persistence", () => {
  it("restores buckets, configurations, object versions and multipart uploads after a restart", async () => {
    const first = await start();
    const cos = sdkClient(first);
    await cos.putBucket(B);
    await cos.putBucketVersioning({ ...B, VersioningConfiguration: { Status: "Enabled" } });
    await cos.putBucketCors({ ...B, CORSRules: [{ AllowedOrigin: ["*"], AllowedMethod: ["GET"] }] });
    await cos.putBucketPolicy({ ...B, Policy: { Statement: [{ Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Effect: "allow", Action: ["name/cos:GetObject"], Resource: [`qcs::cos:${REGION}:uid/1250000000:${B.Bucket}/*`] }] } });
    const v1 = await cos.putObject({ ...B, Key: "k", Body: Buffer.from([0, 1, 2, 255]) });
    await cos.putObject({ ...B, Key: "k", Body: "second" });
    const upload = await cos.multipartInit({ ...B, Key: "mp" });
    const policyBefore = (await cos.getBucketPolicy(B)).Policy;
    await first.close();

    const second = await start();
    const cos2 = sdkClient(second);
    expect((await cos2.getService({})).Buckets.map((b) => b.Name)).toEqual([B.Bucket]);
    expect((await cos2.getBucketCors(B)).CORSRules[0].AllowedOrigins).toEqual(["*"]);
    expect((await cos2.getBucketPolicy(B)).Policy).toEqual(policyBefore);
    expect((await cos2.getBucketVersioning(B)).VersioningConfiguration.Status).toBe("Enabled");
    expect((await cos2.getObject({ ...B, Key: "k", VersionId: v1.VersionId } as Parameters<typeof cos2.getObject>[0])).Body).toEqual(Buffer.from([0, 1, 2, 255]));
    expect((await cos2.getObject({ ...B, Key: "k" })).Body.toString()).toBe("second");
    expect((await cos2.multipartList({ ...B, Prefix: "", Delimiter: "" })).Upload.map((u) => u.UploadId)).toEqual([upload.UploadId]);
    await second.close();
  });

  it("ignores (and removes) a torn temp file left by a crash mid-write", async () => {
    const torn = path.join(dir, "state.json.tmp-99999-1");
    await fsp.writeFile(torn, '{"version":1,"buckets":[{"name":"torn-12500');
    const s = await start();
    expect(s.state.getBucket(B.Bucket)).toBeDefined();
    expect(s.state.getBucket("torn-1250000000")).toBeUndefined();
    await expect(fsp.access(torn)).rejects.toThrow();
    await s.close();
  });

  it("keeps every one of many concurrent writes and leaves one valid snapshot", async () => {
    const s = await start();
    const cos = sdkClient(s);
    await Promise.all(Array.from({ length: 40 }, (_, i) => cos.putObject({ ...B, Key: `c/${i}`, Body: String(i) })));
    await s.close();
    const files = await fsp.readdir(dir);
    expect(files.filter((f) => f.startsWith("state.json"))).toEqual(["state.json"]);
    const snapshot = JSON.parse(await fsp.readFile(path.join(dir, "state.json"), "utf8")) as { buckets: { objects: [string][] }[] };
    expect(snapshot.buckets[0].objects.filter(([k]) => k.startsWith("c/"))).toHaveLength(40);
    const again = await start();
    expect((await sdkClient(again).getBucket({ ...B, Prefix: "c/" })).Contents).toHaveLength(40);
    await again.close();
  });

  it("does not touch the disk without a data directory", async () => {
    const before = await fsp.readdir(dir);
    const s = await startCosServer();
    open.push(s);
    await sdkClient(s).putBucket({ Bucket: "memory-1250000000", Region: REGION });
    await s.close();
    expect(await fsp.readdir(dir)).toEqual(before);
  });
});
