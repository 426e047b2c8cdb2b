import * as pulumi from "@pulumi/pulumi";
import { type BucketConfigurationArgs, ownerKeyOf } from "./common";
import { CosResource } from "./resource";
import { shim } from "./shim";

/** Where the reports of a {@link BucketInventory} go. */
export interface BucketInventoryDestination {
  /** The report bucket, `<name>-<appid>`. */
  bucket: pulumi.Input<string>;
  /** The report bucket's region, e.g. `ap-guangzhou`. */
  region: pulumi.Input<string>;
  /** The report bucket owner's account uin, when it is another account. */
  accountId?: pulumi.Input<string>;
  /** Key prefix of the reports, e.g. `inventory/`. */
  prefix?: pulumi.Input<string>;
  /** Encrypt the reports with SSE-COS. Defaults to false. */
  encrypted?: pulumi.Input<boolean>;
}

/** Object properties an inventory report can list besides the key. */
export type BucketInventoryField = "Size" | "LastModifiedDate" | "ETag" | "StorageClass" | "IsMultipartUploaded" | "ReplicationStatus";

/** Arguments of {@link BucketInventory}. */
export interface BucketInventoryArgs extends BucketConfigurationArgs {
  /** The inventory id, unique in the bucket: 1 to 64 of `a-z A-Z 0-9 - _ .`. A new id replaces the resource. */
  inventoryId: pulumi.Input<string>;
  /** Whether the job runs. Defaults to true. */
  enabled?: pulumi.Input<boolean>;
  /** Where the CSV reports go. */
  destination: pulumi.Input<BucketInventoryDestination>;
  /** `Daily` or `Weekly`. */
  frequency: pulumi.Input<"Daily" | "Weekly">;
  /** `All` versions (default) or only the `Current` ones. */
  includedObjectVersions?: pulumi.Input<"All" | "Current">;
  /** Only objects under this key prefix. */
  prefix?: pulumi.Input<string>;
  /** Extra columns of the report; a set (order is irrelevant). */
  optionalFields?: pulumi.Input<pulumi.Input<BucketInventoryField>[]>;
}

/**
 * One inventory configuration of a bucket (`PUT/GET/DELETE ?inventory&id=`); a bucket may have several, each its
 * own resource, with the id `<bucket>/<inventoryId>`. Deleting it deletes only this configuration.
 */
export class BucketInventory extends CosResource {
  /** The full bucket name. */
  declare public readonly bucket: pulumi.Output<string>;
  /** The bucket's region. */
  declare public readonly region: pulumi.Output<string>;
  /** The inventory id. */
  declare public readonly inventoryId: pulumi.Output<string>;
  /** Whether the job runs (live). */
  declare public readonly enabled: pulumi.Output<boolean>;
  /** The report destination (live). */
  declare public readonly destination: pulumi.Output<{ bucket: string; region: string; accountId?: string; prefix?: string; encrypted: boolean }>;
  /** `Daily` or `Weekly` (live). */
  declare public readonly frequency: pulumi.Output<string>;
  /** `All` or `Current` (live). */
  declare public readonly includedObjectVersions: pulumi.Output<string>;
  /** The key prefix filter (live). */
  declare public readonly prefix: pulumi.Output<string | undefined>;
  /** The extra report columns (live, sorted). */
  declare public readonly optionalFields: pulumi.Output<string[]>;

  constructor(name: string, args: BucketInventoryArgs, opts?: pulumi.CustomResourceOptions) {
    super(shim("bucketInventory"), name, { region: undefined, enabled: undefined, includedObjectVersions: undefined, prefix: undefined, optionalFields: undefined, ...args, ownerKey: ownerKeyOf("BucketInventory", name, opts) }, opts, "cos", "BucketInventory");
  }
}
