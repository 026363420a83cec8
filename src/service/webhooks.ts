// A workspace's webhook endpoints: list, create (the signing secret is returned once and stored
// sealed), update, delete, rotate the secret (the old one keeps signing for an overlap window).
// Only workspace admins manage them: endpoints see every change of the workspace.
import { secretBox } from "../auth/secret_box.ts";
import { newWebhookSecret } from "../auth/webhook_signature.ts";
import { Invalid, invalid, NotFound } from "../domain/errors.ts";
import type { Issue } from "../domain/issues.ts";
import { newId } from "../store/db.ts";
import type { EndpointChange, WebhookEndpoint } from "../store/repos/webhooks.ts";
import type { Store, Tx } from "../store/store.ts";
import { audit } from "./audit.ts";
import type { Caller } from "./caller.ts";
import { workspaceOr404 } from "./lookup.ts";
import { checkTarget, type TargetPolicy } from "./webhook_target.ts";

export const MAX_WEBHOOKS_PER_WORKSPACE = 50;
export const MAX_OVERLAP_HOURS = 168;

/** What the webhook use cases need from the server's settings. */
export type WebhookSettings = TargetPolicy & { secretKey: string };

export type WebhookInput = {
  url: string;
  description: string;
  events: string[];
  projectId: string | null;
  environmentId: string | null;
  enabled: boolean;
};

export const sealer = (settings: { secretKey: string }) =>
  secretBox(settings.secretKey, "webhook-secret");

export async function webhookOr404(tx: Tx, workspaceId: string, id: string) {
  const e = await tx.webhooks.get(id);
  if (!e || e.workspaceId !== workspaceId) {
    throw new NotFound("other", `Webhook "${id}" not found in workspace "${workspaceId}"`);
  }
  return e;
}

export function listWebhooks(store: Store, caller: Caller, workspaceId: string) {
  return store.read(async (tx) => {
    const w = await workspaceOr404(tx, workspaceId);
    caller.allow("webhook.read", { workspaceId: w.id });
    return await tx.webhooks.list(w.id);
  });
}

export function getWebhook(store: Store, caller: Caller, workspaceId: string, id: string) {
  return store.read(async (tx) => {
    const w = await workspaceOr404(tx, workspaceId);
    caller.allow("webhook.read", { workspaceId: w.id });
    return await webhookOr404(tx, w.id, id);
  });
}

/** Checks the caller may write, then the URL's target, outside any transaction (DNS is slow). */
async function precheck(
  store: Store,
  caller: Caller,
  workspaceId: string,
  url: string | undefined,
  settings: WebhookSettings,
  action: string,
) {
  await store.read(async (tx) => {
    const w = await workspaceOr404(tx, workspaceId);
    caller.allow("webhook.write", { workspaceId: w.id });
  });
  if (url === undefined) return;
  const target = await checkTarget(new URL(url), settings);
  if (!target.ok && target.forbidden) {
    throw invalid(action, [{
      path: "url",
      message: `url "${url}" is not allowed: ${target.reason} (WEBHOOK_ALLOW_PRIVATE=true allows ` +
        "private targets)",
    }]);
  }
}

/** Checks that the project and environment filters name this workspace's own. */
async function checkScope(
  tx: Tx,
  workspaceId: string,
  scope: { projectId: string | null; environmentId: string | null },
  action: string,
) {
  const issues: Issue[] = [];
  if (scope.projectId !== null) {
    const p = await tx.projects.get(scope.projectId);
    if (!p || p.workspaceId !== workspaceId) {
      issues.push({
        path: "projectId",
        message: `projectId "${scope.projectId}" names no project of this workspace`,
      });
    }
  }
  if (scope.environmentId !== null) {
    const e = await tx.environments.get(scope.environmentId);
    if (scope.projectId === null) {
      issues.push({ path: "environmentId", message: "environmentId needs a projectId" });
    } else if (!e || e.projectId !== scope.projectId) {
      issues.push({
        path: "environmentId",
        message: `environmentId "${scope.environmentId}" names no environment of the project`,
      });
    }
  }
  if (issues.length > 0) throw invalid(action, issues);
}

/** What the audit log (and webhook events) record: never the secret, and only the URL's host. */
const auditView = (
  e: Pick<WebhookEndpoint, "url" | "events" | "projectId" | "environmentId"> & {
    enabled: boolean;
  },
) => ({
  host: new URL(e.url).host,
  events: e.events,
  projectId: e.projectId,
  environmentId: e.environmentId,
  enabled: e.enabled,
});

