// Workspace admin API keys (rpa_…): create (the key is shown once), list, delete. Only
// people manage them; a key can never create or see keys.
import { z } from "zod";
import { generateKey } from "../../auth/keys.ts";
import { LIMITS } from "../../domain/limits.ts";
import { displayNameSchema } from "../../domain/names.ts";
import { API_KEY_SCOPES, type ApiKeyScope } from "../../domain/permissions.ts";
import type { Issue } from "../../domain/override_schema.ts";
import { badRequest, notFound } from "../errors.ts";
import { workspaceOr404 } from "./caller.ts";
import { ApiKeyDto, toApiKey } from "./dto.ts";
import { idField, isoTimeField, textField, workspaceParams } from "./fields.ts";
import { audit } from "../../service/audit.ts";
import { invalid, route } from "./registry.ts";

const tag = "API keys";
const scopes = API_KEY_SCOPES as readonly [ApiKeyScope, ...ApiKeyScope[]];

export const apiKeyRoutes = [
  route({
    method: "get",
    path: "/workspaces/{workspaceId}/api-keys",
    action: "list API keys",
    tag,
    params: workspaceParams,
    response: z.object({ apiKeys: z.array(ApiKeyDto) }),
    async handle({ deps, params, caller }) {
      const c = await caller();
      const keys = await deps.store.read(async (tx) => {
        const w = await workspaceOr404(tx, params.workspaceId);
        c.allow("api_keys.read", { workspaceId: w.id });
        return await tx.apiKeys.list(w.id);
      });
      return { apiKeys: keys.map(toApiKey) };
    },
  }),
  route({
    method: "post",
    path: "/workspaces/{workspaceId}/api-keys",
    action: "create an API key",
    tag,
    params: workspaceParams,
    body: z.strictObject({
      name: displayNameSchema("name"),
      description: textField("description", 1000).optional().transform((d) => d ?? ""),
      scopes: z.array(z.enum(scopes)).max(scopes.length),
      projectIds: z.array(idField("projectIds")).max(LIMITS.maxApiKeyProjects).nullable()
        .optional().describe("Projects the key may act on; null or absent: all of them"),
      expiresAt: isoTimeField("expiresAt").nullable().optional(),
    }),
    status: 201,
    response: ApiKeyDto.extend({ key: z.string().describe("The key; it is never shown again") }),
    async handle({ deps, params, body, caller }) {
      const c = await caller();
      const action = "create an API key";
      return await deps.store.write(async (tx) => {
        const w = await workspaceOr404(tx, params.workspaceId);
        c.allow("api_keys.write", { workspaceId: w.id });
        const issues: Issue[] = [];
        const projects = new Set((await tx.projects.list(w.id)).map((p) => p.id));
        (body.projectIds ?? []).forEach((id, i) => {
          if (!projects.has(id)) {
            issues.push({
              path: `projectIds[${i}]`,
              message: `projectIds[${i}] "${id}" names no project of this workspace`,
            });
          }
        });
        const expiresAt = body.expiresAt ? new Date(body.expiresAt).toISOString() : null;
        if (expiresAt !== null && Date.parse(expiresAt) <= Date.now()) {
          issues.push({
            path: "expiresAt",
            message: `expiresAt "${body.expiresAt}" is in the past`,
          });
        }
        if (issues.length > 0) throw invalid(action, issues);
        const count = (await tx.apiKeys.list(w.id)).length;
        if (count >= LIMITS.maxApiKeysPerWorkspace) {
          throw badRequest(
            `Cannot ${action}: the workspace has ${count}; the limit is ${LIMITS.maxApiKeysPerWorkspace}`,
          );
        }
        const id = crypto.randomUUID();
        const generated = generateKey("admin", id);
        const key = await tx.apiKeys.create({
          id,
          workspaceId: w.id,
          name: body.name,
          description: body.description,
          keyHash: generated.hash,
          keyPrefix: generated.prefix,
          keySuffix: generated.suffix,
          scopes: [...new Set(body.scopes)],
          projectIds: body.projectIds ? [...new Set(body.projectIds)] : null,
          expiresAt,
          createdBy: c.audit.actor.id,
        });
        const shown = toApiKey(key);
        await audit(tx, c.audit, {
          workspaceId: w.id,
          action: "api_key.create",
          targetType: "api_key",
          targetId: id,
          after: { ...shown, scopes: shown.scopes as string[] },
        });
        return { ...shown, key: generated.key };
      });
    },
  }),
  route({
    method: "delete",
    path: "/workspaces/{workspaceId}/api-keys/{apiKeyId}",
    action: "delete the API key",
    tag,
    params: z.object({ workspaceId: idField("workspaceId"), apiKeyId: idField("apiKeyId") }),
    status: 204,
    async handle({ deps, params, caller }) {
      const c = await caller();
      await deps.store.write(async (tx) => {
        const w = await workspaceOr404(tx, params.workspaceId);
        c.allow("api_keys.write", { workspaceId: w.id });
        const key = await tx.apiKeys.get(params.apiKeyId);
        if (!key || key.workspaceId !== w.id) {
          throw notFound(`API key "${params.apiKeyId}" not found in workspace "${w.name}"`);
        }
        await tx.apiKeys.delete(key.id);
        await audit(tx, c.audit, {
          workspaceId: w.id,
          action: "api_key.delete",
          targetType: "api_key",
          targetId: key.id,
          before: { name: key.name, prefix: key.keyPrefix },
        });
      });
      return null;
    },
  }),
];
