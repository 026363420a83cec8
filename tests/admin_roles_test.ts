// Roles and API key scopes through the app's HTTP interface (app.request()): every route against every role and scope (the
// matrix), plus the cases people ask about by name.
import assert from "node:assert/strict";
import {
  type Actor,
  API_KEY_SCOPES,
  type ApiKeyScope,
  can,
  type ConfigRole,
  type ProjectRole,
  type WorkspaceRole,
} from "../src/domain/permissions.ts";
import { type AdminServer, Api, createWorld, keyApi, userApi } from "./helpers/admin.ts";
import { startTestApp } from "./helpers/app.ts";
import { type Fixture, MATRIX_ROUTES } from "./helpers/admin_matrix.ts";

const ACTOR_EMAIL = "actor@x.test";

async function fixture(su: Api, configRole: ConfigRole | null): Promise<Fixture> {
  const { workspaceId: w, projectId: p, env } = await createWorld(su);
  const p2 = String(
    (await su.send("POST", `/workspaces/${w}/projects`, { name: "Other" })).body.id,
  );
  const temp = String(
    (await su.send("POST", `/projects/${p}/environments`, { name: "Temp" })).body.id,
  );
  for (
    const [email, role] of [["keeper", "admin"], ["m1", "member"], ["m2", "member"], [
      "pm1",
      "member",
    ], ["pm2", "member"]]
  ) {
    await su.send("POST", `/workspaces/${w}/members`, { email: `${email}@x.test`, role });
  }
  for (const email of ["pm1", "pm2"]) {
    await su.send("POST", `/projects/${p}/members`, {
      email: `${email}@x.test`,
      role: "maintainer",
    });
  }
  const editors = ["cm@x.test", "gone@x.test", ...(configRole === "editor" ? [ACTOR_EMAIL] : [])];
  // Gated requires approval from any viewer; cfg's variant there (0, the kill switch's value)
  // keeps the other routes' edits off it, and change requests change only it.
  const gated = String(
    (await su.send("POST", `/projects/${p}/environments`, { name: "Gated" })).body.id,
  );
  await su.send("PUT", `/projects/${p}/environments/${gated}/approval-rule`, {
    minRole: "viewer",
  });
  const created = await su.send("POST", `/projects/${p}/configs`, {
    name: "cfg",
    base: { value: 1 },
    variants: [{ environmentId: gated, value: 0 }],
    editors,
    maintainers: configRole === "maintainer" ? [ACTOR_EMAIL] : [],
  });
  await su.send("POST", `/projects/${p}/segments`, { name: "seg", conditions: [] });
  await su.send("POST", `/projects/${p}/exclusion-groups`, {
    name: "grp",
    slices: [{ name: "a", weight: 10 }],
  });
  const sdk = await su.send("POST", `/projects/${p}/sdk-keys`, {
    name: "s",
    environmentId: env.Production,
  });
  const key = await su.send("POST", `/workspaces/${w}/api-keys`, { name: "fixture", scopes: [] });
  const relay = await su.send("POST", `/workspaces/${w}/relay-keys`, { name: "fixture" });
  const hook = await su.send("POST", `/workspaces/${w}/webhooks`, {
    url: "https://93.184.216.34/fixture",
  });
  const delivery = await su.send("POST", `/workspaces/${w}/webhooks/${hook.body.id}/test`);
  const scheduled = await su.send("POST", `/projects/${p}/configs/cfg/schedules`, {
    at: new Date(Date.now() + 3_600_000).toISOString(),
    config: { base: { value: 7 }, editors },
  });
  const killed = await su.send("POST", `/projects/${p}/configs/cfg/kill-switch`, {
    value: 0,
    reason: "fixture",
  });
  // Opened by a key, so that no subject (the superuser included) is their author.
  const author = new Api(su.endpoint, {
    bearer: String(
      (await su.send("POST", `/workspaces/${w}/api-keys`, {
        name: "author",
        scopes: ["config:write"],
      })).body.key,
    ),
  });
  const changeRequests: Record<string, string> = {};
  for (const which of ["approve", "changes", "reject", "withdraw", "rebase"]) {
    const now = (await su.send("GET", `/projects/${p}/configs/cfg`)).body;
    const variants = (now.variants as { environmentId: string }[]).map((v) =>
      v.environmentId === gated ? { ...v, value: 2 } : v
    );
    const made = await author.send("POST", `/projects/${p}/configs/cfg/change-requests`, {
      config: { ...now, variants },
    });
    changeRequests[which] = String(made.body.id);
  }
  // The config moves on, so the rebase route has something to rebase.
  await su.send("PATCH", `/projects/${p}/configs/cfg`, { description: "moved on" });
  return {
    w,
    p,
    p2,
    cfgId: String(created.body.id),
    prod: env.Production!,
    dev: env.Development!,
    temp,
    sdkKeyId: String(sdk.body.id),
    apiKeyId: String(key.body.id),
    relayKeyId: String(relay.body.id),
    webhookId: String(hook.body.id),
    deliveryId: String(delivery.body.id),
    killSwitchId: String((killed.body.killSwitch as { id: string }).id),
    scheduleId: String((scheduled.body.schedules as { id: string }[])[0]!.id),
    changeRequests: changeRequests as Fixture["changeRequests"],
  };
}

