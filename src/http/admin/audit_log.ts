// The audit log, newest first, with filters and keyset pagination: pass `nextCursor` as
// `before` to get the next page.
import { z } from "zod";
import { LIMITS } from "../../domain/limits.ts";
import { configNameSchema } from "../../domain/names.ts";
import type { AuditQuery } from "../../store/types.ts";
import type { AppDeps } from "../app.ts";
import { projectOr404, projectTarget, workspaceOr404 } from "./caller.ts";
import { AuditEntryDto, toAuditEntry } from "./dto.ts";
import {
  idField,
  isoTimeField,
  positiveIntString,
  projectParams,
  workspaceParams,
} from "./fields.ts";
import { invalid, route } from "./registry.ts";

const tag = "Audit log";
const filters = {
  from: isoTimeField("from").optional().describe("Entries at or after this time"),
  to: isoTimeField("to").optional().describe("Entries before this time"),
  actorId: idField("actorId").optional().describe("A user id or an API key id"),
  configName: configNameSchema("configName").optional(),
  before: positiveIntString("before").optional().describe("The nextCursor of the previous page"),
  limit: positiveIntString("limit").optional().describe(
    `1 to ${LIMITS.maxAuditPageSize}; default 50`,
  ),
};
const PageDto = z.object({ entries: z.array(AuditEntryDto), nextCursor: z.string().nullable() });

type Filters = {
  from?: string;
  to?: string;
  actorId?: string;
  configName?: string;
  before?: number;
  limit?: number;
};

async function page(
  deps: AppDeps,
  q: Filters,
  scope: Pick<AuditQuery, "workspaceId" | "projectId">,
) {
  const limit = q.limit ?? 50;
  if (limit > LIMITS.maxAuditPageSize) {
    throw invalid("read the audit log", [{
      path: "limit",
      message: `limit ${limit} must be at most ${LIMITS.maxAuditPageSize}`,
    }]);
  }
  const query: AuditQuery = { ...scope, limit };
  if (q.from !== undefined) query.from = new Date(q.from).toISOString();
  if (q.to !== undefined) query.to = new Date(q.to).toISOString();
  if (q.actorId !== undefined) query.actorId = q.actorId;
  if (q.configName !== undefined) query.configName = q.configName;
  if (q.before !== undefined) query.before = q.before;
  const entries = await deps.store.read((tx) => tx.audit.query(query));
  const last = entries.at(-1);
  return {
    entries: entries.map(toAuditEntry),
    nextCursor: entries.length === limit && last ? String(last.id) : null,
  };
}

export const auditRoutes = [
  route({
    method: "get",
    path: "/workspaces/{workspaceId}/audit-log",
    action: "read the workspace audit log",
    tag,
    params: workspaceParams,
    query: z.object({ ...filters, projectId: idField("projectId").optional() }),
    response: PageDto,
    async handle({ deps, params, query, caller }) {
      const c = await caller();
      const w = await deps.store.read((tx) => workspaceOr404(tx, params.workspaceId));
      c.allow("workspace.audit.read", { workspaceId: w.id });
      return await page(deps, query, { workspaceId: w.id, projectId: query.projectId });
    },
  }),
  route({
    method: "get",
    path: "/projects/{projectId}/audit-log",
    action: "read the project audit log",
    tag,
    params: projectParams,
    query: z.object(filters),
    response: PageDto,
    async handle({ deps, params, query, caller }) {
      const c = await caller();
      const p = await deps.store.read((tx) => projectOr404(tx, params.projectId));
      c.allow("audit.read", projectTarget(p));
      return await page(deps, query, { projectId: p.id });
    },
  }),
];
