/**
 * The SDK's TypeScript types accept every form the runtime accepts (issue 11): `npm run typecheck` compiles this file,
 * so a key spelling or a documented form the types refuse fails the build, and each value is then checked by the
 * provider to show the runtime accepts it too.
 */
import type { BucketCorsArgs } from "../../../sdk/bucketCors";
import type { BucketLifecycleArgs } from "../../../sdk/bucketLifecycle";
import type { BucketPolicyArgs, PolicyDocument } from "../../../sdk/bucketPolicy";
import type { ReplicationArgs } from "../../../sdk/replication";
import type { WebsiteArgs } from "../../../sdk/website";
import type * as pulumi from "@pulumi/pulumi";
import { resources, setSettings } from "../../../provider";

const B = "site-1250000000";
const RES = `qcs::cos:ap-guangzhou:uid/1250000000:${B}/*`;
beforeEach(() => setSettings({ region: "ap-guangzhou", appId: "1250000000" }));

const lowerCase: PolicyDocument = {
  version: "2.0",
  statement: [{ sid: "mine", effect: "allow", principal: { qcs: ["qcs::cam::anyone:anyone"] }, action: "name/cos:GetObject", resource: [RES], condition: { ip_equal: { "qcs:ip": "10.0.0.0/8" } } }],
};
const capitalised: PolicyDocument = {
  Version: "2.0",
  Statement: [{ Effect: "Deny", Principal: { service: ["cos.qcloud.com"] }, Action: ["name/cos:PutObject"], Resource: RES, Condition: { numeric_less_than_equal_if_exist: { "cos:content-length": 10 } } }],
};
// The types still say what is required: without an effect (in either spelling) a statement does not compile.
// @ts-expect-error Effect/effect is required
const noEffect: PolicyDocument = { Statement: [{ Principal: "*", Action: "*", Resource: RES }] };
void noEffect;
// COS's condition-key page (436/46206): one principal for the whole document.
const docPrincipal: PolicyDocument = { version: "2.0", principal: { qcs: ["qcs::cam::uin/100000000001:uin/100000000002"] }, statement: [{ effect: "allow", action: ["name/cos:GetObject"], resource: [RES] }] };
const mixed: PolicyDocument = { Statement: [{ effect: "allow", Principal: "*", action: ["*"], Resource: [RES] }] };

/** The README's program: inside `apply` the literals widen to `string` (`Effect: string`), and it must still compile. */
export function readmeProgram(resourceName: pulumi.Output<string>): BucketPolicyArgs {
  return {
    bucket: B,
    policy: resourceName.apply((r) => ({
      version: "2.0",
      Statement: [{ Effect: "allow", Principal: { qcs: ["qcs::cam::anyone:anyone"] }, Action: ["name/cos:GetObject"], Resource: [`${r}/*`] }],
    })),
  };
}

const CASES: [keyof typeof resources, Record<string, unknown>][] = [
  ["bucketPolicy", { bucket: B, policy: lowerCase } satisfies BucketPolicyArgs],
  ["bucketPolicy", { bucket: B, policy: capitalised } satisfies BucketPolicyArgs],
  ["bucketPolicy", { bucket: B, policy: mixed } satisfies BucketPolicyArgs],
  ["bucketPolicy", { bucket: B, policy: docPrincipal } satisfies BucketPolicyArgs],
  ["bucketLifecycle", { bucket: B, rules: [{ prefix: "logs/", expiration: { date: "2031-01-01T00:00:00+08:00" } }, { id: "x", filter: { tags: { a: "1" } }, transitions: [{ date: "2031-01-01", storageClass: "archive" }] }] } satisfies BucketLifecycleArgs],
  ["bucketCors", { bucket: B, rules: [{ allowedOrigins: ["*://static.example.com"], allowedMethods: ["GET"], allowedHeaders: ["Content-Type"], exposeHeaders: ["ETag"] }] } satisfies BucketCorsArgs],
  ["replication", { bucket: B, role: "qcs::cam::uin/1:uin/1", rules: [{ priority: 1, filter: { prefix: "a/", tags: { k: "v" } }, deleteMarkerReplication: "Enabled", destination: { bucket: "d-1250000000", region: "ap-shanghai", storageClass: "STANDARD_IA" } }] } satisfies ReplicationArgs],
  ["bucketCors", { bucket: B, rules: [{ allowedOrigins: ["*"], allowedMethods: ["get", "HEAD", "put"] }] } satisfies BucketCorsArgs],
  ["bucketLifecycle", { bucket: B, rules: [{ status: "enabled", expiration: { days: 1 } }, { id: "b", status: "DISABLED", expiration: { days: 2 } }] } satisfies BucketLifecycleArgs],
  ["replication", { bucket: B, role: "qcs::cam::uin/1:uin/1", rules: [{ status: "disabled", deleteMarkerReplication: "ENABLED", destination: { bucket: "d-1250000000", region: "ap-shanghai" } }] } satisfies ReplicationArgs],
  ["website", { bucket: B, indexDocument: "index.html", redirectAllRequestsTo: { protocol: "HTTPS" } } satisfies WebsiteArgs],
  ["website", { bucket: B, indexDocument: "index.html", routingRules: [{ condition: { keyPrefixEquals: "a/" }, redirect: { replaceKeyPrefixWith: "b/", httpRedirectCode: 301 } }] } satisfies WebsiteArgs],
];

test.each(CASES)("%s: a program the SDK types accept passes check", async (kind, args) => {
  const r = await resources[kind].check({}, args);
  expect(r.failures).toBeUndefined();
});
