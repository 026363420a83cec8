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
