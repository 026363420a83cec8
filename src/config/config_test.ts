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

Deno.test("loadConfig() reads the webhook settings: private targets refused by default", () => {
  const d = loadConfig({});
  assert.ok(d.ok);
  assert.equal(d.config.webhookAllowPrivate, false);
  assert.equal(d.config.webhookTimeoutSeconds, 10);
  const set = loadConfig({ WEBHOOK_ALLOW_PRIVATE: "true", WEBHOOK_TIMEOUT_SECONDS: "3" });
  assert.ok(set.ok);
  assert.equal(set.config.webhookAllowPrivate, true);
  assert.equal(set.config.webhookTimeoutSeconds, 3);
  const bad = loadConfig({ WEBHOOK_ALLOW_PRIVATE: "maybe", WEBHOOK_TIMEOUT_SECONDS: "0" });
  assert.ok(!bad.ok);
  const text = bad.problems.join("\n");
  assert.match(text, /WEBHOOK_ALLOW_PRIVATE: /);
  assert.match(text, /WEBHOOK_TIMEOUT_SECONDS: must be a whole number from 1 to 60/);
});

Deno.test("loadConfig() composes the Postgres URL from Replane's split DATABASE_* settings", () => {
  const result = loadConfig({
    DATABASE_HOST: "db.internal",
    DATABASE_PORT: "6432",
    DATABASE_USER: "replane",
    DATABASE_PASSWORD: "p@ss:w/rd%41",
    DATABASE_NAME: "replane",
  });
  assert.ok(result.ok, JSON.stringify(result));
  const url = new URL(result.config.databaseUrl!);
  assert.equal(url.hostname, "db.internal");
  assert.equal(url.port, "6432");
  assert.equal(decodeURIComponent(url.password), "p@ss:w/rd%41", "the password is literal");
  assert.equal(url.pathname, "/replane");
  const defaults = loadConfig({ DATABASE_HOST: "db", DATABASE_USER: "u", DATABASE_NAME: "d" });
  assert.ok(defaults.ok);
  assert.equal(defaults.config.databaseUrl, "postgres://u@db:5432/d");
  const v6 = loadConfig({ DATABASE_HOST: "::1", DATABASE_USER: "u", DATABASE_NAME: "d" });
  assert.ok(v6.ok);
  assert.equal(v6.config.databaseUrl, "postgres://u@[::1]:5432/d");
});

Deno.test("loadConfig() refuses split settings without host, user or name", () => {
  const result = loadConfig({ DATABASE_USER: "u", DATABASE_PASSWORD: "p" });
  assert.ok(!result.ok);
  const text = result.problems.join("\n");
  assert.match(text, /DATABASE_HOST: must be set too, since DATABASE_USER, DATABASE_PASSWORD are/);
  assert.match(text, /DATABASE_NAME: must be set too/);
  assert.doesNotMatch(text, /DATABASE_USER: must/);
  const bad = loadConfig({ DATABASE_HOST: "a/b", DATABASE_USER: "u", DATABASE_NAME: "d" });
  assert.ok(!bad.ok);
  assert.match(
    bad.problems.join("\n"),
    /DATABASE_HOST: must be a host name or IP address \(got "a\/b"\)/,
  );
});

Deno.test("loadConfig() accepts DATABASE_URL with parts that agree and refuses parts that differ", () => {
  const url = "postgresql://app:s%40cret@DB.example:5432/main?sslmode=require";
  const agree = loadConfig({
    DATABASE_URL: url,
    DATABASE_HOST: "db.example",
    DATABASE_PORT: "5432",
    DATABASE_USER: "app",
    DATABASE_PASSWORD: "s@cret",
    DATABASE_NAME: "main",
  });
  assert.ok(agree.ok, JSON.stringify(agree));
  assert.equal(agree.config.databaseUrl, url);

  const differ = loadConfig({
    DATABASE_URL: url,
    DATABASE_HOST: "other.example",
    DATABASE_PORT: "5433",
    DATABASE_PASSWORD: "not-the-one",
    DATABASE_NAME: "main",
  });
  assert.ok(!differ.ok);
  const text = differ.problems.join("\n");
  assert.match(
    text,
    /DATABASE_HOST: "other.example" differs from the host in DATABASE_URL \("db.example"\); set either/,
  );
  assert.match(text, /DATABASE_PORT: "5433" differs from the port in DATABASE_URL \("5432"\)/);
  assert.match(text, /DATABASE_PASSWORD: differs from the password in DATABASE_URL/);
  assert.doesNotMatch(text, /not-the-one|s@cret|s%40cret/, "no password in the message");
  assert.doesNotMatch(text, /DATABASE_NAME/);
});

const PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----";

Deno.test("loadConfig() reads DATABASE_SSL_CA as PEM text or as a path", () => {
  const text = loadConfig({ DATABASE_SSL_CA: PEM });
  assert.ok(text.ok);
  assert.equal(text.config.databaseSslCaPem, PEM + "\n");
  assert.equal(text.config.databaseSslCa, undefined);
  const oneLine = loadConfig({ DATABASE_SSL_CA: PEM.replaceAll("\n", "\\n") });
  assert.ok(oneLine.ok);
  assert.equal(oneLine.config.databaseSslCaPem, PEM + "\n", "literal \\n become line breaks");
  const path = loadConfig({ DATABASE_SSL_CA: " /etc/ssl/db-ca.pem " });
  assert.ok(path.ok);
  assert.equal(path.config.databaseSslCa, "/etc/ssl/db-ca.pem");
  assert.equal(path.config.databaseSslCaPem, undefined);
  const cut = loadConfig({ DATABASE_SSL_CA: "-----BEGIN CERTIFICATE-----\nMIIB" });
  assert.ok(!cut.ok);
  assert.match(
    cut.problems.join("\n"),
    /DATABASE_SSL_CA: starts with -----BEGIN, .* no -----END line/,
  );
});

Deno.test("loadConfig() normalizes HEALTHCHECK_PATH as Replane does", () => {
  for (const [given, expected] of [["health", "/health"], ["/api/live/", "/api/live"]]) {
    const result = loadConfig({ HEALTHCHECK_PATH: given });
    assert.ok(result.ok);
    assert.equal(result.config.healthcheckPath, expected);
  }
  const root = loadConfig({ HEALTHCHECK_PATH: "/" });
  assert.ok(!root.ok);
  assert.match(root.problems.join("\n"), /HEALTHCHECK_PATH: must name a path other than \//);
});

Deno.test("loadConfig() warns once per Replane setting it ignores", () => {
  const result = loadConfig({
    GITHUB_CLIENT_ID: "id",
    GITHUB_CLIENT_SECRET: "secret",
    OKTA_ISSUER: "https://x.okta.com",
    EMAIL_SERVER: "smtp://u:p@mail:587",
    MAGIC_LINK_ENABLED: "true",
    SENTRY_DSN: "https://k@sentry.example/1",
    DB_SCHEMA: "replane",
    GOOGLE_CLIENT_ID: "",
    PATH: "/usr/bin",
  });
  assert.ok(result.ok);
  const named = result.warnings.map((w) => w.split(" ")[0]);
  assert.deepEqual(named, [
    "GITHUB_CLIENT_ID",
    "GITHUB_CLIENT_SECRET",
    "OKTA_ISSUER",
    "MAGIC_LINK_ENABLED",
    "EMAIL_SERVER",
    "SENTRY_DSN",
    "DB_SCHEMA",
  ]);
  assert.match(result.warnings[0]!, /Dialtone does not support GitHub sign-in .* it is ignored/);
  assert.doesNotMatch(result.warnings.join("\n"), /secret|smtp:/, "values are not repeated");
  const plain = loadConfig({ PORT: "1", PATH: "/usr/bin" });
  assert.ok(plain.ok);
  assert.deepEqual(plain.warnings, []);
});

Deno.test("loadConfig() tells a Replane user what to do about a short key", () => {
  const result = loadConfig({ SUPERUSER_API_KEY: "dev-key", SECRET_KEY: "xxx" });
  assert.ok(!result.ok);
  const text = result.problems.join("\n");
  assert.match(
    text,
    /SUPERUSER_API_KEY: must be at least 16 characters\. Replane accepted shorter ones; set the new key in your admin API clients too\. Make one with `openssl rand -base64 48`/,
  );
  assert.match(
    text,
    /SECRET_KEY: must be at least 32 characters\. Replane accepted shorter ones; Replane sessions do not carry over/,
  );
});

Deno.test("loadConfig() leaves an unset SECRET_KEY for startServer() to generate", () => {
  const unset = loadConfig({});
  assert.ok(unset.ok);
  assert.equal(unset.config.secretKey, undefined);
  const set = loadConfig({ SECRET_KEY: "k".repeat(32) });
  assert.ok(set.ok);
  assert.equal(set.config.secretKey, "k".repeat(32));
});

Deno.test("loadConfig() reads the metrics settings and refuses a metrics port equal to PORT", () => {
  const off = loadConfig({});
  assert.ok(off.ok);
  assert.equal(off.config.metricsEnabled, false);
  assert.equal(off.config.metricsPort, undefined);
  assert.equal(off.config.metricsBearerToken, undefined);

  const on = loadConfig({
    PROMETHEUS_METRICS_ENABLED: "true",
    METRICS_PORT: "9464",
    METRICS_HOST: "127.0.0.1",
    METRICS_BEARER_TOKEN: "scrape-token-0123456789",
  });
  assert.ok(on.ok);
  assert.equal(on.config.metricsEnabled, true);
  assert.equal(on.config.metricsPort, 9464);
  assert.equal(on.config.metricsHost, "127.0.0.1");
  assert.equal(on.config.metricsBearerToken, "scrape-token-0123456789");

  const short = loadConfig({ METRICS_BEARER_TOKEN: "short" });
  assert.ok(!short.ok);
  assert.deepEqual(short.problems, ["METRICS_BEARER_TOKEN: must be at least 16 characters"]);
  const same = loadConfig({ PORT: "9000", METRICS_PORT: "9000" });
  assert.ok(!same.ok);
  assert.deepEqual(same.problems, ["METRICS_PORT: must differ from PORT (both are 9000)"]);
});

Deno.test("loadConfig() reads ACCESS_LOG as info, debug or off", () => {
  const d = loadConfig({});
  assert.ok(d.ok);
  assert.equal(d.config.accessLog, "info");
  const off = loadConfig({ ACCESS_LOG: "off" });
  assert.ok(off.ok);
  assert.equal(off.config.accessLog, "off");
  const bad = loadConfig({ ACCESS_LOG: "loud" });
  assert.ok(!bad.ok);
  assert.match(bad.problems[0]!, /^ACCESS_LOG: /);
});

Deno.test("loadConfig() reads UPSTREAM_URL and UPSTREAM_KEY together, without a database", () => {
  const key = "rpr_" + "ab".repeat(40);
  const none = loadConfig({});
  assert.ok(none.ok);
  assert.equal(none.config.upstreamUrl, undefined);
  const relay = loadConfig({ UPSTREAM_URL: "https://eu.example.com", UPSTREAM_KEY: key });
  assert.ok(relay.ok);
  assert.equal(relay.config.upstreamUrl, "https://eu.example.com");
  assert.equal(relay.config.upstreamKey, key);

  const problems = (env: Record<string, string>) => {
    const r = loadConfig(env);
    return r.ok ? [] : r.problems;
  };
  assert.deepEqual(problems({ UPSTREAM_URL: "https://eu.example.com" }), [
    "UPSTREAM_KEY: must be set with UPSTREAM_URL",
  ]);
  assert.deepEqual(problems({ UPSTREAM_KEY: key }), [
    "UPSTREAM_URL: must be set with UPSTREAM_KEY",
  ]);
  assert.deepEqual(problems({ UPSTREAM_URL: "ftp://x", UPSTREAM_KEY: key }), [
    "UPSTREAM_URL: must be a URL starting with http:// or https://",
  ]);
  assert.deepEqual(problems({ UPSTREAM_URL: "https://x", UPSTREAM_KEY: "rp_" + "ab".repeat(40) }), [
    "UPSTREAM_KEY: must be a relay key (rpr_ and 80 hex digits), made under Relay keys on the upstream",
  ]);
  assert.deepEqual(
    problems({ UPSTREAM_URL: "https://x", UPSTREAM_KEY: key, DATABASE_URL: "postgres://h/db" }),
    ["UPSTREAM_URL: a relay has no database; unset DATABASE_URL (or DATABASE_HOST)"],
  );
});

Deno.test("loadConfig() turns tracing on with OTEL_DENO and warns about an endpoint without it", () => {
  const on = loadConfig({ OTEL_DENO: "true", OTEL_EXPORTER_OTLP_ENDPOINT: "http://otel:4318" });
  assert.ok(on.ok);
  assert.equal(on.config.tracing, true);
  assert.deepEqual(on.warnings, []);
  const off = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://otel:4318" });
  assert.ok(off.ok);
  assert.equal(off.config.tracing, false);
  assert.deepEqual(off.warnings, [
    "OTEL_EXPORTER_OTLP_ENDPOINT is set but OTEL_DENO is not true: nothing is exported",
  ]);
  const bad = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "otel:4318" });
  assert.equal(bad.ok, false);
  if (!bad.ok) assert.match(bad.problems[0]!, /^OTEL_EXPORTER_OTLP_ENDPOINT: /);
});
