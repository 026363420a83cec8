// Config versions (list, get, diff, restore) and the audit log (filters, keyset pages).
import assert from "node:assert/strict";
import { createWorld, keyApi } from "./helpers/admin.ts";
import { startTestApp } from "./helpers/app.ts";

Deno.test("config versions: list, get, diff and restore (a restore writes a new version)", async () => {
  const server = await startTestApp();
  const { su } = server;
  try {
    const { projectId: p, env } = await createWorld(su);
    const cfg = `/projects/${p}/configs/flag`;
    assert.equal(
      (await su.send("POST", `/projects/${p}/configs`, { name: "flag", base: { value: false } }))
        .status,
      201,
    );
    assert.equal((await su.send("PUT", cfg, { base: { value: true } })).status, 200);
    const patched = await su.send("PATCH", cfg, {
      description: "the flag",
      variants: [{ environmentId: env.Development, value: false }],
      baseVersion: 2,
    });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.body.version, 3);
    const stale = await su.send("PATCH", cfg, { description: "x", baseVersion: 2 });
    assert.equal(stale.status, 409);
    assert.match(stale.body.error!, /version 3, not 2/);

    const list = await su.send("GET", `${cfg}/versions`);
    const versions = list.body.versions as { version: number; actor: { type: string } }[];
    assert.deepEqual(versions.map((v) => v.version), [3, 2, 1]);
    assert.equal(versions[0]!.actor.type, "superuser");
    const v1 = await su.send("GET", `${cfg}/versions/1`);
    assert.deepEqual((v1.body.state as { base: unknown }).base, {
      value: false,
      schema: null,
      overrides: [],
    });
    assert.equal((await su.send("GET", `${cfg}/versions/9`)).status, 404);
    assert.equal((await su.send("GET", `${cfg}/versions/0`)).status, 400);

    assert.deepEqual((await su.send("GET", `${cfg}/versions/2/diff`)).body, {
      from: 1,
      to: 2,
      changes: [{ path: "base.value", kind: "changed", before: false, after: true }],
    });
    const threeVsOne = await su.send("GET", `${cfg}/versions/3/diff?against=1`);
    assert.deepEqual((threeVsOne.body.changes as { path: string }[]).map((c) => c.path), [
      "description",
      "base.value",
      `variants["${env.Development}"]`,
    ]);
    assert.deepEqual(
      (await su.send("GET", `${cfg}/versions/1/diff?against=0`)).body,
      (await su.send("GET", `${cfg}/versions/1/diff`)).body,
    );
    const first = await su.send("GET", `${cfg}/versions/1/diff`);
    assert.equal(first.body.from, 0);
    assert.ok((first.body.changes as { kind: string }[]).every((c) => c.kind === "added"));

    const restored = await su.send("POST", `${cfg}/versions/1/restore`, { baseVersion: 3 });
    assert.equal(restored.status, 200, restored.text);
    assert.equal(restored.body.version, 4);
    const now = await su.send("GET", cfg);
    assert.equal((now.body.base as { value: unknown }).value, false);
    assert.deepEqual(now.body.variants, []);
    const again = await su.send("POST", `${cfg}/versions/2/restore`, { baseVersion: 3 });
    assert.equal(again.status, 409);
    assert.equal((await su.send("POST", `${cfg}/versions/2/restore`)).body.version, 5);

    const log = await su.send("GET", `/projects/${p}/audit-log?configName=flag&limit=1`);
    const [latest] = log.body.entries as { action: string; after: Record<string, unknown> }[];
    assert.equal(latest!.action, "config.restore");
    assert.equal(latest!.after.restoredFromVersion, 2);

    // History outlives the config.
    assert.equal((await su.send("DELETE", cfg)).status, 204);
    const afterDelete = await su.send("GET", `${cfg}/versions`);
    assert.equal(afterDelete.status, 200);
    assert.equal((afterDelete.body.versions as unknown[]).length, 5);
    assert.equal((await su.send("POST", `${cfg}/versions/1/restore`)).status, 404);
  } finally {
    await server.stop();
  }
});

Deno.test("audit log: filters by config, actor, project and time, pages with a cursor", async () => {
  const server = await startTestApp();
  const { su } = server;
  try {
    const { workspaceId, projectId: p } = await createWorld(su);
    const key = await keyApi(server, workspaceId, ["config:write", "project:read"]);
    for (let i = 0; i < 3; i++) {
      await su.send("POST", `/projects/${p}/configs`, { name: `su-${i}`, base: { value: i } });
      await key.send("POST", `/projects/${p}/configs`, { name: `key-${i}`, base: { value: i } });
    }
    await key.send("PUT", `/projects/${p}/configs/su-0`, { base: { value: 10 } });

    type Entry = { id: number; action: string; configName: string | null; actor: { id: string } };
    const all: Entry[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/projects/${p}/audit-log?limit=3${cursor ? `&before=${cursor}` : ""}`;
      const page = await key.send("GET", url);
      assert.equal(page.status, 200, page.text);
      all.push(...page.body.entries as Entry[]);
      cursor = page.body.nextCursor as string | null;
    } while (cursor !== null);
    const ids = all.map((e) => e.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(all.filter((e) => e.action === "config.create").length, 6);
    assert.ok(all.some((e) => e.action === "project.create"));

    const byKey = await su.send("GET", `/projects/${p}/audit-log?actorId=${key.keyId}`);
    const keyEntries = byKey.body.entries as Entry[];
    assert.equal(keyEntries.length, 4);
    assert.ok(keyEntries.every((e) => e.actor.id === key.keyId));
    const su0 = await su.send("GET", `/projects/${p}/audit-log?configName=su-0`);
    assert.deepEqual((su0.body.entries as Entry[]).map((e) => e.action), [
      "config.update",
      "config.create",
    ]);
    const future = new Date(Date.now() + 60_000).toISOString();
    assert.deepEqual(
      (await su.send("GET", `/projects/${p}/audit-log?from=${future}`)).body.entries,
      [],
    );
    const past = await su.send("GET", `/projects/${p}/audit-log?to=2000-01-01T00:00:00Z`);
    assert.deepEqual(past.body.entries, []);
    const window = await su.send(
      "GET",
      `/projects/${p}/audit-log?from=2000-01-01T00:00:00%2B02:00&to=${future}`,
    );
    assert.equal((window.body.entries as Entry[]).length, all.length);

    const ws = await su.send("GET", `/workspaces/${workspaceId}/audit-log?limit=200`);
    assert.ok((ws.body.entries as Entry[]).some((e) => e.action === "workspace.create"));
    const wsProject = await su.send(
      "GET",
      `/workspaces/${workspaceId}/audit-log?projectId=${p}&limit=200`,
    );
    assert.equal((wsProject.body.entries as Entry[]).length, all.length);
    // Keys read the per-project log only.
    assert.equal((await key.send("GET", `/workspaces/${workspaceId}/audit-log`)).status, 403);

    for (
      const [query, field] of [
        ["limit=500", "limit"],
        ["limit=0", "limit"],
        ["from=yesterday", "from"],
        ["before=-1", "before"],
        ["actorId=bob", "actorId"],
        ["configName=a%20b", "configName"],
      ]
    ) {
      const bad = await su.send("GET", `/projects/${p}/audit-log?${query}`);
      assert.equal(bad.status, 400, query);
      assert.equal((bad.body.issues as { path: string }[])[0]!.path, field, query);
    }
  } finally {
    await server.stop();
  }
});
