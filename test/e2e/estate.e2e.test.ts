/**
 * BucketAcceleration, BucketDomain and BucketInventory through the real engine: up, a no-change preview, drift made
 * out of band caught by `preview --refresh --expect-no-changes` failing (and repaired by up), destroy. The local
 * COS server's state is the judge.
 */
import { closeAllPools, CosClient } from "../../provider/cos";
import { startCosServer, type CosServer } from "../cos-server";
import { connect, cosFixture, ownerClient } from "./cosProject";
import { CLI_SETUP_TIMEOUT_MS, expectFailure, expectSuccess, type PulumiProject } from "./harness";

const STEP_MS = 300_000;
const BUCKET = "estate-data-1250000000";
const loc = { bucket: BUCKET, region: "ap-guangzhou" };

let server: CosServer;
let client: CosClient;
let p: PulumiProject;

beforeAll(async () => {
  server = await startCosServer();
  client = ownerClient(server);
  p = await cosFixture("estate", "e2e");
  await connect(p, server, { "estate:bucketName": BUCKET });
}, CLI_SETUP_TIMEOUT_MS);

afterAll(async () => {
  p?.dispose();
  await closeAllPools();
  await server?.close();
});

const noChanges = () => p.pulumi(["preview", "--non-interactive", "--refresh", "--expect-no-changes"]);

test("up writes all three; a preview shows no change", async () => {
  expectSuccess(await p.up());
  expect(await client.getBucketAccelerate(loc)).toEqual({ status: "Enabled" });
  expect((await client.getBucketDomain(loc))?.rules.map((r) => r.name)).toEqual(["static.estate.example.com"]);
  expect(await client.getBucketInventory(loc, "daily")).toMatchObject({ frequency: "Daily", optionalFields: ["ETag", "Size"] });
  expect(await client.getBucketInventory(loc, "weekly")).toMatchObject({ frequency: "Weekly" });
  expectSuccess(await p.pulumi(["preview", "--non-interactive", "--expect-no-changes"]));
  expectSuccess(await noChanges());
}, STEP_MS);

test("acceleration suspended out of band is caught, and up repairs it", async () => {
  await client.putBucketAccelerate(loc, { status: "Suspended" });
  expectFailure(await noChanges());
  // a plain up trusts the state (it still says Enabled); with --refresh it sees the drift and enables it again
  expectSuccess(await p.up());
  expect(await client.getBucketAccelerate(loc)).toEqual({ status: "Suspended" });
  expectSuccess(await p.pulumi(["up", "--yes", "--skip-preview", "--non-interactive", "--refresh"]));
  expect(await client.getBucketAccelerate(loc)).toEqual({ status: "Enabled" });
  expectSuccess(await noChanges());
}, STEP_MS);

test("a domain disabled and an inventory job rescheduled out of band are caught, and up repairs them", async () => {
  await client.putBucketDomain(loc, { rules: [{ name: "static.estate.example.com", type: "REST", status: "DISABLED" }] });
  const weekly = (await client.getBucketInventory(loc, "weekly"))!;
  await client.putBucketInventory(loc, { ...weekly, frequency: "Daily" });
  expectFailure(await noChanges());
  expectSuccess(await p.pulumi(["up", "--yes", "--skip-preview", "--non-interactive", "--refresh"]));
  expect((await client.getBucketDomain(loc))?.rules[0]?.status).toBe("ENABLED");
  expect((await client.getBucketInventory(loc, "weekly"))?.frequency).toBe("Weekly");
  expectSuccess(await noChanges());
}, STEP_MS);

test("destroy removes every configuration and the bucket", async () => {
  expectSuccess(await p.pulumi(["destroy", "--yes", "--skip-preview", "--non-interactive"]));
  expect(server.state.getBucket(BUCKET)).toBeUndefined();
}, STEP_MS);
