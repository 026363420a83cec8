import assert from "node:assert/strict";
import { partnersIn, pendingPutBack, withBaseValue } from "./schedule_pairs.ts";
import type { Schedule } from "./types.ts";

const item = (id: string, o: Partial<Schedule> = {}): Schedule => ({
  id,
  configName: "flag",
  dueAt: "2026-12-04T09:00:00.000Z",
  status: "pending",
  onConflict: "fail",
  comment: "",
  baseVersion: 1,
  state: {
    description: "",
    base: { value: true, schema: null, overrides: [] },
    variants: [],
    members: [],
  },
  createdBy: "ada@example.com",
  createdAt: "2026-12-03T09:00:00.000Z",
  firedAt: null,
  firedVersion: null,
  late: false,
  failure: null,
  revertId: null,
  revertOf: null,
  ...o,
});

Deno.test("partnersIn() pairs a change and its put-back both ways", () => {
  const on = item("on", { revertId: "off" });
  const off = item("off", { revertOf: "on" });
  const lone = item("lone");
  const of = partnersIn([on, off, lone]);
  assert.deepEqual(of(on), { putBack: off, change: null, putBackElsewhere: false });
  assert.deepEqual(of(off), { putBack: null, change: on, putBackElsewhere: false });
  assert.deepEqual(of(lone), { putBack: null, change: null, putBackElsewhere: false });
  assert.equal(pendingPutBack(of(on)), off);
});

Deno.test("partnersIn() finds an applied change by its revertId, and says when the put-back is not listed", () => {
  const on = item("on", { revertId: "off", status: "applied" });
  const off = item("off"); // the server no longer names an applied change in revertOf
  assert.equal(partnersIn([on, off])(off).change, on);
  const alone = partnersIn([item("on", { revertId: "off" })]);
  assert.equal(alone(item("on", { revertId: "off" })).putBackElsewhere, true);
  const cancelled = item("off", { status: "cancelled" });
  const on2 = item("on", { revertId: "off" });
  assert.equal(pendingPutBack(partnersIn([on2, cancelled])(on2)), null);
});

Deno.test("withBaseValue() gives the state as PATCH takes it, members as two lists", () => {
  const s = item("x", {
    state: {
      description: "d",
      base: { value: "a", schema: { type: "string" }, overrides: [] },
      variants: [],
      members: [{ email: "e@x.com", role: "editor" }, { email: "m@x.com", role: "maintainer" }],
    },
  });
  assert.deepEqual(withBaseValue(s.state, "b"), {
    description: "d",
    editors: ["e@x.com"],
    maintainers: ["m@x.com"],
    base: { value: "b", schema: { type: "string" }, overrides: [] },
    variants: [],
  });
  assert.equal(s.state.base.value, "a", "the schedule itself is left alone");
});
