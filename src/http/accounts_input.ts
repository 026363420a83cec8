// Request bodies of the account routes: JSON only, small, no unknown fields, and every
// problem reported as a 4xx that names the field.
import type { Context } from "hono";
import { z } from "zod";
import { checkPasswordStrength, MAX_PASSWORD_LENGTH } from "../auth/password.ts";
import { LIMITS } from "../domain/limits.ts";
import { email, mustBe, quote } from "../domain/names.ts";
import { type Issue, parseWithIssues } from "../domain/issues.ts";
import { readJson } from "./body.ts";
import { AppError, badRequest } from "./errors.ts";

/** Account bodies are a few fields; anything bigger is refused before it is read. */
export const MAX_ACCOUNT_BODY_BYTES = 16 * 1024;

// C0 controls, DEL and C1 controls.
const CONTROL_CHARS = /\p{Cc}/u;

/** A password as typed at sign-in: any non-empty string up to the hashing limit. */
const password = (field: string) =>
  z.string({ error: mustBe(field, "a string") }).check((ctx) => {
    const length = [...ctx.value].length;
    if (length === 0 || length > MAX_PASSWORD_LENGTH) {
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        message: length === 0
          ? `${field} must not be empty`
          : `${field} must be at most ${MAX_PASSWORD_LENGTH} characters long`,
      });
    }
  });

/** A new password also has to pass the strength rules. */
const newPassword = (field: string) =>
  password(field).check((ctx) => {
    const problem = checkPasswordStrength(ctx.value);
    if (problem) {
      ctx.issues.push({
        code: "custom",
        input: "(hidden)",
        message: `${field}: ${problem}`,
      });
    }
  });

/** The account's display name: trimmed; empty is allowed (the dashboard then shows the email). */
const accountName = z.string({ error: mustBe("name", "a string") }).trim().check((ctx) => {
  const length = [...ctx.value].length;
  let problem: string | null = null;
  if (length > LIMITS.maxNameLength) {
    problem = `must be at most ${LIMITS.maxNameLength} characters`;
  } else if (CONTROL_CHARS.test(ctx.value)) problem = "must not contain control characters";
  if (problem) {
    ctx.issues.push({
      code: "custom",
      input: ctx.value,
      message: `name ${quote(ctx.value)} ${problem}`,
    });
  }
});

export const signupBody = z.strictObject({
  email,
  password: newPassword("password"),
  name: accountName.optional(),
});

export const loginBody = z.strictObject({ email, password: password("password") });

export const passwordBody = z.strictObject({
  currentPassword: password("currentPassword"),
  newPassword: newPassword("newPassword"),
});

export const profileBody = z.strictObject({ name: accountName });

/**
 * Reads and validates a JSON body. Requiring application/json also means a cross-site HTML
 * form can never submit one of these requests.
 */
export async function readBody<T>(c: Context, schema: z.ZodType<T>, action: string): Promise<T> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new AppError(
      415,
      "unsupported_media_type",
      `Cannot ${action}: Content-Type must be application/json (got ${quote(type)})`,
    );
  }
  const input = await readJson(c.req.raw, { action, maxBytes: MAX_ACCOUNT_BODY_BYTES });
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw badRequest(`Cannot ${action}: the body must be a JSON object`);
  }
  const parsed = parseWithIssues(schema, input);
  if (!parsed.ok) throw invalid(action, parsed.issues);
  return parsed.value;
}

function invalid(action: string, issues: Issue[]): AppError {
  const first = issues[0];
  const where = first && first.path !== "" && !first.message.startsWith(first.path)
    ? `${first.path}: `
    : "";
  return badRequest(`Cannot ${action}: ${where}${first?.message ?? "invalid body"}`, issues);
}
