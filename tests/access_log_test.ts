// The access log: a line per request with the route template, status, duration, request id
// and caller kind (never a credential); a line per SDK stream opened and closed, with the
// reason; failed logins; X-Request-Id on the snapshot fast path; ACCESS_LOG=off.
import assert from "node:assert/strict";
import { loadConfig } from "../src/config/config.ts";
import { createLogger } from "../src/log.ts";
import { startServer } from "../src/server.ts";
import {
  Api,
  createSdkKey,
  createWorld,
  putConfig,
  socket,
  state,
  SUPERUSER_KEY,
} from "./helpers/api.ts";
import { Browser } from "./helpers/browser.ts";
import { openStream, SseReader, sync } from "./helpers/sdk.ts";
import { eventually } from "./helpers/wait.ts";

type Line = { level: string; msg: string; [k: string]: unknown };

async function logged(env: Record<string, string>) {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-access-" });
  const lines: Line[] = [];
  const raw: string[] = [];
  const loaded = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dir,
    TESTING_MODE: "true",
    SUPERUSER_API_KEY: SUPERUSER_KEY,
    ...env,
  });
  if (!loaded.ok) throw new Error(loaded.problems.join("; "));
  const log = createLogger({
    level: loaded.config.logLevel,
    format: "json",
    write: (line) => {
      raw.push(line);
      lines.push(JSON.parse(line));
    },
  });
  const server = await startServer(loaded.config, log);
  return {
    server,
    lines,
    raw,
    su: new Api(socket(server.url), { bearer: SUPERUSER_KEY }),
    stop: async () => {
      await server.shutdown();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

const requests = (lines: Line[]) => lines.filter((l) => l.msg === "HTTP request");

Deno.test("every request writes one access line with route, status, duration, request id and caller", async () => {
  const t = await logged({ LOG_LEVEL: "debug" });
  try {
    const world = await createWorld(t.su);
    const { key } = await createSdkKey(t.su, world.projectId, world.env.Production!);
    await putConfig(t.su, world.projectId, "flag", state(1));
    await sync(t.server);
    const before = requests(t.lines).length;
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const res = await fetch(
        `${t.server.url}/api/admin/v1/projects/${world.projectId}/configs/flag`,
        {
          headers: { Authorization: `Bearer ${SUPERUSER_KEY}` },
        },
      );
      await res.body?.cancel();
      assert.equal(res.status, 200);
      ids.push(res.headers.get("x-request-id")!);
    }
    const lines = requests(t.lines).slice(before);
    assert.equal(lines.length, 60);
    for (const [i, line] of lines.entries()) {
      assert.equal(line.level, "info");
      assert.equal(line.method, "GET");
      assert.equal(line.route, "/api/admin/v1/projects/:projectId/configs/:name");
      assert.equal(line.path, `/api/admin/v1/projects/${world.projectId}/configs/flag`);
      assert.equal(line.status, 200);
      assert.equal(typeof line.ms, "number");
      assert.equal(line.requestId, ids[i]);
      assert.equal(line.caller, "superuser");
    }

    // The snapshot fast path: an X-Request-Id (its own, or the caller's), and a debug line.
    const snap = await fetch(`${t.server.url}/api/sdk/v1/configs`, {
      headers: { Authorization: `Bearer ${key}`, "X-Request-Id": "trace-me-1" },
    });
    await snap.body?.cancel();
    assert.equal(snap.headers.get("x-request-id"), "trace-me-1");
    const anon = await fetch(`${t.server.url}/api/sdk/v1/configs`);
    await anon.body?.cancel();
    assert.equal(anon.status, 401);
    assert.match(anon.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
    await eventually(() => {
      const fast = requests(t.lines).filter((l) => l.route === "/api/sdk/v1/configs");
      assert.deepEqual(fast.map((l) => [l.level, l.status, l.caller]), [
        ["debug", 200, "sdk_key"],
        ["debug", 401, "sdk_key"],
      ]);
      assert.equal(fast[0]!.requestId, "trace-me-1");
    });

    // A stream: opened and closed lines, with the client's user agent and the reason.
    const reader = new SseReader(
      await openStream(t.server, key, undefined, { "User-Agent": "replane-js-sdk/1.0.4" }),
    );
    await reader.until((r) => r.records.length === 1);
    await reader.cancel();
    const closed = await eventually(() => {
      const line = t.lines.find((l) => l.msg === "SDK stream closed");
      assert.ok(line);
      return line;
    });
    const opened = t.lines.find((l) => l.msg === "SDK stream opened")!;
    assert.equal(opened.userAgent, "replane-js-sdk/1.0.4");
    assert.equal(opened.environmentId, world.env.Production);
    assert.equal(closed.reason, "client");
    assert.ok((closed.frames as number) >= 2);

    // Failed logins are warnings naming the email and address, never the password.
    const wrong = await new Browser(socket(t.server.url)).login(
      "ada@example.com",
      "hunter2-wrong-pw",
    );
    assert.equal(wrong.status, 401);
    const failed = t.lines.find((l) => l.msg === "Failed login")!;
    assert.equal(failed.level, "warn");
    assert.equal(failed.email, "ada@example.com");
    assert.equal(failed.ip, "127.0.0.1");
    const login = requests(t.lines).find((l) => l.route === "/api/admin/v1/auth/login")!;
    assert.equal(login.status, 401);
    assert.equal(login.caller, "anonymous");

    // No secret in any line.
    const all = t.raw.join("\n");
    for (const secret of [SUPERUSER_KEY, key, "hunter2-wrong-pw"]) {
      assert.ok(!all.includes(secret), `a log line holds a secret: ${secret.slice(0, 8)}…`);
    }
  } finally {
    await t.stop();
  }
});

Deno.test("ACCESS_LOG=off writes no request or stream lines", async () => {
  const t = await logged({ LOG_LEVEL: "debug", ACCESS_LOG: "off" });
  try {
    const world = await createWorld(t.su);
    const { key } = await createSdkKey(t.su, world.projectId, world.env.Production!);
    await sync(t.server);
    const reader = new SseReader(await openStream(t.server, key));
    await reader.until((r) => r.records.length === 1);
    await reader.cancel();
    await fetch(`${t.server.url}/api/sdk/v1/configs`).then((r) => r.body?.cancel());
    const access = t.lines.filter((l) =>
      l.msg === "HTTP request" || l.msg.startsWith("SDK stream")
    );
    assert.deepEqual(access, []);
  } finally {
    await t.stop();
  }
});