type Subject = {
  name: string;
  configRole?: ConfigRole;
  make(server: AdminServer, f: Fixture, other: string): Promise<{ api: Api; actor: Actor }>;
};

const person = (
  name: string,
  workspace: WorkspaceRole | null,
  project: ProjectRole | null = null,
  config: ConfigRole | null = null,
): Subject => ({
  name,
  configRole: config ?? undefined,
  async make(server, f) {
    const api = await userApi(
      server,
      ACTOR_EMAIL,
      workspace ? { id: f.w, role: workspace } : undefined,
    );
    if (project) {
      await server.su.send("POST", `/projects/${f.p}/members`, {
        email: ACTOR_EMAIL,
        role: project,
      });
    }
    const actor: Actor = {
      kind: "user",
      email: ACTOR_EMAIL,
      workspaces: new Map(workspace ? [[f.w, workspace]] : []),
      projects: new Map(project ? [[f.p, project]] : []),
      configs: new Map(config ? [[f.cfgId, config]] : []),
    };
    return { api, actor };
  },
});

const key = (
  name: string,
  scopes: ApiKeyScope[],
  where: "here" | "other project" | "other workspace" = "here",
): Subject => ({
  name,
  async make(server, f, otherWorkspace) {
    const workspaceId = where === "other workspace" ? otherWorkspace : f.w;
    const projectIds = where === "other project" ? [f.p2] : null;
    const api = await keyApi(server, workspaceId, scopes, { projectIds });
    return { api, actor: { kind: "api_key", keyId: api.keyId, workspaceId, scopes, projectIds } };
  },
});

const SUBJECTS: Subject[] = [
  { name: "superuser", make: (s) => Promise.resolve({ api: s.su, actor: { kind: "superuser" } }) },
  person("workspace admin", "admin"),
  person("workspace member (viewer)", "member"),
  person("project admin", "member", "admin"),
  person("project maintainer", "member", "maintainer"),
  person("config maintainer", "member", null, "maintainer"),
  person("config editor", "member", null, "editor"),
  person("outsider", null),
  ...API_KEY_SCOPES.map((s) => key(`key ${s}`, [s])),
  key("key without scopes", []),
  key("key for another project", [...API_KEY_SCOPES], "other project"),
  key("key of another workspace", [...API_KEY_SCOPES], "other workspace"),
];

