/**
 * The COS error model of the local server: a thrown {@link CosError} becomes the XML `<Error>` body of
 * digest §4.1 (Code, Message, Resource, RequestId, TraceId) with the HTTP status of the §4.2 table.
 */
export class CosError extends Error {
  /** Extra response headers (e.g. `x-cos-delete-marker` on a 404 for a delete marker). */
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "CosError";
    this.headers = headers;
  }
}

/** 400 MalformedXML — invalid XML, unknown elements, missing required elements (digest §5 conventions). */
export function malformedXml(detail?: string): CosError {
  return new CosError(400, "MalformedXML", detail ? `The XML you provided was not well-formed or did not validate against our published schema: ${detail}` : "The XML you provided was not well-formed or did not validate against our published schema.");
}

/** 400 InvalidArgument with a message. */
export function invalidArgument(message: string): CosError {
  return new CosError(400, "InvalidArgument", message);
}

/** 404 NoSuchBucket. */
export function noSuchBucket(): CosError {
  return new CosError(404, "NoSuchBucket", "The specified bucket does not exist.");
}

/** 403 AccessDenied. */
export function accessDenied(message = "Access Denied."): CosError {
  return new CosError(403, "AccessDenied", message);
}
