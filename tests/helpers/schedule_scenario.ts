// Scheduled changes end to end against running servers in either mode: order, exactly once
// (with one or several instances), re-validation at fire time, edit and cancel, late firing.
import assert from "node:assert/strict";
import type { Json } from "../../src/domain/overrides.ts";
import { type Api, createWorld, putConfig, state } from "./api.ts";
import { eventually } from "./wait.ts";

type Step = (name: string, fn: () => Promise<void>) => Promise<unknown>;
type ScheduleDto = {
  id: string;
  status: string;
  dueAt: string;
  firedVersion: number | null;
  late: boolean;
  failure: string | null;
};

export const configOf = (value: Json) => ({ base: { value }, editors: [] });

export async function schedule(
  su: Api,
  projectId: string,
  name: string,
  at: number,
  value: Json,
  extra: Record<string, unknown> = {},
): Promise<ScheduleDto[]> {
  const res = await su.send("POST", `/projects/${projectId}/configs/${name}/schedules`, {
    at: new Date(at).toISOString(),
    config: configOf(value),
    ...extra,
  });
  assert.equal(res.status, 201, res.text);
  return res.body.schedules as ScheduleDto[];
}

export async function schedules(su: Api, projectId: string): Promise<ScheduleDto[]> {
  return (await su.ok("GET", `/projects/${projectId}/schedules`)).body.schedules as ScheduleDto[];
}

/** Waits until none of `ids` is pending; answers them by id. */
export async function settled(su: Api, projectId: string, ids: string[], timeoutMs = 10_000) {
  return await eventually(async () => {
    const all = new Map((await schedules(su, projectId)).map((s) => [s.id, s]));
    const mine = ids.map((id) => all.get(id)!);
    assert.ok(mine.every((s) => s && s.status !== "pending"), "still pending");
    return mine;
  }, timeoutMs);
}

/** Values of the config's versions, oldest first. */
async function history(su: Api, projectId: string, name: string): Promise<Json[]> {
  const list = (await su.ok("GET", `/projects/${projectId}/configs/${name}/versions`)).body
    .versions as { version: number }[];
  const out: Json[] = [];
  for (const v of list.reverse()) {
    const one = await su.ok("GET", `/projects/${projectId}/configs/${name}/versions/${v.version}`);
    out.push((one.body.state as { base: { value: Json } }).base.value);
  }
  return out;
}

