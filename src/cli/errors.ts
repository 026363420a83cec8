// The CLI's failures: usage errors exit 2, everything else (a server's refusal, a network
// error, a file that cannot be read) exits 1.
import type { Issue } from "../domain/issues.ts";

/** The command line is wrong: exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The work could not be done: exit code 1. */
export class CliFailure extends Error {
  override name = "CliFailure";
  constructor(message: string, readonly details: string[] = []) {
    super(message);
  }
}

/** The server refused the request: exit code 1, with its message and every issue it named. */
export class ApiError extends CliFailure {
  override name = "ApiError";
  constructor(
    readonly status: number,
    message: string,
    readonly issues: Issue[] = [],
    readonly code?: string,
  ) {
    super(message, issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)));
  }
}
