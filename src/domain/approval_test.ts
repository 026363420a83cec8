import assert from "node:assert/strict";
import { strictest, tally, touchedEnvironments } from "./approval.ts";
import { rebaseState } from "./approval_rebase.ts";
import type { ConfigState } from "./config_state.ts";

const s = (value: number, variants: [string, number][] = [], description = ""): ConfigState => ({
  description,
  base: { value, schema: null, overrides: [] },
  variants: variants.map(([environmentId, v]) => ({
    environmentId,
    value: v,
    schema: null,
    overrides: [],
    useBaseSchema: true,
  })),
  members: [],
});

Deno.test("touchedEnvironments() names the environments whose served value changes", () => {
  assert.deepEqual(touchedEnvironments(s(1, [["dev", 5]]), s(2, [["dev", 5]]), ["prod", "dev"]), [
    "prod",
  ]);
  assert.deepEqual(touchedEnvironments(s(1, [["dev", 5]]), s(1, [["dev", 6]]), ["prod", "dev"]), [
    "dev",
  ]);
  // A variant equal to the base it replaces serves the same.
  assert.deepEqual(touchedEnvironments(s(1), s(1, [["prod", 1]]), ["prod"]), []);
  assert.deepEqual(touchedEnvironments(s(1), s(1, [], "words"), ["prod"]), []);
});

Deno.test("strictest() takes the most approvals, the highest rank, members-only if any", () => {
  assert.deepEqual(
    strictest([
      { requiredApprovals: 2, minRole: "viewer", configMembersOnly: false },
      { requiredApprovals: 1, minRole: "project admin", configMembersOnly: true },
    ]),
    { requiredApprovals: 2, minRole: "project admin", configMembersOnly: true },
  );
});

Deno.test("tally() counts each reviewer's latest review; requested changes hold it back", () => {
  const r = (reviewer: string, kind: "approve" | "request_changes") => ({
    reviewer,
    label: reviewer,
    kind,
  });
  assert.equal(tally([r("a", "approve"), r("a", "approve")], 2).ready, false);
  assert.equal(tally([r("a", "approve"), r("b", "request_changes")], 1).ready, false);
  const t = tally([r("b", "request_changes"), r("a", "approve"), r("b", "approve")], 2);
  assert.deepEqual([t.ready, t.approvedBy], [true, ["b", "a"]]);
});

Deno.test("rebaseState() keeps the current parts the change left alone and reports clashes", () => {
  const base = s(1, [["dev", 5]], "d");
  const proposed = s(2, [["dev", 5]], "d");
  const clean = rebaseState(base, proposed, s(1, [["dev", 7]], "moved"));
  assert.deepEqual(clean.state, s(2, [["dev", 7]], "moved"));
  assert.deepEqual(clean.conflicts, []);
  const clash = rebaseState(base, proposed, s(3, [["dev", 5]], "d"));
  assert.equal(clash.state.base.value, 2);
  assert.deepEqual(clash.conflicts, ["base.value"]);
});
