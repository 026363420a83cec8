// Editing scheduled changes through the admin API (SQLite): a change and its put-back ("on at T,
// off at T2") are linked, move together and keep their order, are cancelled together, and fire
// at their edited times.
import assert from "node:assert/strict";
import { createWorld, putConfig, state } from "./helpers/api.ts";
import { schedule, settled } from "./helpers/schedule_scenario.ts";
import { startTestServer } from "./helpers/server.ts";

type Item = {
  id: string;
  dueAt: string;
  status: string;
  onConflict: string;
  revertId: string | null;
  revertOf: string | null;
};

const iso = (t: number) => new Date(t).toISOString();
const HOUR = 3_600_000;

Deno.test("scheduled changes: a change and its put-back are edited and cancelled together", async () => {
  const server = await startTestServer();
  try {
    const su = server.su;
    const w = await createWorld(su);
    const p = w.projectId;
    await putConfig(su, p, "flag", state("off"));
    const t = Date.now() + HOUR;
    const [on, off] = await schedule(su, p, "flag", t, "on", {
      revertAt: iso(t + HOUR),
    }) as unknown as Item[];
    assert.equal(on!.revertId, off!.id, "the change names its put-back");
    assert.equal(off!.revertOf, on!.id, "the put-back names its change");
    assert.equal(on!.revertOf, null);
    const listed = (await su.ok("GET", `/projects/${p}/schedules`)).body.schedules as Item[];
    assert.deepEqual(listed.map((s) => [s.id, s.revertId, s.revertOf]), [
      [on!.id, off!.id, null],
      [off!.id, null, on!.id],
    ]);
    const item = (id: string) => `/projects/${p}/schedules/${id}`;

    // The change may not move past its put-back, nor the put-back before its change.
    const past = await su.send("PATCH", item(on!.id), { at: iso(t + 3 * HOUR) });
    assert.equal(past.status, 400, past.text);
    assert.match(past.body.error!, /must be earlier than its put-back/);
    const before = await su.send("PATCH", item(off!.id), { at: iso(t - HOUR / 2) });
    assert.equal(before.status, 400, before.text);
    assert.match(before.body.error!, /must be later than the change it puts back/);
    const inverted = await su.send("PATCH", item(on!.id), {
      at: iso(t + 2 * HOUR),
      revertAt: iso(t + HOUR),
    });
    assert.equal(inverted.status, 400, inverted.text);
    assert.match(inverted.body.error!, /revertAt/);
    const noPair = await su.send("PATCH", item(off!.id), { revertAt: iso(t + 5 * HOUR) });
    assert.equal(noPair.status, 400, noPair.text);
    assert.match(noPair.body.error!, /pending put-back/);

    // Both times at once, and the conflict rule for both.
    const moved = await su.send("PATCH", item(on!.id), {
      at: iso(t + 3 * HOUR),
      revertAt: iso(t + 4 * HOUR),
      onConflict: "apply",
    });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.body.dueAt, iso(t + 3 * HOUR));
    assert.equal(moved.body.revertId, off!.id);
    const both = (await su.ok("GET", `/projects/${p}/schedules`)).body.schedules as Item[];
    assert.deepEqual(both.map((s) => [s.id, s.dueAt, s.onConflict]), [
      [on!.id, iso(t + 3 * HOUR), "apply"],
      [off!.id, iso(t + 4 * HOUR), "apply"],
    ]);
    const log = await su.ok("GET", `/projects/${p}/audit-log?limit=20`);
    const updates = (log.body.entries as { action: string; targetId: string }[])
      .filter((e) => e.action === "schedule.update").map((e) => e.targetId).sort();
    assert.deepEqual(updates, [on!.id, off!.id].sort(), "one audit row per item moved");

    // Cancelling the change cancels its put-back; a put-back alone can be cancelled too.
    const cancelled = await su.send("POST", `${item(on!.id)}/cancel`);
    assert.equal(cancelled.status, 200, cancelled.text);
    const after = (await su.ok("GET", item(off!.id))).body as unknown as Item;
    assert.equal(after.status, "cancelled");
    assert.equal(after.revertOf, null, "its change is no longer pending");
  } finally {
    await server.stop();
  }
});

Deno.test("scheduled changes: an edited on/off pair fires at its new times, in order", async () => {
  const server = await startTestServer();
  try {
    const su = server.su;
    const w = await createWorld(su);
    const p = w.projectId;
    await putConfig(su, p, "flag", state("off"));
    const [on, off] = await schedule(su, p, "flag", Date.now() + HOUR, "on", {
      revertAt: iso(Date.now() + 2 * HOUR),
    }) as unknown as Item[];
    const soon = Date.now() + 1_000;
    await su.ok("PATCH", `/projects/${p}/schedules/${on!.id}`, {
      at: iso(soon),
      revertAt: iso(soon + 500),
    });
    const [a, b] = await settled(su, p, [on!.id, off!.id]);
    assert.equal(a!.status, "applied", a!.failure ?? "");
    assert.equal(b!.status, "applied", b!.failure ?? "");
    assert.ok(a!.firedVersion! < b!.firedVersion!, "the change first, then its put-back");
    const cfg = await su.ok("GET", `/projects/${p}/configs/flag`);
    assert.equal((cfg.body.base as { value: string }).value, "off");
  } finally {
    await server.stop();
  }
});
