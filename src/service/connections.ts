// Who may see an environment's SDK connections: whoever may list its environments. The view
// itself comes from this instance's memory (the hub and the receipts), not from the store.
import type { Store } from "../store/store.ts";
import type { Environment } from "../store/types.ts";
import { type Caller, projectTarget } from "./caller.ts";
import { environmentOr404, projectOr404 } from "./lookup.ts";

export function environmentForConnections(
  store: Store,
  caller: Caller,
  projectId: string,
  environmentId: string,
): Promise<Environment> {
  return store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("environment.read", projectTarget(p));
    return await environmentOr404(tx, p, environmentId);
  });
}
