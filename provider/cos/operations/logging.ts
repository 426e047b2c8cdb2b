/**
 * PUT/GET Bucket logging (digest §5.21). There is no DELETE: an empty `<BucketLoggingStatus/>` disables logging.
 * @packageDocumentation
 */
import { buildXml, child, parseDocument, text } from "../xml";

/** Where access logs of a bucket are written. */
export interface LoggingConfiguration {
  /** `<name>-<appid>` of the log bucket. */
  targetBucket: string;
  targetPrefix: string;
}

/** Serializes `<BucketLoggingStatus>`; `undefined` gives the empty (disabling) document. */
export function loggingToXml(cfg: LoggingConfiguration | undefined): string {
  return buildXml("BucketLoggingStatus", {
    LoggingEnabled: cfg && { TargetBucket: cfg.targetBucket, TargetPrefix: cfg.targetPrefix },
  });
}

/** Parses `<BucketLoggingStatus>`; `undefined` when logging is disabled. */
export function loggingFromXml(xml: string): LoggingConfiguration | undefined {
  const enabled = child(parseDocument(xml, "GetBucketLogging", "BucketLoggingStatus"), "LoggingEnabled");
  const targetBucket = text(enabled, "TargetBucket");
  if (targetBucket === undefined) return undefined;
  return { targetBucket, targetPrefix: text(enabled, "TargetPrefix") ?? "" };
}
