// Webhooks of a workspace (src/service/webhooks.ts, src/service/webhook_deliveries.ts): the
// endpoints, their signing secrets, the delivery log, test events, redelivery and replay.
import { z } from "zod";
import * as deliveries from "../../service/webhook_deliveries.ts";
import * as webhooks from "../../service/webhooks.ts";
import type { AppDeps } from "../context.ts";
import { idField, positiveIntString, workspaceParams } from "./fields.ts";
import { type Input, route } from "./registry.ts";
import {
  createWebhookBody,
  DeliveryDto,
  rotateBody,
  toDelivery,
  toWebhook,
  updateWebhookBody,
  WebhookDto,
  WebhookWithSecretDto,
} from "./webhook_dto.ts";

const tag = "Webhooks";
const base = "/workspaces/{workspaceId}/webhooks";
const hookParams = workspaceParams.extend({ webhookId: idField("webhookId") });
const deliveryParams = hookParams.extend({ deliveryId: idField("deliveryId") });
const deliveryQuery = z.object({
  state: z.enum(["pending", "delivering", "delivered", "dead"], {
    error: "state must be pending, delivering, delivered or dead",
  }).optional(),
  before: positiveIntString("before").optional().describe("A seq: older deliveries only"),
  limit: positiveIntString("limit").refine((n) => n <= 200, {
    error: "limit must be at most 200",
  }).optional(),
});

type WorkspaceParams = z.infer<typeof workspaceParams>;
type HookParams = z.infer<typeof hookParams>;

const settings = (deps: AppDeps): webhooks.WebhookSettings => ({
  secretKey: deps.config.secretKey,
  allowPrivate: deps.config.webhookAllowPrivate,
});

async function listWebhooks({ deps, params, caller }: Input<WorkspaceParams, void, void>) {
  const list = await webhooks.listWebhooks(deps.store, await caller(), params.workspaceId);
  return { webhooks: list.map(toWebhook) };
}

async function createWebhook(
  { deps, params, body, caller }: Input<WorkspaceParams, void, z.infer<typeof createWebhookBody>>,
) {
  const { endpoint, secret } = await webhooks.createWebhook(
    deps.store,
    await caller(),
    params.workspaceId,
    body,
    settings(deps),
  );
  return { ...toWebhook(endpoint), secret };
}

async function getWebhook({ deps, params, caller }: Input<HookParams, void, void>) {
  return toWebhook(
    await webhooks.getWebhook(deps.store, await caller(), params.workspaceId, params.webhookId),
  );
}

async function updateWebhook(
  { deps, params, body, caller }: Input<HookParams, void, z.infer<typeof updateWebhookBody>>,
) {
  return toWebhook(
    await webhooks.updateWebhook(
      deps.store,
      await caller(),
      params.workspaceId,
      params.webhookId,
      body,
      settings(deps),
    ),
  );
}

async function deleteWebhook({ deps, params, caller }: Input<HookParams, void, void>) {
  await webhooks.deleteWebhook(deps.store, await caller(), params.workspaceId, params.webhookId);
  return null;
}

async function rotateWebhookSecret(
  { deps, params, body, caller }: Input<HookParams, void, z.infer<typeof rotateBody>>,
) {
  const { endpoint, secret } = await webhooks.rotateWebhookSecret(
    deps.store,
    await caller(),
    params.workspaceId,
    params.webhookId,
    body?.overlapHours ?? 24,
    settings(deps),
  );
  return { ...toWebhook(endpoint), secret };
}

async function sendTestEvent({ deps, params, caller }: Input<HookParams, void, void>) {
  return toDelivery(
    await deliveries.sendTestEvent(
      deps.store,
      await caller(),
      params.workspaceId,
      params.webhookId,
    ),
  );
}

async function listDeliveries(
  { deps, params, query, caller }: Input<HookParams, z.infer<typeof deliveryQuery>, void>,
) {
  const list = await deliveries.listDeliveries(
    deps.store,
    await caller(),
    params.workspaceId,
    params.webhookId,
    { state: query.state, beforeSeq: query.before, limit: query.limit ?? 50 },
  );
  return { deliveries: list.map(toDelivery) };
}

async function redeliver(
  { deps, params, caller }: Input<z.infer<typeof deliveryParams>, void, void>,
) {
  return toDelivery(
    await deliveries.redeliver(
      deps.store,
      await caller(),
      params.workspaceId,
      params.webhookId,
      params.deliveryId,
    ),
  );
}

async function replayDeadLetters({ deps, params, caller }: Input<HookParams, void, void>) {
  const replayed = await deliveries.replayDeadLetters(
    deps.store,
    await caller(),
    params.workspaceId,
    params.webhookId,
  );
  return { replayed };
}

const one = `${base}/{webhookId}`;

export const webhookRoutes = [
  route({
    method: "get",
    path: base,
    action: "list webhooks",
    tag,
    params: workspaceParams,
    response: z.object({ webhooks: z.array(WebhookDto) }),
    handle: listWebhooks,
  }),
  route({
    method: "post",
    path: base,
    action: "create a webhook",
    tag,
    params: workspaceParams,
    body: createWebhookBody,
    status: 201,
    response: WebhookWithSecretDto,
    handle: createWebhook,
  }),
  route({
    method: "get",
    path: one,
    action: "read the webhook",
    tag,
    params: hookParams,
    response: WebhookDto,
    handle: getWebhook,
  }),
  route({
    method: "patch",
    path: one,
    action: "update the webhook",
    tag,
    params: hookParams,
    body: updateWebhookBody,
    response: WebhookDto,
    handle: updateWebhook,
  }),
  route({
    method: "delete",
    path: one,
    action: "delete the webhook",
    tag,
    params: hookParams,
    status: 204,
    handle: deleteWebhook,
  }),
  route({
    method: "post",
    path: `${one}/rotate-secret`,
    action: "rotate the webhook's secret",
    tag,
    params: hookParams,
    body: rotateBody,
    response: WebhookWithSecretDto,
    handle: rotateWebhookSecret,
  }),
  route({
    method: "post",
    path: `${one}/test`,
    action: "send a test event",
    tag,
    params: hookParams,
    status: 201,
    response: DeliveryDto,
    handle: sendTestEvent,
  }),
  route({
    method: "get",
    path: `${one}/deliveries`,
    action: "list the webhook's deliveries",
    tag,
    params: hookParams,
    query: deliveryQuery,
    response: z.object({ deliveries: z.array(DeliveryDto) }),
    handle: listDeliveries,
  }),
  route({
    method: "post",
    path: `${one}/deliveries/{deliveryId}/redeliver`,
    action: "redeliver the event",
    tag,
    params: deliveryParams,
    status: 201,
    response: DeliveryDto,
    handle: redeliver,
  }),
  route({
    method: "post",
    path: `${one}/replay-dead-letters`,
    action: "replay the dead letters",
    tag,
    params: hookParams,
    response: z.object({ replayed: z.number() }),
    handle: replayDeadLetters,
  }),
];
