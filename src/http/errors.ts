// The AppError family: every expected failure carries its HTTP status and a code. One
// onError (app.ts) maps them, and anything else, to a JSON body.
import type { Issue } from "../domain/override_schema.ts";

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 503;

export class AppError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: string,
    message: string,
    readonly issues?: Issue[],
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
