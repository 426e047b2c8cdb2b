import type { AccelerateConfiguration } from "../cos/operations/accelerate";
import type { Obj } from "../common/validate";
import { configurationResource } from "./configurationResource";

/**
 * Global acceleration (`PUT/GET ?accelerate`, digest §5.24). The resource existing means acceleration is Enabled:
 * COS has no DELETE, so delete PUTs `Status: Suspended`, and a read that finds it Suspended (or never configured,
 * an empty document) drops the resource from state, so acceleration turned off out of band is drift the next `up`
 * repairs (the same shape as logging, whose "off" is an empty document). There is no `enabled: false` input on
 * purpose: "declared but off" would be indistinguishable from "deleted" on read, and every refresh would drop it.
 */
const normalize = (): Obj => ({});

/** @internal */
export const bucketAcceleration = configurationResource<AccelerateConfiguration>({
  label: "global acceleration configuration",
  kind: "acceleration",
  properties: [],
  normalize,
  toConfig: () => ({ status: "Enabled" }),
  fromConfig: () => ({}),
  get: async (client, loc) => {
    const cfg = await client.getBucketAccelerate(loc);
    return cfg?.status === "Enabled" ? cfg : undefined;
  },
  put: (client, loc, cfg) => client.putBucketAccelerate(loc, cfg),
  remove: (client, loc) => client.putBucketAccelerate(loc, { status: "Suspended" }),
});
