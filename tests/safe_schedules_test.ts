// Scheduled changes in embedded mode (SQLite), and items that fell due while the server was
// down firing when it starts again, marked late.
import assert from "node:assert/strict";
import { createWorld, putConfig, state } from "./helpers/api.ts";
import { schedule, scheduleScenario, settled } from "./helpers/schedule_scenario.ts";
import { startTestServer } from "./helpers/server.ts";

Deno.test("scheduled changes: order, exactly once, re-validation, edit and cancel", async (t) => {
  const server = await startTestServer();
  try {
    await scheduleScenario(server.su, (label, fn) => t.step(label, fn));
  } finally {
    await server.stop();
  }
});

Deno.test("a schedule that fell due while the server was down fires at start, late", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-sched-" });
  try {
    const first = await startTestServer({}, { dir });
    const w = await createWorld(first.su);
    await putConfig(first.su, w.projectId, "flag", state("before"));
    const due = Date.now() + 1_000;
    const [s] = await schedule(first.su, w.projectId, "flag", due, "after");
    await first.shutdown();
    // Past due by more than the late threshold before the server comes back.
    await new Promise((r) => setTimeout(r, due + 1_500 - Date.now()));
    const second = await startTestServer({}, { dir });
    try {
      const [fired] = await settled(second.su, w.projectId, [s!.id]);
      assert.equal(fired!.status, "applied");
      assert.equal(fired!.late, true);
      const cfg = await second.su.ok("GET", `/projects/${w.projectId}/configs/flag`);
      assert.equal((cfg.body.base as { value: string }).value, "after");
      const log = await second.su.ok("GET", `/projects/${w.projectId}/audit-log`);
      const row = (log.body.entries as { action: string; after: Record<string, unknown> }[])
        .find((e) => e.action === "config.scheduled_update");
      assert.equal((row?.after.schedule as { late: boolean }).late, true);
    } finally {
      await second.shutdown();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
