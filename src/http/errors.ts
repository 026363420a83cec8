// The AppError family: every expected failure carries its HTTP status and a code. One
// onError (app.ts) maps them, and anything else, to a JSON body. The domain's errors
// become AppErrors here (toAppError), so services never speak HTTP.
import {
  Conflict,
  DomainError,
  Forbidden,
  Invalid,
  NotFound,
  StaleVersion,
} from "../domain/errors.ts";
import type { Issue } from "../domain/issues.ts";
import { ApprovalRequired } from "../domain/approval.ts";
import type { CannotDecrypt } from "../auth/envelope.ts";

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

export class AppError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: string,
    message: string,
    readonly issues?: Issue[],
    /** More fields of the JSON answer (e.g. the change request a 409 opened). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const badRequest = (message: string, issues?: Issue[]) =>
  new AppError(400, "bad_request", message, issues);
export const unauthorized = (message = "Authentication required") =>
  new AppError(401, "unauthorized", message);
export const forbidden = (message = "You do not have permission to do this") =>
  new AppError(403, "forbidden", message);
export const notFound = (message: string) => new AppError(404, "not_found", message);
export const conflict = (message: string) => new AppError(409, "conflict", message);
export const tooManyRequests = (message: string) => new AppError(429, "too_many_requests", message);
export const unavailable = (message: string) => new AppError(503, "unavailable", message);

/** The JSON answer of an AppError (app.ts onError; stored answers of idempotent requests). */
export function errorBody(e: AppError, requestId: string | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = { ...e.details, error: e.message, code: e.code, requestId };
  if (e.issues) body.issues = e.issues;
  return body;
}

/**
 * A sensitive value this instance cannot decrypt (a missing or wrong ENCRYPTION_KEY): a 503
 * naming the key, not a generic 500. Only the paths that need that value fail.
 */
export function fromKeyError(e: CannotDecrypt): AppError {
  return new AppError(503, "encryption_key_unavailable", e.message, undefined, {
    dataKeyId: e.dataKeyId,
    masterKeyId: e.masterKeyId,
  });
}

/** Replane's wording for a stale baseVersion; its clients and tests match on it. */
export const REPLANE_STALE = "Config was edited by another user. Please, refresh the page.";

/**
 * The answer to a domain error. Replane's routes (REPLANE_COMPAT.md §3) answer a missing
 * config with exactly "Config not found" and a stale version with a 400.
 */
export function fromDomain(
  error: DomainError,
  route: { action: string; replane?: boolean },
): AppError {
  if (error instanceof Invalid) {
    return new AppError(400, error.code ?? "bad_request", error.message, error.issues);
  }
  if (error instanceof NotFound) {
    const replaneConfig = route.replane && error.what === "config";
    return notFound(replaneConfig ? "Config not found" : error.message);
  }
  if (error instanceof Forbidden) return forbidden(error.message);
  if (error instanceof ApprovalRequired) {
    return new AppError(409, "approval_required", error.message, undefined, {
      changeRequestId: error.changeRequestId,
      environmentIds: error.environmentIds,
    });
  }
  if (error instanceof Conflict) return conflict(error.message);
  if (error instanceof StaleVersion) {
    return route.replane ? new AppError(400, "stale_version", REPLANE_STALE) : new AppError(
      409,
      "stale_version",
      `Cannot ${route.action}: ${error.message}; reload it and apply the change again`,
    );
  }
  return badRequest(error.message);
}
