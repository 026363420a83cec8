import assert from "node:assert/strict";
import {
  type AuditFacts,
  endpointWants,
  environmentsOf,
  EVENT_FILTER_PATTERN,
  eventFromAudit,
  typeMatches,
} from "./webhook_events.ts";

const facts = (over: Partial<AuditFacts> = {}): AuditFacts => ({
  workspaceId: "w",
  projectId: "p",
  configName: "flag",
  actor: { type: "user", id: "u", label: "ada@example.com" },
  action: "config.update",
  targetType: "config",
  targetId: "c",
  before: null,
  after: null,
  ...over,
});

const configState = (base: number, variants: Record<string, number> = {}) => ({
  description: "",
  base: { value: base, schema: null, overrides: [] },
  variants: Object.entries(variants).map(([environmentId, value]) => ({
    environmentId,
    value,
    schema: null,
    overrides: [],
    useBaseSchema: true,
  })),
  members: [],
});

Deno.test("typeMatches() takes exact types, families and *", () => {
  assert.ok(typeMatches(["config.update"], "config.update"));
  assert.ok(typeMatches(["config.*"], "config.delete"));
  assert.ok(typeMatches(["*"], "sdk_key.create"));
  assert.ok(!typeMatches(["config.*"], "config_member.add"));
  assert.ok(!typeMatches(["config.create"], "config.update"));
  assert.ok(!typeMatches([], "config.update"));
});

Deno.test("EVENT_FILTER_PATTERN refuses what is not a type, a family or *", () => {
  for (const ok of ["*", "config.*", "config.update", "sdk_key.delete"]) {
    assert.ok(EVENT_FILTER_PATTERN.test(ok), ok);
  }
  for (const bad of ["", "config", "Config.update", "*.update", "config.update.x", "a b.c"]) {
    assert.ok(!EVENT_FILTER_PATTERN.test(bad), bad);
  }
});

Deno.test("environmentsOf() names the environments a config change touches", () => {
  const one = facts({ before: configState(1, { dev: 2 }), after: configState(1, { dev: 3 }) });
  assert.deepEqual(environmentsOf(one), ["dev"]);
  const added = facts({ before: configState(1), after: configState(1, { prod: 5 }) });
  assert.deepEqual(environmentsOf(added), ["prod"]);
  const base = facts({ before: configState(1, { dev: 2 }), after: configState(9, { dev: 2 }) });
  assert.equal(environmentsOf(base), "all");
  assert.equal(environmentsOf(facts({ action: "config.create", after: configState(1) })), "all");
  assert.deepEqual(
    environmentsOf(
      facts({ targetType: "environment", targetId: "e1", action: "environment.update" }),
    ),
    ["e1"],
  );
  assert.deepEqual(
    environmentsOf(facts({ targetType: "sdk_key", after: { environmentId: "e2" } })),
    ["e2"],
  );
  assert.equal(environmentsOf(facts({ targetType: "project", action: "project.update" })), "all");
});

Deno.test("endpointWants() applies the type, project and environment filters", () => {
  const change = facts({ before: configState(1, { dev: 2 }), after: configState(1, { dev: 3 }) });
  const all = { events: ["*"], projectId: null, environmentId: null };
  assert.ok(endpointWants(all, change));
  assert.ok(!endpointWants({ ...all, events: ["sdk_key.*"] }, change));
  assert.ok(endpointWants({ ...all, projectId: "p" }, change));
  assert.ok(!endpointWants({ ...all, projectId: "other" }, change));
  assert.ok(endpointWants({ ...all, projectId: "p", environmentId: "dev" }, change));
  assert.ok(!endpointWants({ ...all, projectId: "p", environmentId: "prod" }, change));
  assert.ok(!endpointWants(all, facts({ workspaceId: null })), "no workspace, no event");
});

Deno.test("eventFromAudit() carries who, what, where and the states before and after", () => {
  const change = facts({ before: configState(1, { dev: 2 }), after: configState(1, { dev: 3 }) });
  const event = eventFromAudit(change, "evt_1", "2025-01-01T00:00:00.000Z")!;
  assert.deepEqual(
    { ...event, data: undefined },
    {
      id: "evt_1",
      type: "config.update",
      occurredAt: "2025-01-01T00:00:00.000Z",
      workspace: { id: "w" },
      project: { id: "p" },
      environment: { id: "dev" },
      actor: { type: "user", id: "u", label: "ada@example.com" },
      target: { type: "config", id: "c", name: "flag" },
      data: undefined,
    },
  );
  assert.deepEqual(event.data, { before: change.before, after: change.after });
  assert.equal(eventFromAudit(facts({ workspaceId: null }), "evt_2", "t"), null);
  assert.equal(eventFromAudit(facts({ after: configState(1) }), "e", "t")!.environment, undefined);
});
