/**
 * Bucket default encryption (digest §5.20): one Rule; AES256, or KMS with an optional KMSMasterKeyID.
 * Both middle-element spellings are accepted (digest §7 C16); GET always answers
 * `ApplyServerSideEncryptionByDefault`.
 */
import type { Ctx } from "../context";
import { invalidArgument, malformedXml } from "../errors";
import { type Field, type PlainObject, obj, readXml, text } from "../xml";
import { enumValue, xmlConfig } from "./config";

const INNER = [{ name: "SSEAlgorithm", required: true }, { name: "KMSMasterKeyID" }];
const SCHEMA: Field = {
  name: "ServerSideEncryptionConfiguration",
  children: [
    {
      name: "Rule",
      required: true,
      children: [
        { name: "ApplyServerSideEncryptionByDefault", children: INNER },
        // Python PUT sample spelling (003:L169872).
        { name: "ApplySideEncryptionConfiguration", children: INNER },
      ],
    },
  ],
};

function parse(ctx: Ctx): PlainObject {
  const rule = obj(readXml(ctx.body, SCHEMA).Rule) ?? {};
  const a = obj(rule.ApplyServerSideEncryptionByDefault);
  const b = obj(rule.ApplySideEncryptionConfiguration);
  if ((a === undefined) === (b === undefined)) throw malformedXml("Rule needs exactly one ApplyServerSideEncryptionByDefault");
  const inner = (a ?? b) as PlainObject;
  const algorithm = enumValue(text(inner.SSEAlgorithm), ["AES256", "KMS"], "SSEAlgorithm", "InvalidArgument");
  const keyId = text(inner.KMSMasterKeyID);
  if (keyId !== undefined && algorithm !== "KMS") throw invalidArgument("KMSMasterKeyID is only allowed with SSEAlgorithm KMS.");
  const out: PlainObject = { SSEAlgorithm: algorithm };
  if (keyId !== undefined) out.KMSMasterKeyID = keyId;
  return { Rule: { ApplyServerSideEncryptionByDefault: out } };
}

/** PUT/GET/DELETE Bucket encryption. */
export const encryptionHandlers = xmlConfig({
  name: "encryption",
  root: "ServerSideEncryptionConfiguration",
  notFoundCode: "NoSuchEncryptionConfiguration",
  notFoundMessage: "The server side encryption configuration was not found.",
  parse,
});
