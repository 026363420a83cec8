// Sensitive configs on embedded SQLite (docs/sensitive_values.md): refused without a master key,
// sealed at rest in the primary and the replica, kept from SDK keys without readSensitive (the
// published SDK, snapshots, streams), masked in history and audit, left out of exports.
import assert from "node:assert/strict";
import { startTestApp } from "./helpers/app.ts";
import { createWorld, putConfig, state } from "./helpers/api.ts";
import { connectSdk, openStream, snapshot, SseReader, sync } from "./helpers/sdk.ts";
import { startTestServer } from "./helpers/server.ts";
import { fileText, KEY_1, PLAINTEXTS, sdkKey, sensitiveBody } from "./helpers/sensitive.ts";
import { eventually } from "./helpers/wait.ts";

Deno.test("marking a config sensitive without ENCRYPTION_KEY is refused, naming what to set", async () => {
  const app = await startTestApp();
  try {
    const { projectId, env } = await createWorld(app.su);
    const created = await app.su.send(
      "POST",
      `/projects/${projectId}/configs`,
      sensitiveBody(env.Production!),
    );
    assert.equal(created.status, 400, created.text);
    assert.match(created.text, /ENCRYPTION_KEY/);
    await putConfig(app.su, projectId, "plain", state(1));
    const patched = await app.su.send("PATCH", `/projects/${projectId}/configs/plain`, {
      sensitive: true,
    });
    assert.equal(patched.status, 400, patched.text);
    assert.match(patched.text, /ENCRYPTION_KEY/);
    const config = await app.su.ok("GET", `/projects/${projectId}/configs/plain`);
    assert.equal(config.body.sensitive, false);
  } finally {
    await app.stop();
  }
});

Deno.test("a sensitive config is sealed at rest, hidden from plain SDK keys, masked in history", async () => {
  const server = await startTestServer({ ENCRYPTION_KEY: KEY_1 });
  try {
    const { su } = server;
    const { projectId, env } = await createWorld(su);
    const prod = env.Production!;
    const created = await su.send("POST", `/projects/${projectId}/configs`, sensitiveBody(prod));
    assert.equal(created.status, 201, created.text);
    await putConfig(su, projectId, "greeting", state("hello"));
    const plainKey = await sdkKey(su, projectId, prod, false);
    const trustedKey = await sdkKey(su, projectId, prod, true);
    await sync(server);

    // The admin API (an authorized reader) gets the values back.
    const read = await su.ok("GET", `/projects/${projectId}/configs/db-password`);
    assert.equal(read.body.sensitive, true);
    assert.equal((read.body.base as { value: unknown }).value, PLAINTEXTS[0]);

    // SDKs: the plain key never sees the config; the trusted one does, with the variant value.
    assert.deepEqual(await snapshot(server.url, plainKey), { greeting: "hello" });
    const trusted = await snapshot(server.url, trustedKey);
    assert.equal(trusted["db-password"], PLAINTEXTS[2]);
    const sdk = await connectSdk(server.url, trustedKey);
    const plainStream = new SseReader(await openStream(server, plainKey));
    try {
      assert.equal(sdk.get("db-password"), PLAINTEXTS[2]);
      await plainStream.until((r) => r.records.some((x) => x.type === "init"));
      const init = JSON.stringify(plainStream.records[0]);
      assert.ok(!init.includes("db-password"), init);

      // A change reaches the trusted SDK, and nothing of it the plain stream.
      const next = { ...sensitiveBody(prod), variants: [] };
      const { name: _, ...update } = next;
      await su.ok("PUT", `/projects/${projectId}/configs/db-password`, update);
      await putConfig(su, projectId, "greeting", state("hi"));
      await eventually(() => assert.equal(sdk.get("db-password"), PLAINTEXTS[0]));
      await plainStream.until((r) => JSON.stringify(r.records).includes('"hi"'));
      assert.ok(!JSON.stringify(plainStream.frames).includes("db-password"));
    } finally {
      sdk.disconnect();
      await plainStream.cancel();
    }

    // At rest: no plaintext in the primary's file or the replica's.
    await sync(server);
    for (const file of [`${server.dir}/dialtone.db`, `${server.dir}/replica.db`]) {
      const text = await fileText(file);
      for (const secret of PLAINTEXTS) assert.ok(!text.includes(secret), `${secret} in ${file}`);
      assert.ok(text.includes("dk1."), `${file} holds the ciphertext`);
    }

    // History and audit: masked, with whether the values changed.
    const base = `/projects/${projectId}/configs/db-password/versions`;
    const list = await su.ok("GET", base);
    assert.deepEqual(
      (list.body.versions as { values?: string }[]).map((v) => v.values),
      ["changed", "changed"],
    );
    const v2 = await su.ok("GET", `${base}/2`);
    assert.equal((v2.body.state as { base: { value: unknown } }).base.value, "[sensitive]");
    const diff = await su.ok("GET", `${base}/2/diff?against=1`);
    const audit = await su.ok("GET", `/projects/${projectId}/audit-log`);
    for (const reply of [list, v2, diff, audit]) {
      for (const secret of PLAINTEXTS) assert.ok(!reply.text.includes(secret), reply.text);
    }
    assert.match(audit.text, /"values":"changed"/);
    // A description-only change records the values as unchanged.
    await su.ok("PATCH", `/projects/${projectId}/configs/db-password`, { description: "new" });
    const v3 = await su.ok("GET", `${base}/3`);
    assert.equal(v3.body.values, "unchanged");

    // Export leaves it out.
    const exported = await su.ok("GET", `/projects/${projectId}/export`);
    const names = (exported.body.configs as { name: string }[]).map((c) => c.name);
    assert.deepEqual(names, ["greeting"]);
    for (const secret of PLAINTEXTS) assert.ok(!exported.text.includes(secret));
  } finally {
    await server.stop();
  }
});

Deno.test("a config that becomes sensitive is deleted from plain streams, and back", async () => {
  const server = await startTestServer({ ENCRYPTION_KEY: KEY_1 });
  try {
    const { su } = server;
    const { projectId, env } = await createWorld(su);
    await putConfig(su, projectId, "token", state("was-public"));
    const plainKey = await sdkKey(su, projectId, env.Production!, false);
    await sync(server);
    const stream = new SseReader(await openStream(server, plainKey));
    try {
      await stream.until((r) => JSON.stringify(r.records).includes("was-public"));
      await su.ok("PATCH", `/projects/${projectId}/configs/token`, {
        sensitive: true,
        base: { value: "now-secret" },
      });
      await stream.until((r) =>
        r.records.some((x) => x.type === "config_delete" && x.name === "token")
      );
      assert.deepEqual(await snapshot(server.url, plainKey), {});
      await su.ok("PATCH", `/projects/${projectId}/configs/token`, { sensitive: false });
      await stream.until((r) => r.records.filter((x) => x.type === "config_change").length > 0);
      assert.deepEqual(await snapshot(server.url, plainKey), { token: "now-secret" });
    } finally {
      await stream.cancel();
    }
  } finally {
    await server.stop();
  }
});
