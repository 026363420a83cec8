// Kill switch and project rollback in embedded mode (SQLite), through the published SDK.
import {
  environmentRollbackScenario,
  killSwitchScenario,
  rollbackScenario,
} from "./helpers/safe_scenario.ts";
import { startTestServer } from "./helpers/server.ts";

for (
  const [name, scenario] of [
    ["kill switch: one environment or all, reason required, undo restores", killSwitchScenario],
    ["project rollback: preview, then one revision the SDK gets together", rollbackScenario],
    ["environment rollback: only what one environment serves", environmentRollbackScenario],
  ] as const
) {
  Deno.test(name, async (t) => {
    const server = await startTestServer();
    try {
      await scenario(server, (label, fn) => t.step(label, fn));
    } finally {
      await server.stop();
    }
  });
}
