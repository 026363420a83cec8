// Request bodies of the account routes: small, no unknown fields, and every problem reported
// as a 4xx that names the field (the registry reads them: JSON only).
import { z } from "zod";
import { checkPasswordStrength, MAX_PASSWORD_LENGTH } from "../auth/password.ts";
import { LIMITS } from "../domain/limits.ts";
import { email, mustBe, quote } from "../domain/names.ts";

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
