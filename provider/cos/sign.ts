/**
 * Signing middleware (STYLE §2, smithy `getHttpSigningMiddleware` placed after retry): resolves credentials and
 * signs every attempt afresh; corrects the clock after a skew error so the retry is signed with server time
 * (aws-sdk-js-v3 `AwsSdkSigV4Signer.errorHandler`).
 * @packageDocumentation
 */
import { fixedCredentials, resolveCredentials, type CredentialSource } from "./credentials";
import { isCosServiceError, type CosServiceError } from "./errors";
import type { Middleware } from "./pipeline";
import { buildAuthorization, selectSignedHeaders, SIGN_WINDOW_AFTER_S, SIGN_WINDOW_BEFORE_S, SignKeyCache, type SigningClock } from "./signer";

/** What the metrics hook receives for every attempt. */
export interface RequestInfo {
  method: string;
  op: string;
  host: string;
  path: string;
  attempt: number;
}

/** Inputs of the signing middleware. */
export interface SignOptions {
  credentials?: CredentialSource;
  clock: SigningClock;
  onRequest?: (info: RequestInfo) => void;
}

/**
 * Whether an error means our signature time window was rejected: `RequestTimeTooSkewed` (002 error table) or
 * `AccessDenied` "Request has expired" (003:L51278, §7 C5c). `ExpiredToken` is deliberately NOT clock skew: it
 * reports an expired STS token, which a corrected clock cannot fix — new credentials are needed.
 */
export function isClockSkewError(err: unknown): err is CosServiceError {
  if (!isCosServiceError(err)) return false;
  return err.code === "RequestTimeTooSkewed" || (err.code === "AccessDenied" && /request has expired/i.test(err.serviceMessage));
}

/**
 * A HEAD's 403 has no body (digest §8 pitfall 14), so it cannot say "Request has expired": it counts as clock skew when
 * the server's `Date` lies outside the window this request was signed for (local now − 60 s … now + 900 s).
 */
function isHeadClockSkew(err: unknown, method: string, clock: SigningClock): err is CosServiceError {
  if (method !== "HEAD" || !isCosServiceError(err) || err.statusCode !== 403 || err.serviceMessage !== "") return false;
  const server = err.serverDate ? Date.parse(err.serverDate) : NaN;
  if (!Number.isFinite(server)) return false;
  const ahead = server - clock.now(); // the Date header has whole seconds: keep a margin
  return ahead > (SIGN_WINDOW_AFTER_S - 2) * 1000 || -ahead > (SIGN_WINDOW_BEFORE_S + 2) * 1000;
}

/** Signs each attempt; on the first clock-skew error of a call adopts `server Date − local now` and flags it. */
export function sign(opts: SignOptions): Middleware {
  const signKeys = new SignKeyCache();
  return (next) => async (req) => {
    // A fixed pair needs no await (one promise hop less per attempt); functions and the env chain are read each time.
    const creds = fixedCredentials(opts.credentials) ?? (await resolveCredentials(opts.credentials));
    const keyTime = opts.clock.keyTime();
    if (creds.securityToken) req.headers["x-cos-security-token"] = creds.securityToken;
    else delete req.headers["x-cos-security-token"];
    req.headers["authorization"] = buildAuthorization({
      secretId: creds.secretId,
      secretKey: creds.secretKey,
      method: req.method,
      pathname: req.signPath,
      query: req.query,
      headers: selectSignedHeaders(req.headers),
      keyTime,
      signKey: signKeys.get(creds.secretKey, keyTime),
    });
    opts.onRequest?.({
      method: req.method,
      op: req.op,
      host: req.headers["host"] ?? "",
      path: req.signPath,
      attempt: req.context.attempt,
    });
    try {
      return await next(req);
    } catch (err) {
      if ((isClockSkewError(err) || isHeadClockSkew(err, req.method, opts.clock)) && !req.context.skewCorrected && opts.clock.adoptServerDate(err.serverDate)) {
        req.context.skewCorrected = true;
        err.clockSkewCorrected = true;
      }
      throw err;
    }
  };
}