export async function scheduleScenario(su: Api, step: Step): Promise<void> {
  const w = await createWorld(su);
  const p = w.projectId;

  await step("bad schedules are refused with 4xx", async () => {
    await putConfig(su, p, "flag", state(0));
    const url = `/projects/${p}/configs/flag/schedules`;
    const past = await su.send("POST", url, { at: "2001-01-01T00:00:00Z", config: configOf(1) });
    assert.equal(past.status, 400);
    assert.match(past.body.error!, /must be later than/);
    const soon = Date.now() + 60_000;
    const revert = await su.send("POST", url, {
      at: new Date(soon).toISOString(),
      revertAt: new Date(soon - 1000).toISOString(),
      config: configOf(1),
    });
    assert.equal(revert.status, 400);
    assert.match(revert.body.error!, /revertAt/);
    const invalid = await su.send("POST", url, {
      at: new Date(soon).toISOString(),
      config: { base: { value: 1 }, variants: [{ environmentId: crypto.randomUUID(), value: 2 }] },
    });
    assert.equal(invalid.status, 400);
    const missing = await su.send("POST", `/projects/${p}/configs/nope/schedules`, {
      at: new Date(soon).toISOString(),
      config: configOf(1),
    });
    assert.equal(missing.status, 404);
    assert.equal(
      (await su.send("GET", `/projects/${p}/schedules/${crypto.randomUUID()}`)).status,
      404,
    );
    assert.deepEqual(await schedules(su, p), []);
  });

  await step("items fire in due order, each exactly once, as versions", async () => {
    const t = Date.now() + 400;
    const made = [];
    // Scheduled out of order on purpose.
    for (const [dt, value] of [[200, 3], [0, 1], [100, 2]] as const) {
      made.push(...await schedule(su, p, "flag", t + dt, value, { onConflict: "apply" }));
    }
    const done = await settled(su, p, made.map((s) => s.id));
    assert.ok(done.every((s) => s.status === "applied"), JSON.stringify(done));
    assert.deepEqual(done.map((s) => s.firedVersion), [4, 2, 3]);
    assert.deepEqual(await history(su, p, "flag"), [0, 1, 2, 3]);
  });

  await step("a change made after scheduling fails the item, or not, per onConflict", async () => {
    const t = Date.now() + 400;
    const [strict] = await schedule(su, p, "flag", t, 10, { onConflict: "fail" });
    const [loose] = await schedule(su, p, "flag", t + 50, 11, { onConflict: "apply" });
    await putConfig(su, p, "flag", state(9));
    const [a, b] = await settled(su, p, [strict!.id, loose!.id]);
    assert.equal(a!.status, "failed");
    assert.match(a!.failure!, /changed since it was scheduled \(version 4, now 5\)/);
    assert.equal(b!.status, "applied");
    assert.deepEqual((await history(su, p, "flag")).slice(-2), [9, 11]);
    const log = await su.ok("GET", `/projects/${p}/audit-log`);
    const actions = (log.body.entries as { action: string; targetId: string }[])
      .filter((e) => e.targetId === strict!.id).map((e) => e.action);
    assert.deepEqual(actions, ["schedule.fail", "schedule.create"]);
  });

  await step("a state no longer valid at fire time is marked failed with the reason", async () => {
    const env = await su.ok("POST", `/projects/${p}/environments`, { name: "Temp" });
    const envId = String(env.body.id);
    const res = await su.send("POST", `/projects/${p}/configs/flag/schedules`, {
      at: new Date(Date.now() + 400).toISOString(),
      onConflict: "apply",
      config: { base: { value: 12 }, variants: [{ environmentId: envId, value: 13 }] },
    });
    assert.equal(res.status, 201, res.text);
    const id = (res.body.schedules as ScheduleDto[])[0]!.id;
    await su.ok("DELETE", `/projects/${p}/environments/${envId}`);
    const [s] = await settled(su, p, [id]);
    assert.equal(s!.status, "failed");
    assert.match(s!.failure!, /names no environment/);
    assert.equal((await history(su, p, "flag")).at(-1), 11);
  });

  await step("edit and cancel before firing; not after", async () => {
    const far = Date.now() + 3_600_000;
    const [a] = await schedule(su, p, "flag", far, 20);
    const [b] = await schedule(su, p, "flag", far, 21);
    const url = (id: string) => `/projects/${p}/schedules/${id}`;
    const edited = await su.send("PATCH", url(a!.id), {
      at: new Date(Date.now() + 300).toISOString(),
      config: configOf(22),
      comment: "sooner",
    });
    assert.equal(edited.status, 200, edited.text);
    const cancelled = await su.send("POST", `${url(b!.id)}/cancel`);
    assert.equal(cancelled.body.status, "cancelled");
    const [done] = await settled(su, p, [a!.id]);
    assert.equal(done!.status, "applied");
    assert.equal((await history(su, p, "flag")).at(-1), 22);
    assert.equal((await su.send("POST", `${url(b!.id)}/cancel`)).status, 409);
    assert.equal((await su.send("PATCH", url(a!.id), { comment: "late" })).status, 409);
  });

  await step("on at T, back off at T2", async () => {
    await putConfig(su, p, "banner", state(false));
    const t = Date.now() + 300;
    const made = await schedule(su, p, "banner", t, true, { revertAt: new Date(t + 300) });
    assert.equal(made.length, 2);
    const done = await settled(su, p, made.map((s) => s.id));
    assert.deepEqual(done.map((s) => s.status), ["applied", "applied"]);
    assert.deepEqual(await history(su, p, "banner"), [false, true, false]);
  });
}
