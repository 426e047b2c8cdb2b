/**
 * PUT/GET/DELETE Bucket encryption (digest §5.20): pure serde between {@link EncryptionConfiguration} and
 * `<ServerSideEncryptionConfiguration>`.
 * @packageDocumentation
 */
import { buildXml, child, children, parseDocument, text } from "../xml";

/** Default server-side encryption of a bucket. */
export interface EncryptionConfiguration {
  /** `AES256` (SSE-COS) or `KMS` ([NOT IN SEEDS]). */
  sseAlgorithm: string;
  kmsMasterKeyId?: string;
}

/** Serializes with `ApplyServerSideEncryptionByDefault` (§7 C16 decision). */
export function encryptionToXml(cfg: EncryptionConfiguration): string {
  return buildXml("ServerSideEncryptionConfiguration", {
    Rule: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: cfg.sseAlgorithm, KMSMasterKeyID: cfg.kmsMasterKeyId } }],
  });
}

/**
 * Parses the first rule; accepts the Python SDK's `ApplySideEncryptionConfiguration` spelling
 * (003:L169872 vs L170008). `undefined` for an empty body or no algorithm.
 */
export function encryptionFromXml(xml: string): EncryptionConfiguration | undefined {
  const rule = children(parseDocument(xml, "GetBucketEncryption", "ServerSideEncryptionConfiguration"), "Rule")[0];
  const by = child(rule, "ApplyServerSideEncryptionByDefault", "ApplySideEncryptionConfiguration");
  const sseAlgorithm = text(by, "SSEAlgorithm");
  if (sseAlgorithm === undefined) return undefined;
  const cfg: EncryptionConfiguration = { sseAlgorithm };
  const kms = text(by, "KMSMasterKeyID", "KMSMasterKeyId");
  if (kms !== undefined) cfg.kmsMasterKeyId = kms;
  return cfg;
}
