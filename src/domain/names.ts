// Name rules shared by every write path (admin API, dashboard, import).

import { z } from "zod";
import { LIMITS } from "./limits.ts";

/** Replane's config-name rule; Dialtone enforces it on every write (REPLANE_COMPAT.md §3). */
export const CONFIG_NAME_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

// Values echoed in messages are cut short so an error never repeats a huge input.
export function quote(value: unknown, max = 60): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A zod error function for a wrong type: "name is required" / "name 5 must be a string". */
export function mustBe(field: string, what: string) {
  return (iss: { input?: unknown }): string =>
    iss.input === undefined
      ? `${field} is required`
      : `${field} ${quote(iss.input)} must be ${what}`;
}

/** A config name; `field` names the field in the error message. */
export function configNameSchema(field = "name") {
  return z.string({ error: mustBe(field, "a string") }).check(
    (ctx) => {
      if (!CONFIG_NAME_PATTERN.test(ctx.value)) {
        ctx.issues.push({
          code: "custom",
          input: ctx.value,
          message: `${field} ${quote(ctx.value)} must match ${CONFIG_NAME_PATTERN.source}`,
        });
      }
    },
  );
}

export const configName = configNameSchema("name");

// C0 controls, DEL and C1 controls: invisible in the dashboard and in logs.
const CONTROL_CHARS = /\p{Cc}/u;
// Bidirectional overrides and isolates reorder the text around them ("Trojan Source").
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;

/** A display name: trimmed, 1..100 characters (code points), no control characters. */
export function displayNameSchema(field = "name") {
  return z.string({ error: mustBe(field, "a string") })
    .trim()
    .check((ctx) => {
      const length = [...ctx.value].length;
      let problem: string | undefined;
      if (length === 0) problem = "must not be empty";
      else if (length > LIMITS.maxNameLength) {
        problem = `must be at most ${LIMITS.maxNameLength} characters`;
      } else if (CONTROL_CHARS.test(ctx.value)) problem = "must not contain control characters";
      else if (BIDI_CONTROLS.test(ctx.value)) {
        problem = "must not contain bidirectional control characters";
      } else if (!ctx.value.isWellFormed()) {
        problem = "must be well-formed Unicode (a lone surrogate)";
      }
      if (problem) {
        ctx.issues.push({
          code: "custom",
          input: ctx.value,
          message: `${field} ${quote(ctx.value)} ${problem}`,
        });
      }
    });
}

export const workspaceName = displayNameSchema("name");
export const projectName = displayNameSchema("name");
export const environmentName = displayNameSchema("name");

/** Emails are compared in this form, so people can be invited before they sign up. */
export function normalizeEmail(s: string): string {
  return s.trim().toLowerCase();
}

// Deliberately loose: one @, something on each side, no whitespace. Delivery is the
// real check; "admin@localhost" must work on a self-hosted install.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;

/** An email address, normalized (trimmed, lower-cased). */
export const email = z.string({ error: mustBe("email", "a string") })
  .transform(normalizeEmail)
  .check((ctx) => {
    if (ctx.value.length > LIMITS.maxEmailLength) {
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        message: `email ${quote(ctx.value)} must be at most ${LIMITS.maxEmailLength} characters`,
      });
    } else if (!EMAIL_PATTERN.test(ctx.value) || CONTROL_CHARS.test(ctx.value)) {
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        message: `email ${quote(ctx.value)} is not an email address`,
      });
    }
  });
