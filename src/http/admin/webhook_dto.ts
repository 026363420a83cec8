// The webhook routes' schemas: request fields (each names itself in its messages) and answers.
import { z } from "zod";
import { mustBe, quote } from "../../domain/names.ts";
import { EVENT_FILTER_PATTERN, MAX_EVENT_FILTERS } from "../../domain/webhook_events.ts";
import type { WebhookDelivery } from "../../store/repos/webhook_deliveries.ts";
import type { WebhookEndpoint } from "../../store/repos/webhooks.ts";
import { idField, textField } from "./fields.ts";

export const MAX_URL_LENGTH = 2048;

export const urlField = z.string({ error: mustBe("url", "a string") })
  .max(MAX_URL_LENGTH, { error: `url must be at most ${MAX_URL_LENGTH} characters` })
  .check((ctx) => {
    const problem = urlProblem(ctx.value);
    if (problem) ctx.issues.push({ code: "custom", input: ctx.value, message: problem });
  });

function urlProblem(value: string): string | null {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return `url ${quote(value)} must be an absolute http or https URL`;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    return `url ${quote(value)} must use http or https, not ${u.protocol.slice(0, -1)}`;
  }
  if (u.username || u.password) {
    return "url must not carry a user name or password (put a token in the path or query instead)";
  }
  return null;
}

export const eventsField = z.array(
  z.string({ error: mustBe("events[]", "a string") }).max(81).regex(EVENT_FILTER_PATTERN, {
    error: (iss) =>
      `events entry ${quote(iss.input)} must be an event type such as "config.update", ` +
      `a family such as "config.*", or "*"`,
  }),
  { error: mustBe("events", "an array of event types") },
).min(1, { error: 'events must name at least one event type ("*" is every event)' })
  .max(MAX_EVENT_FILTERS, { error: `events must have at most ${MAX_EVENT_FILTERS} entries` });

export const createWebhookBody = z.strictObject({
  url: urlField,
  description: textField("description", 1000).optional().transform((d) => d ?? ""),
  events: eventsField.optional().transform((e) => e ?? ["*"]),
  projectId: idField("projectId").nullable().optional().transform((p) => p ?? null),
  environmentId: idField("environmentId").nullable().optional().transform((e) => e ?? null),
  enabled: z.boolean({ error: mustBe("enabled", "true or false") }).optional()
    .transform((e) => e ?? true),
});

export const updateWebhookBody = z.strictObject({
  url: urlField.optional(),
  description: textField("description", 1000).optional(),
  events: eventsField.optional(),
  projectId: idField("projectId").nullable().optional(),
  environmentId: idField("environmentId").nullable().optional(),
  enabled: z.boolean({ error: mustBe("enabled", "true or false") }).optional(),
});

export const rotateBody = z.strictObject({
  overlapHours: z.number({ error: mustBe("overlapHours", "a number") }).int({
    error: "overlapHours must be a whole number",
  }).min(0, { error: "overlapHours must be 0 or more" }).max(168, {
    error: "overlapHours must be at most 168 (a week)",
  }).optional(),
}).optional();

const time = z.string().describe("ISO-8601 time");

export const WebhookDto = z.object({
  id: z.string(),
  workspaceId: z.string(),
  projectId: z.string().nullable(),
  environmentId: z.string().nullable(),
  url: z.string(),
  description: z.string(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  previousSecretExpiresAt: time.nullable().describe(
    "While a rotated-out secret still signs (next to the new one)",
  ),
  createdAt: time,
  updatedAt: time,
});

export const toWebhook = (e: WebhookEndpoint) => ({
  id: e.id,
  workspaceId: e.workspaceId,
  projectId: e.projectId,
  environmentId: e.environmentId,
  url: e.url,
  description: e.description,
  events: e.events,
  enabled: e.enabled,
  disabledReason: e.disabledReason,
  previousSecretExpiresAt: e.sealedPreviousSecret !== null &&
      e.previousSecretUntil !== null && Date.parse(e.previousSecretUntil) > Date.now()
    ? e.previousSecretUntil
    : null,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

export const WebhookWithSecretDto = WebhookDto.extend({
  secret: z.string().describe("The signing secret (whsec_…): shown only this once"),
});

export const DeliveryDto = z.object({
  id: z.string(),
  seq: z.number(),
  eventId: z.string(),
  eventType: z.string(),
  state: z.enum(["pending", "delivering", "delivered", "dead"]),
  attempts: z.number(),
  nextAttemptAt: time.nullable(),
  lastAttemptAt: time.nullable(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  lastResponse: z.string().nullable().describe("The first bytes of the last response body"),
  lastLatencyMs: z.number().nullable(),
  createdAt: time,
  deliveredAt: time.nullable(),
  payload: z.unknown().describe("The event as sent"),
});

export const toDelivery = (d: WebhookDelivery) => ({
  id: d.id,
  seq: d.seq,
  eventId: d.eventId,
  eventType: d.eventType,
  state: d.state,
  attempts: d.attempts,
  nextAttemptAt: d.state === "pending" ? d.nextAttemptAt : null,
  lastAttemptAt: d.lastAttemptAt,
  lastStatus: d.lastStatus,
  lastError: d.lastError,
  lastResponse: d.lastResponse,
  lastLatencyMs: d.lastLatencyMs,
  createdAt: d.createdAt,
  deliveredAt: d.deliveredAt,
  payload: JSON.parse(d.payload),
});
