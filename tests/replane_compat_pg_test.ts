// Replane's reference semantics across two instances on one Postgres: the admin client writes
// through A, the published SDK reads from B. The scenario is in replane_compat_scenario.ts.
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import { type Instance, startInstance, withLogs } from "./helpers/pg_instances.ts";
import { referenceScenario } from "./replane_compat_scenario.ts";

Deno.test({
  name:
    "Replane clients create and delete referenced configs in any order (two instances, Postgres)",
  ignore: pgUnavailable,
  fn: async (t) => {
    const db = await freshDatabase();
    const instances: Instance[] = [];
    try {
      instances.push(...await Promise.all([startInstance(db.url), startInstance(db.url)]));
      const [a, b] = instances as [Instance, Instance];
      await withLogs(instances, () =>
        referenceScenario(
          { adminUrl: a.url, sdkUrl: b.url },
          (name, fn) => t.step(name, () => withLogs(instances, fn)),
        ));
    } finally {
      for (const i of instances) await i.dispose();
      await db.drop();
    }
  },
});
