// Field schemas the admin routes share. Each names its field in its messages, so a 400
// says which part of the request is wrong.
import { z } from "zod";
import { LIMITS } from "../../domain/limits.ts";
import { configNameSchema, mustBe, quote } from "../../domain/names.ts";

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** An entity id (a UUID), checked before it reaches a query. */
export function idField(field: string) {
  return z.string({ error: mustBe(field, "a string") }).regex(UUID, {
    error: (iss) => `${field} ${quote(iss.input)} must be an id (a UUID)`,
  });
}

/** Free text up to `max` characters; NUL is refused (Postgres text cannot hold it). */
export function textField(field: string, max: number = LIMITS.maxDescriptionLength) {
  return z.string({ error: mustBe(field, "a string") })
    .max(max, { error: `${field} must be at most ${max} characters` })
    .refine((s) => !s.includes("\0"), { error: `${field} must not contain NUL characters` })
    .refine((s) => s.isWellFormed(), {
      error: `${field} must be well-formed Unicode (it has a lone surrogate)`,
    });
}

/** A positive whole number from a query string or a path, e.g. a version or a cursor. */
export function positiveIntString(field: string) {
  return z.string({ error: mustBe(field, "a string") })
    .regex(/^[1-9][0-9]{0,14}$/, {
      error: (iss) => `${field} ${quote(iss.input)} must be a positive whole number`,
    })
    .transform(Number);
}

/** A whole number ≥ 0 from a query string. */
export function wholeNumberString(field: string) {
  return z.string({ error: mustBe(field, "a string") })
    .regex(/^(0|[1-9][0-9]{0,14})$/, {
      error: (iss) => `${field} ${quote(iss.input)} must be a whole number`,
    })
    .transform(Number);
}

/** An ISO-8601 date-time with a zone, e.g. 2025-01-31T12:00:00Z. */
export function isoTimeField(field: string) {
  return z.string({ error: mustBe(field, "a string") }).check((ctx) => {
    const ok = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(ctx.value) &&
      !Number.isNaN(Date.parse(ctx.value));
    if (!ok) {
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        message: `${field} ${quote(ctx.value)} must be an ISO-8601 time such as ` +
          `"2025-01-31T12:00:00Z"`,
      });
    }
  });
}

export const workspaceParams = z.object({ workspaceId: idField("workspaceId") });
export const projectParams = z.object({ projectId: idField("projectId") });
export const configParams = z.object({
  projectId: idField("projectId"),
  name: configNameSchema("name"),
});