Deno.test("role matrix: every route allows or refuses (403) each role and key scope", async (t) => {
  const server = await startTestApp();
  try {
    const other = String(
      (await server.su.send("POST", "/workspaces", { name: "Elsewhere" })).body.id,
    );
    for (const subject of SUBJECTS) {
      await t.step(subject.name, async () => {
        const f = await fixture(server.su, subject.configRole ?? null);
        const { api, actor } = await subject.make(server, f, other);
        const problems: string[] = [];
        for (const route of MATRIX_ROUTES) {
          const path = route.path(f);
          const body = typeof route.body === "function"
            ? await route.body(f, server.su)
            : route.body;
          const res = await api.send(route.method, path, body);
          const label = `${route.method} ${path}`;
          if (route.action === "public") {
            if (res.status !== 200) problems.push(`${label}: ${res.status}`);
            continue;
          }
          if (route.action === "list") {
            const items = (res.body.workspaces ?? res.body.projects) as { id: string }[];
            const expected = path === "/workspaces"
              ? can(actor, "workspace.read", { workspaceId: f.w })
              : can(actor, "project.read", { workspaceId: f.w, projectId: f.p });
            const seen = items?.some((i) => i.id === f.w || i.id === f.p) ?? false;
            if (res.status !== 200 || seen !== expected) {
              problems.push(`${label}: ${res.status} sees=${seen}`);
            }
            continue;
          }
          const allowed = can(actor, route.action, route.target!(f) as never);
          const ok = allowed ? res.status >= 200 && res.status < 300 : res.status === 403;
          if (!ok) {
            problems.push(
              `${label} (${route.action}) expected ${allowed ? "2xx" : 403}, got ${res.status}: ${
                res.text.slice(0, 160)
              }`,
            );
          }
        }
        assert.deepEqual(problems, []);
      });
    }
  } finally {
    await server.stop();
  }
});

Deno.test("a viewer reads but gets 403 on writes, with the reason", async () => {
  const server = await startTestApp();
  try {
    const { workspaceId: w, projectId: p } = await createWorld(server.su);
    await server.su.send("POST", `/projects/${p}/configs`, { name: "c", base: { value: 1 } });
    const viewer = await userApi(server, "viewer@x.test", { id: w, role: "member" });
    assert.equal((await viewer.send("GET", `/projects/${p}/configs/c`)).status, 200);
    const res = await viewer.send("PUT", `/projects/${p}/configs/c`, { base: { value: 2 } });
    assert.equal(res.status, 403);
    assert.match(
      res.body.error!,
      /Cannot edit the config's values and description: it needs config editor/,
    );
  } finally {
    await server.stop();
  }
});

Deno.test("a config editor may change the value but not the overrides or schema", async () => {
  const server = await startTestApp();
  try {
    const { workspaceId: w, projectId: p } = await createWorld(server.su);
    await server.su.send("POST", `/projects/${p}/configs`, {
      name: "c",
      base: { value: 1 },
      editors: ["ed@x.test"],
    });
    const ed = await userApi(server, "ed@x.test", { id: w, role: "member" });
    const url = `/projects/${p}/configs/c`;
    assert.equal(
      (await ed.send("PUT", url, { editors: ["ed@x.test"], base: { value: 2 } })).status,
      200,
    );
    const overrides = [{ name: "o", conditions: [], value: 3 }];
    const refused = await ed.send("PUT", url, {
      editors: ["ed@x.test"],
      base: { value: 2, overrides },
    });
    assert.equal(refused.status, 403);
    assert.match(refused.body.error!, /edit the config's overrides/);
    assert.equal(
      (await ed.send("PATCH", url, { base: { schema: { type: "number" } } })).status,
      403,
    );
    assert.equal((await ed.send("PATCH", url, { editors: [] })).status, 403);
    assert.equal((await server.su.send("GET", url)).body.version, 2);
  } finally {
    await server.stop();
  }
});

Deno.test("a key limited to one project cannot touch another; an expired key gets 401", async () => {
  const server = await startTestApp();
  try {
    const { workspaceId: w, projectId: p } = await createWorld(server.su);
    const p2 = String(
      (await server.su.send("POST", `/workspaces/${w}/projects`, { name: "B" })).body.id,
    );
    const limited = await keyApi(server, w, ["config:write"], { projectIds: [p] });
    const body = { name: "c", base: { value: 1 } };
    assert.equal((await limited.send("POST", `/projects/${p}/configs`, body)).status, 201);
    const refused = await limited.send("POST", `/projects/${p2}/configs`, body);
    assert.equal(refused.status, 403);
    assert.match(refused.body.error!, /is not in the API key's project list/);
    const expired = await keyApi(server, w, ["config:write"], {
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    const res = await expired.send("GET", `/projects/${p}/configs`);
    assert.equal(res.status, 401);
    assert.match(res.body.error!, /expired/);
    assert.equal((await expired.send("GET", "/openapi.json")).status, 401);
  } finally {
    await server.stop();
  }
});
