// The audit log, newest first, with filters and keyset pagination: pass `nextCursor` as
// `before` to get the next page (src/service/audit_log.ts).
import { z } from "zod";
import { LIMITS } from "../../domain/limits.ts";
import { configNameSchema } from "../../domain/names.ts";
import * as auditLog from "../../service/audit_log.ts";
import { AuditEntryDto, toAuditEntry } from "./dto.ts";
import {
  idField,
  isoTimeField,
  positiveIntString,
  projectParams,
  workspaceParams,
} from "./fields.ts";
import { type Input, route } from "./registry.ts";

const tag = "Audit log";
const filters = {
  from: isoTimeField("from").optional().describe("Entries at or after this time"),
  to: isoTimeField("to").optional().describe("Entries before this time"),
  actorId: idField("actorId").optional().describe("A user id or an API key id"),
  configName: configNameSchema("configName").optional(),
  before: positiveIntString("before").optional().describe("The nextCursor of the previous page"),
  limit: positiveIntString("limit").optional().describe(
    `1 to ${LIMITS.maxAuditPageSize}; default ${auditLog.DEFAULT_AUDIT_PAGE_SIZE}`,
  ),
};
const workspaceQuery = z.object({ ...filters, projectId: idField("projectId").optional() });
const projectQuery = z.object(filters);
const PageDto = z.object({ entries: z.array(AuditEntryDto), nextCursor: z.string().nullable() });

const toPage = (p: auditLog.AuditPage) => ({
  entries: p.entries.map(toAuditEntry),
  nextCursor: p.nextCursor === null ? null : String(p.nextCursor),
});

async function readWorkspaceAuditLog(
  { deps, params, query, caller }: Input<
    z.infer<typeof workspaceParams>,
    z.infer<typeof workspaceQuery>,
    void
  >,
) {
  return toPage(
    await auditLog.workspaceAuditLog(deps.store, await caller(), params.workspaceId, query),
  );
}

async function readProjectAuditLog(
  { deps, params, query, caller }: Input<
    z.infer<typeof projectParams>,
    z.infer<typeof projectQuery>,
    void
  >,
) {
  return toPage(
    await auditLog.projectAuditLog(deps.store, await caller(), params.projectId, query),
  );
}

export const auditRoutes = [
  route({
    method: "get",
    path: "/workspaces/{workspaceId}/audit-log",
    action: "read the workspace audit log",
    tag,
    params: workspaceParams,
    query: workspaceQuery,
    response: PageDto,
    handle: readWorkspaceAuditLog,
  }),
  route({
    method: "get",
    path: "/projects/{projectId}/audit-log",
    action: "read the project audit log",
    tag,
    params: projectParams,
    query: projectQuery,
    response: PageDto,
    handle: readProjectAuditLog,
  }),
];