/** The stored endpoint and its signing secret, which is never available again. */
export async function createWebhook(
  store: Store,
  caller: Caller,
  workspaceId: string,
  input: WebhookInput,
  settings: WebhookSettings,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const action = "create a webhook";
  await precheck(store, caller, workspaceId, input.url, settings, action);
  return await store.write(async (tx) => {
    const w = await workspaceOr404(tx, workspaceId);
    caller.allow("webhook.write", { workspaceId: w.id });
    if (await tx.webhooks.count(w.id) >= MAX_WEBHOOKS_PER_WORKSPACE) {
      throw new Invalid(
        `Cannot ${action}: the limit is ${MAX_WEBHOOKS_PER_WORKSPACE} per workspace`,
      );
    }
    await checkScope(tx, w.id, input, action);
    const secret = newWebhookSecret();
    const endpoint = await tx.webhooks.create({
      id: newId(),
      workspaceId: w.id,
      ...input,
      disabledReason: null,
      sealedSecret: sealer(settings).seal(secret),
      sealedPreviousSecret: null,
      previousSecretUntil: null,
    });
    await audit(tx, caller.audit, {
      workspaceId: w.id,
      projectId: input.projectId,
      action: "webhook.create",
      targetType: "webhook",
      targetId: endpoint.id,
      after: auditView(endpoint),
    });
    return { endpoint, secret };
  });
}

export async function updateWebhook(
  store: Store,
  caller: Caller,
  workspaceId: string,
  id: string,
  change: Partial<WebhookInput>,
  settings: WebhookSettings,
): Promise<WebhookEndpoint> {
  const action = "update the webhook";
  await precheck(store, caller, workspaceId, change.url, settings, action);
  return await store.write(async (tx) => {
    const w = await workspaceOr404(tx, workspaceId);
    caller.allow("webhook.write", { workspaceId: w.id });
    const before = await webhookOr404(tx, w.id, id);
    const projectId = change.projectId !== undefined ? change.projectId : before.projectId;
    // A new project drops an environment filter of the old one unless one is given.
    const environmentId = change.environmentId !== undefined
      ? change.environmentId
      : projectId === before.projectId
      ? before.environmentId
      : null;
    await checkScope(tx, w.id, { projectId, environmentId }, action);
    const next: EndpointChange = { ...change, projectId, environmentId };
    // Enabling again clears why the server disabled it.
    if (change.enabled === true) next.disabledReason = null;
    const after = (await tx.webhooks.update(id, next))!;
    await audit(tx, caller.audit, {
      workspaceId: w.id,
      projectId: after.projectId,
      action: "webhook.update",
      targetType: "webhook",
      targetId: id,
      before: auditView(before),
      after: auditView(after),
    });
    return after;
  });
}

export function deleteWebhook(store: Store, caller: Caller, workspaceId: string, id: string) {
  return store.write(async (tx) => {
    const w = await workspaceOr404(tx, workspaceId);
    caller.allow("webhook.write", { workspaceId: w.id });
    const before = await webhookOr404(tx, w.id, id);
    await tx.webhooks.delete(id);
    await audit(tx, caller.audit, {
      workspaceId: w.id,
      projectId: before.projectId,
      action: "webhook.delete",
      targetType: "webhook",
      targetId: id,
      before: auditView(before),
    });
  });
}

/** A new secret; the current one keeps signing (next to it) for `overlapHours`. */
export function rotateWebhookSecret(
  store: Store,
  caller: Caller,
  workspaceId: string,
  id: string,
  overlapHours: number,
  settings: WebhookSettings,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  return store.write(async (tx) => {
    const w = await workspaceOr404(tx, workspaceId);
    caller.allow("webhook.write", { workspaceId: w.id });
    const before = await webhookOr404(tx, w.id, id);
    const secret = newWebhookSecret();
    const keepOld = overlapHours > 0;
    const endpoint = (await tx.webhooks.update(id, {
      sealedSecret: sealer(settings).seal(secret),
      sealedPreviousSecret: keepOld ? before.sealedSecret : null,
      previousSecretUntil: keepOld
        ? new Date(Date.now() + overlapHours * 3_600_000).toISOString()
        : null,
    }))!;
    await audit(tx, caller.audit, {
      workspaceId: w.id,
      projectId: before.projectId,
      action: "webhook.rotate_secret",
      targetType: "webhook",
      targetId: id,
      after: { overlapHours },
    });
    return { endpoint, secret };
  });
}

/** The secrets that sign a delivery now: the current one, and the previous during overlap. */
export function signingSecrets(e: WebhookEndpoint, settings: { secretKey: string }, now: number) {
  const box = sealer(settings);
  const secrets = [box.open(e.sealedSecret)];
  if (e.sealedPreviousSecret && e.previousSecretUntil && Date.parse(e.previousSecretUntil) > now) {
    secrets.push(box.open(e.sealedPreviousSecret));
  }
  return secrets.filter((s): s is string => s !== null);
}
