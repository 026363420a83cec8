import assert from "node:assert/strict";
import { flagsToEnv, loadConfig } from "./config.ts";

Deno.test("loadConfig() applies defaults", () => {
  const result = loadConfig({});
  assert.ok(result.ok);
  assert.equal(result.config.port, 8080);
  assert.equal(result.config.dataDir, "./data");
  assert.equal(result.config.replicaPath, "./data/replica.db");
  assert.equal(result.config.healthcheckPath, "/api/health");
  assert.equal(result.config.passwordAuthEnabled, true);
  assert.equal(result.config.databaseUrl, undefined);
});

Deno.test("loadConfig() lets flags win over the environment", () => {
  const result = loadConfig({ PORT: "1000", TESTING_MODE: "false" }, [
    "--port",
    "2000",
    "--testing-mode",
    "--allowed-email-domains=Example.com, b.org",
  ]);
  assert.ok(result.ok);
  assert.equal(result.config.port, 2000);
  assert.equal(result.config.testingMode, true);
  assert.deepEqual(result.config.allowedEmailDomains, ["example.com", "b.org"]);
});

Deno.test("loadConfig() lists every problem, naming the variable", () => {
  const result = loadConfig({
    PORT: "70000",
    TESTING_MODE: "maybe",
    SECRET_KEY: "short",
    DATABASE_URL: "http://x",
  }, ["--nope"]);
  assert.ok(!result.ok);
  const text = result.problems.join("\n");
  for (const name of ["PORT", "TESTING_MODE", "SECRET_KEY", "DATABASE_URL", "--nope"]) {
    assert.match(text, new RegExp(name));
  }
});

Deno.test("flagsToEnv() treats a trailing bare flag as true", () => {
  assert.deepEqual(flagsToEnv(["--disable-registration"]).env, { DISABLE_REGISTRATION: "true" });
});

Deno.test("loadConfig() reads the Postgres, retention and heartbeat settings", () => {
  const defaults = loadConfig({});
  assert.ok(defaults.ok);
  assert.equal(defaults.config.databaseConnectTimeoutSeconds, 5);
  assert.equal(defaults.config.databaseIdleTimeoutSeconds, 60);
  assert.equal(defaults.config.databaseHealthCheckSeconds, 10);
  assert.equal(defaults.config.changeRetentionHours, 168);
  assert.equal(defaults.config.sseHeartbeatSeconds, 15);
  const set = loadConfig({
    DATABASE_URL: "postgres://db/app?sslmode=verify-full",
    DATABASE_CONNECT_TIMEOUT_SECONDS: "10",
    DATABASE_IDLE_TIMEOUT_SECONDS: "0",
    CHANGE_RETENTION_HOURS: "24",
    SSE_HEARTBEAT_SECONDS: "5",
  });
  assert.ok(set.ok);
  assert.equal(set.config.databaseIdleTimeoutSeconds, 0);
  assert.equal(set.config.changeRetentionHours, 24);
  assert.equal(set.config.sseHeartbeatSeconds, 5);
  const bad = loadConfig({
    DATABASE_URL: "postgres://db/app?sslmode=required",
    CHANGE_RETENTION_HOURS: "0",
    SSE_HEARTBEAT_SECONDS: "30",
  });
  assert.ok(!bad.ok);
  const text = bad.problems.join("\n");
  assert.match(text, /DATABASE_URL: sslmode must be one of disable, allow, .* \(got "required"\)/);
  assert.match(text, /CHANGE_RETENTION_HOURS: must be a whole number from 1/);
  assert.match(text, /SSE_HEARTBEAT_SECONDS: must be a whole number from 1 to 15/);
});
