// The service-layer Caller for an admin request: the principal's roles and how the audit
// log names them.
import type { Context } from "hono";
import { type Caller, callerOf } from "../../service/caller.ts";
import type { Store } from "../../store/store.ts";
import { actorOf, auditActor } from "../access.ts";
import type { Principal } from "../middleware/auth.ts";

export async function callerFor(store: Store, principal: Principal, c: Context): Promise<Caller> {
  return callerOf(await actorOf(store, principal), {
    actor: auditActor(principal),
    requestId: c.get("requestId") ?? null,
  });
}

// Until every route calls a service: the lookups and targets the routes still use.
export { type Caller, configTarget, projectTarget } from "../../service/caller.ts";
export { configOr404, projectOr404, workspaceOr404 } from "../../service/lookup.ts";
