// The Issue every validator reports ({path, message}), and zod parsing that produces them
// with messages naming the field and quoting the value. A leaf module: anything may use it.
import type { z } from "zod";
import { LIMITS } from "./limits.ts";
import { mustBe, quote } from "./names.ts";

export type Issue = { path: string; message: string };

/** `overrides` + [0, "conditions", 1, "seed"] → `overrides[0].conditions[1].seed`. */
export function formatPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

function fieldOf(path: readonly PropertyKey[]): string {
  const last = path.at(-1);
  if (last === undefined) return "value";
  if (typeof last !== "number") return String(last);
  const parent = path.at(-2);
  return typeof parent === "string" ? `${parent}[${last}]` : `[${last}]`;
}

/** A zod error function for a wrong type, naming the field from the issue's path. */
export const mustBeHere = (what: string) => (iss: { input?: unknown; path?: PropertyKey[] }) =>
  mustBe(fieldOf(iss.path ?? []), what)(iss);

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * A zod error map that names the field and quotes the value. Schema-level messages
 * take precedence; pass it as `schema.safeParse(x, { error: describeIssue })`.
 */
export function describeIssue(iss: z.core.$ZodRawIssue): string | undefined {
  const field = fieldOf(iss.path ?? []);
  switch (iss.code) {
    case "invalid_type": {
      const a = /^[aeiou]/.test(iss.expected) ? "an" : "a";
      return mustBe(field, iss.expected === "null" ? "null" : `${a} ${iss.expected}`)(iss);
    }
    case "too_small":
    case "too_big": {
      const big = iss.code === "too_big";
      const bound = String(big ? iss.maximum : iss.minimum);
      const word = big
        ? (iss.inclusive ? "at most" : "less than")
        : (iss.inclusive ? "at least" : "greater than");
      if (iss.origin === "array") return `${field} must have ${word} ${bound} items`;
      const unit = iss.origin === "string" ? " characters" : "";
      return `${field} ${quote(iss.input)} must be ${word} ${bound}${unit}`;
    }
    case "invalid_value":
      return `${field} ${quote(iss.input)} must be ${iss.values.map((v) => quote(v)).join(" or ")}`;
    case "invalid_union": {
      if (!("discriminator" in iss) || typeof iss.discriminator !== "string") return undefined;
      const value = isRecord(iss.input) ? iss.input[iss.discriminator] : undefined;
      const options = ("options" in iss && Array.isArray(iss.options) ? iss.options : [])
        .map((o) => quote(o)).join(", ");
      const shown = value === undefined ? "is required and" : quote(value);
      return `${iss.discriminator} ${shown} must be one of ${options}`;
    }
    case "unrecognized_keys":
      return `unknown field(s) ${iss.keys.map((k) => quote(k)).join(", ")}`;
    default:
      return undefined;
  }
}

/** Converts a zod error to Issues whose paths start at `root`. */
export function issuesFromZod(error: z.ZodError, root = ""): Issue[] {
  return error.issues.slice(0, LIMITS.maxIssues).map((iss) => ({
    path: formatPath(root, iss.path),
    message: iss.message,
  }));
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

/** Parses `input` with readable messages; issue paths start at `root`. */
export function parseWithIssues<T>(schema: z.ZodType<T>, input: unknown, root = ""): Parsed<T> {
  const result = schema.safeParse(input, { error: describeIssue });
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, issues: issuesFromZod(result.error, root) };
}

/** "variants[0].value" + "value is 5 bytes" → "variants[0].value is 5 bytes". */
export function issueText(issue: Issue): string {
  if (issue.path === "") return issue.message;
  // Only the tail: on a long path (a user's 50,000-character key) this regex takes n² steps.
  const field = /([A-Za-z0-9_$]+)(\[\d+\])*$/.exec(issue.path.slice(-200))?.[0] ?? "";
  if (field !== "" && issue.message.startsWith(`${field} `)) {
    return issue.path + issue.message.slice(field.length);
  }
  return `${issue.path}: ${issue.message}`;
}

/** "Cannot <action>: <first issue> (and N more problem(s))". */
export function issuesMessage(action: string, issues: readonly Issue[]): string {
  const first = issues[0] ? issueText(issues[0]) : "the request is invalid";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem(s))` : "";
  return `Cannot ${action}: ${first}${more}`;
}
