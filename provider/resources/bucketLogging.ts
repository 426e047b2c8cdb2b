import type { LoggingConfiguration } from "../cos/operations/logging";
import { validateBucketName } from "../cos/endpoint";
import type { Checker, Obj } from "../common/validate";
import { configurationResource } from "./configurationResource";

/**
 * Access logging: `targetBucket` (same account and region as the source, digest §5.21 / §7 C27) and `targetPrefix`
 * (defaults to "", which COS reads back when none was set). There is no DELETE ?logging: delete PUTs the empty
 * `<BucketLoggingStatus/>`, which disables logging, and a read that finds it disabled drops the resource from state
 * (logging turned off out of band is drift the next `up` repairs).
 */
function normalize(c: Checker, raw: Obj): Obj {
  const targetBucket = c.string("targetBucket", raw.targetBucket, { required: true, check: validateBucketName });
  const targetPrefix = c.string("targetPrefix", raw.targetPrefix, {
    // "" (the default, what COS reads back when none was set) is a valid prefix: only a leading "/" is refused.
    maxLength: 1024, pattern: /^(?!\/)/, rule: "must not start with / (it is a key prefix such as logs/)",
  });
  return { targetBucket, targetPrefix: targetPrefix ?? "" };
}

/** @internal */
export const bucketLogging = configurationResource<LoggingConfiguration>({
  label: "logging configuration",
  properties: ["targetBucket", "targetPrefix"],
  normalize,
  toConfig: (p) => ({ targetBucket: p.targetBucket as string, targetPrefix: p.targetPrefix as string }),
  fromConfig: (cfg) => ({ targetBucket: cfg.targetBucket, targetPrefix: cfg.targetPrefix ?? "" }),
  get: (client, loc) => client.getBucketLogging(loc),
  put: (client, loc, cfg) => client.putBucketLogging(loc, cfg),
  // An empty BucketLoggingStatus is the documented "disable" (digest §5.21: no DELETE API).
  remove: (client, loc) => client.putBucketLogging(loc, undefined),
});
