// The failures a use case reports. They know nothing of HTTP: each route maps them to a
// status (src/http/errors.ts), so one service can answer Replane's routes and ours.
import { type Issue, issuesMessage } from "./issues.ts";

export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The request breaks a rule; `issues` locates each problem when there are several. `code`
 * names a case clients act on (docs/api.md lists them); without one it is bad_request.
 */
export class Invalid extends DomainError {
  constructor(message: string, readonly issues?: Issue[], readonly code?: string) {
    super(message);
  }
}

/** "Cannot <action>: <first issue> (and N more problem(s))", listing every issue. */
export const invalid = (action: string, issues: Issue[], code?: string) =>
  new Invalid(issuesMessage(action, issues), issues, code);

/** `what` says which kind of thing is missing (Replane's config routes word it their way). */
export class NotFound extends DomainError {
  constructor(readonly what: "workspace" | "project" | "config" | "other", message: string) {
    super(message);
  }
}

export class Forbidden extends DomainError {}

/** The change clashes with the current state: a taken name, an existing member. */
export class Conflict extends DomainError {}

/** The config is no longer at the version the change was based on. */
export class StaleVersion extends DomainError {
  constructor(message: string, readonly current: number) {
    super(message);
  }
}
