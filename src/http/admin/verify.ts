// GET /workspaces/{workspaceId}/verify: walks the workspace's history chains and reports the
// first broken link of each (src/service/verify.ts, docs/security.md).
import { z } from "zod";
import { verifyWorkspaceHistory } from "../../service/verify.ts";
import { workspaceParams } from "./fields.ts";
import { type Input, route } from "./registry.ts";

const hash = z.string().nullable();
const BreakDto = {
  rowId: z.string().describe("The version row's id, or the audit entry's id"),
  problem: z.enum(["link", "content", "missing"]).describe(
    "link: prev_hash is not the previous row's hash (a row was removed, added or rewritten " +
      "before it); content: the row's columns do not give its hash (it was edited); missing: " +
      "versions at the end of a config's chain are gone",
  ),
  expected: hash,
  found: hash,
};
const VersionBreakDto = z.object({
  ...BreakDto,
  configId: z.string(),
  configName: z.string(),
  version: z.number().int(),
});
const AuditBreakDto = z.object({
  ...BreakDto,
  workspaceId: z.string().nullable(),
  id: z.number().int(),
});
const ReportDto = z.object({
  ok: z.boolean(),
  sealed: z.number().int().describe("Rows from before the chains existed, hashed by this run"),
  configVersions: z.object({
    rows: z.number().int(),
    chains: z.number().int(),
    firstBroken: VersionBreakDto.nullable(),
  }),
  auditLog: z.object({
    rows: z.number().int(),
    chains: z.number().int(),
    firstBroken: AuditBreakDto.nullable(),
  }),
});

async function verifyWorkspace(
  { deps, params, caller }: Input<z.infer<typeof workspaceParams>, void, void>,
) {
  return await verifyWorkspaceHistory(deps.store, await caller(), params.workspaceId);
}

export const verifyRoutes = [
  route({
    method: "get",
    path: "/workspaces/{workspaceId}/verify",
    action: "verify the workspace's history",
    tag: "Audit log",
    params: workspaceParams,
    response: ReportDto,
    handle: verifyWorkspace,
  }),
];
