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
