/**
 * Error-parsing middleware: a non-2xx response, or a 2xx whose body is an `<Error>` document, becomes a
 * {@link CosServiceError} (digest §4.1).
 * @packageDocumentation
 */
import { CosServiceError } from "./errors";
import type { CosRequest, CosResponse, Middleware } from "./pipeline";
import { parseXml, text } from "./xml";

/** Code used when a response has no `<Error>` body (HEAD responses, proxies): mapped by status (digest §4.1). */
export function codeForStatus(status: number, objectLevel: boolean): string {
  switch (status) {
    case 404:
      return objectLevel ? "NoSuchKey" : "NoSuchBucket";
    case 403:
      return "AccessDenied";
    case 409:
      return "Conflict";
    case 429:
      return "SlowDown";
    case 500:
      return "InternalError";
    case 503:
      return "ServiceUnavailable";
    default:
      return `Http${status}`;
  }
}

function errorDocument(body: Buffer): ReturnType<typeof parseXml> {
  const head = body.subarray(0, 256).toString("utf8");
  if (!head.includes("<Error")) return undefined;
  try {
    const doc = parseXml(body.toString("utf8"), "Error");
    return doc?.root === "Error" ? doc : undefined;
  } catch {
    return undefined;
  }
}

/** Builds the service error for a failed response. */
export function toServiceError(req: CosRequest, res: CosResponse): CosServiceError {
  const doc = errorDocument(res.body)?.node;
  const objectLevel = req.key !== undefined && req.key !== "";
  return new CosServiceError({
    statusCode: res.statusCode,
    code: text(doc, "Code")?.trim() || codeForStatus(res.statusCode, objectLevel),
    message: text(doc, "Message")?.trim() ?? "",
    requestId: res.headers["x-cos-request-id"] ?? text(doc, "RequestId"),
    traceId: res.headers["x-cos-trace-id"] ?? text(doc, "TraceId"),
    resource: text(doc, "Resource"),
    method: req.method,
    op: req.op,
    retryAfter: res.headers["retry-after"],
    serverDate: res.headers["date"],
  });
}

/** The middleware. */
export function parseErrors(): Middleware {
  return (next) => async (req) => {
    const res = await next(req);
    const ok = res.statusCode >= 200 && res.statusCode < 300;
    if (ok && (req.rawBody || req.method === "HEAD" || errorDocument(res.body) === undefined)) return res;
    throw toServiceError(req, res);
  };
}
