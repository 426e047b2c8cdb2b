/**
 * A Pulumi program from test/e2e/fixtures that uses this package, against a local COS server, without the cost of
 * `npm install`: the fixture links the repo's node_modules (one @pulumi/pulumi for program and provider) and
 * `pulumi-tencent-cos` resolves to the repo itself (its dist/, through package.json `exports`) from a
 * node_modules folder one level above the program, where both the program and the provider process (which resolves
 * from the project directory) find it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT, PulumiProject, assertDistIsCurrent } from "./harness";
import { CosClient } from "../../provider/cos";
import type { CosServer } from "../cos-server";

export const FIXTURES = path.join(__dirname, "fixtures");

export async function cosFixture(fixture: string, stack: string): Promise<PulumiProject> {
  assertDistIsCurrent();
  const project = await PulumiProject.create({ program: path.join(FIXTURES, fixture), stack, install: "link-repo" });
  const modules = path.join(project.root, "node_modules");
  fs.mkdirSync(modules, { recursive: true });
  fs.symlinkSync(REPO_ROOT, path.join(modules, "pulumi-tencent-cos"), "dir");
  return project;
}

/** Our own client, signed as the server's first account: the "console" that makes changes out of band. */
export function ownerClient(server: CosServer): CosClient {
  const account = server.accounts[0];
  return new CosClient({ credentials: { secretId: account.secretId, secretKey: account.secretKey }, endpoint: server.endpoint });
}

/** Points the stack at the server: endpoint, APPID, region, and the account's keys in stack config (key as a secret). */
export async function connect(project: PulumiProject, server: CosServer, extra: Record<string, string> = {}): Promise<void> {
  const account = server.accounts[0];
  await project.setConfig(
    { "cos:endpoint": server.endpoint, "cos:appId": account.appId, "tencentcloud:region": "ap-guangzhou", "tencentcloud:secretId": account.secretId, ...extra },
    { "tencentcloud:secretKey": account.secretKey },
  );
}

/** The Pulumi resources in the stack's state (`pulumi stack export`), and its pending operations. */
export async function exportedState(project: PulumiProject): Promise<{
  resources: { urn: string; type: string; id?: string; outputs?: Record<string, unknown> }[];
  pending: { type: string; resource: { urn: string; id?: string; inputs?: Record<string, unknown> } }[];
}> {
  const r = await project.pulumiOk(["stack", "export"]);
  const d = (JSON.parse(r.stdout) as { deployment: { resources?: never[]; pending_operations?: never[] } }).deployment;
  return { resources: d.resources ?? [], pending: d.pending_operations ?? [] };
}

/** Full names of the buckets the state holds (Bucket resources only). */
export async function bucketsInState(project: PulumiProject): Promise<string[]> {
  const { resources } = await exportedState(project);
  return resources.filter((r) => r.type.endsWith(":Bucket")).map((r) => String(r.id)).sort();
}
