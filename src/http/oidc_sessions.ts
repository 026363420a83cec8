// Ending a member's sessions at once (docs/sso.md): for someone who left, before their SSO
// session would run out. The use case is endMemberSessions in src/service/sso.ts.
import { z } from "zod";
import { email } from "../domain/names.ts";
import { endMemberSessions } from "../service/sso.ts";
import { idField } from "./admin/fields.ts";
import { type Input, route } from "./admin/registry.ts";

const memberParams = z.object({ workspaceId: idField("workspaceId"), email });

async function endSessions(
  { deps, params, caller }: Input<z.infer<typeof memberParams>, void, void>,
) {
  const ended = await endMemberSessions(
    deps.store,
    await caller(),
    params.workspaceId,
    params.email,
  );
  return { sessionsEnded: ended };
}

export const sessionRoutes = [
  route({
    method: "delete",
    path: "/workspaces/{workspaceId}/members/{email}/sessions",
    action: "end a member's sessions",
    tag: "Members",
    params: memberParams,
    response: z.object({ sessionsEnded: z.number().int() }),
    handle: endSessions,
  }),
];
