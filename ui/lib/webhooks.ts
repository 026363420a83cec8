// The webhook routes the dashboard calls (docs/api.md#webhooks), with their shapes taken from
// the server's zod DTOs by type-only import.
import type { z } from "zod";
import type * as dto from "../../src/http/admin/webhook_dto.ts";
import { api, enc } from "./api.ts";

export type Webhook = z.infer<typeof dto.WebhookDto>;
export type NewWebhook = z.infer<typeof dto.WebhookWithSecretDto>;
export type Delivery = z.infer<typeof dto.DeliveryDto>;
export type WebhookInput = {
  url: string;
  description: string;
  events: string[];
  projectId: string | null;
  environmentId: string | null;
  enabled: boolean;
};

const base = (workspaceId: string) => `/workspaces/${enc(workspaceId)}/webhooks`;
const one = (workspaceId: string, id: string) => `${base(workspaceId)}/${enc(id)}`;

export const webhooks = {
  list: async (workspaceId: string) =>
    (await api.get<{ webhooks: Webhook[] }>(base(workspaceId))).webhooks,
  get: (workspaceId: string, id: string) => api.get<Webhook>(one(workspaceId, id)),
  create: (workspaceId: string, body: WebhookInput) =>
    api.post<NewWebhook>(base(workspaceId), body),
  update: (workspaceId: string, id: string, body: Partial<WebhookInput>) =>
    api.patch<Webhook>(one(workspaceId, id), body),
  remove: (workspaceId: string, id: string) => api.del(one(workspaceId, id)),
  rotate: (workspaceId: string, id: string, overlapHours: number) =>
    api.post<NewWebhook>(`${one(workspaceId, id)}/rotate-secret`, { overlapHours }),
  test: (workspaceId: string, id: string) => api.post<Delivery>(`${one(workspaceId, id)}/test`),
  deliveries: async (workspaceId: string, id: string, state = "") =>
    (await api.get<{ deliveries: Delivery[] }>(
      `${one(workspaceId, id)}/deliveries${state ? `?state=${enc(state)}` : ""}`,
    )).deliveries,
  redeliver: (workspaceId: string, id: string, deliveryId: string) =>
    api.post<Delivery>(`${one(workspaceId, id)}/deliveries/${enc(deliveryId)}/redeliver`),
  replayDead: (workspaceId: string, id: string) =>
    api.post<{ replayed: number }>(`${one(workspaceId, id)}/replay-dead-letters`),
};
