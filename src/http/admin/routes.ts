// Every admin route, in one table: mod.ts mounts it and the OpenAPI document describes it.
import { z } from "zod";
import { accountRoutes } from "../accounts.ts";
import { apiKeyRoutes } from "./api_keys.ts";
import { changeRequestRoutes } from "./change_requests.ts";
import { auditRoutes } from "./audit_log.ts";
import { configMemberRoutes } from "./config_members.ts";
import { configRoutes } from "./configs.ts";
import { connectionRoutes } from "./connections.ts";
import { environmentRoutes } from "./environments.ts";
import { encryptionKeyRoutes } from "./encryption_keys.ts";
import { exclusionGroupRoutes } from "./exclusion_groups.ts";
import { evaluateRoutes } from "./evaluate.ts";
import { evaluationRoutes } from "./evaluations.ts";
import { memberRoutes } from "./members.ts";
import { sessionRoutes } from "../oidc_sessions.ts";
import { healthPaths } from "../health_openapi.ts";
import { killSwitchRoutes } from "./kill_switches.ts";
import { openApiDocument } from "./openapi.ts";
import { projectRoutes } from "./projects.ts";
import { relayKeyRoutes } from "./relay_keys.ts";
import { route, type RouteDef } from "./registry.ts";
import { rollbackRoutes } from "./rollback.ts";
import { scheduleRoutes } from "./schedules.ts";
import { sdkKeyRoutes } from "./sdk_keys.ts";
import { segmentRoutes } from "./segments.ts";
import { transferRoutes } from "./transfer.ts";
import { versionRoutes } from "./versions.ts";
import { verifyRoutes } from "./verify.ts";
import { webhookRoutes } from "./webhooks.ts";
import { workspaceRoutes } from "./workspaces.ts";

const resourceRoutes: RouteDef[] = [
  ...workspaceRoutes,
  ...projectRoutes,
  ...configRoutes,
  ...evaluateRoutes,
  ...evaluationRoutes,
  ...versionRoutes,
  ...killSwitchRoutes,
  ...rollbackRoutes,
  ...scheduleRoutes,
  ...changeRequestRoutes,
  ...configMemberRoutes,
  ...environmentRoutes,
  ...connectionRoutes,
  ...segmentRoutes,
  ...exclusionGroupRoutes,
  ...sdkKeyRoutes,
  ...memberRoutes,
  ...sessionRoutes,
  ...apiKeyRoutes,
  ...relayKeyRoutes,
  ...encryptionKeyRoutes,
  ...auditRoutes,
  ...verifyRoutes,
  ...transferRoutes,
  ...webhookRoutes,
  ...accountRoutes,
];

// One document per health-check path (HEALTHCHECK_PATH), built on first request.
const documents = new Map<string, unknown>();

export const ADMIN_ROUTES: readonly RouteDef[] = [
  ...resourceRoutes,
  route({
    method: "get",
    path: "/openapi.json",
    action: "read the OpenAPI document",
    tag: "Meta",
    auth: false,
    response: z.looseObject({ openapi: z.string() }),
    handle({ deps }) {
      const path = deps.config.healthcheckPath;
      if (!documents.has(path)) {
        documents.set(path, openApiDocument(ADMIN_ROUTES, healthPaths(path)));
      }
      return Promise.resolve(documents.get(path));
    },
  }),
];
