/** examples/cross-region-replication: two versioned buckets in two regions and a replication rule between them. */
import { describeExampleLifecycle } from "./exampleLifecycle";

const source = (outputs: Record<string, unknown>) => ({ bucket: String(outputs.sourceBucket), region: "ap-guangzhou" });

describeExampleLifecycle({
  example: "cross-region-replication",
  stack: "e2e",
  config: (server) => ({ "cross-region-replication:ownerUin": server.accounts[0].ownerUin }),
  resources: ["source", "replica", "source-to-replica"],
  buckets: 2,
  async checkDeployed({ outputs, client, server }) {
    const replica = String(outputs.replicaBucket);
    expect(server.state.getBucket(String(outputs.sourceBucket))?.region).toBe("ap-guangzhou");
    expect(server.state.getBucket(replica)?.region).toBe("ap-shanghai");
    expect(await client.getBucketVersioning(source(outputs))).toBe("Enabled");
    expect(await client.getBucketVersioning({ bucket: replica, region: "ap-shanghai" })).toBe("Enabled");
    const cfg = await client.getBucketReplication(source(outputs));
    const uin = server.accounts[0].ownerUin;
    expect(cfg?.role).toBe(`qcs::cam::uin/${uin}:uin/${uin}`);
    expect(cfg?.rules).toEqual([
      expect.objectContaining({
        id: "everything",
        status: "Enabled",
        destination: { bucket: `qcs::cos:ap-shanghai::${replica}`, storageClass: "STANDARD_IA" },
      }),
    ]);
  },
  configChange: {
    set: { "cross-region-replication:replicaStorageClass": "STANDARD" },
    resource: "source-to-replica",
    changedInputs: ["rules"],
    async verify({ outputs, client }) {
      expect((await client.getBucketReplication(source(outputs)))?.rules[0].destination.storageClass).toBe("STANDARD");
    },
  },
  drift: {
    // Someone pauses replication in the console.
    async make({ outputs, client, server }) {
      const uin = server.accounts[0].ownerUin;
      await client.putBucketReplication(source(outputs), {
        role: `qcs::cam::uin/${uin}:uin/${uin}`,
        rules: [
          {
            id: "everything",
            status: "Disabled",
            prefix: "",
            destination: { bucket: `qcs::cos:ap-shanghai::${String(outputs.replicaBucket)}`, storageClass: "STANDARD" },
          },
        ],
      });
    },
    resource: "source-to-replica",
    changedInputs: ["rules"],
    diffContains: ["status", '"Disabled" => "Enabled"'],
  },
});
