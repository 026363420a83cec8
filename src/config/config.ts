// Every setting, in one zod schema. Each comes from an environment variable (Replane's
// names where Replane has one) or the equivalent flag: PORT=9000 ≡ --port 9000.
import { z } from "zod";
import { bool, healthPath, int, path, replaneHint, sslCa, url } from "./fields.ts";
import { tlsProblem } from "../store/postgres/postgres_options.ts";
import { composeDatabaseUrl, unsupportedReplaneWarnings } from "./replane_env.ts";
import { issuerProblem, OIDC_CALLBACK_PATH, type OidcConfig, parseGroupRoles } from "./oidc.ts";

/** The schema, keyed by environment variable. Each entry documents itself for `dialtone help`. */
export const SETTINGS = {
  PORT: { schema: int(0, 65535).default(8080), help: "HTTP port (0 picks a free one)" },
  HOST: { schema: z.string().trim().min(1).default("0.0.0.0"), help: "Address to listen on" },
  BASE_URL: {
    schema: url(["http:", "https:"]).optional(),
    help: "Public URL of the dashboard (default http://localhost:PORT)",
  },
  DATA_DIR: {
    schema: path.default("./data"),
    help: "Directory for SQLite files and the secret key",
  },
  SECRET_KEY: {
    schema: z.string().min(
      32,
      `must be at least 32 characters. ${
        replaneHint("Replane sessions do not carry over, so a new key costs nothing")
      }`,
    ).optional(),
    help: "Signs sessions and CSRF tokens (default: generated once into DATA_DIR/secret_key)",
  },
  ENCRYPTION_KEY: {
    schema: z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)")
      .optional(),
    help: "Master key for sensitive config values (docs/sensitive_values.md); unset: none",
  },
  ENCRYPTION_KEY_FILE: {
    schema: path.optional(),
    help: "A file holding ENCRYPTION_KEY (instead of the variable)",
  },
  ENCRYPTION_KEY_PREVIOUS: {
    schema: z.string().transform((s) => s.split(",").map((k) => k.trim()).filter(Boolean))
      .refine(
        (keys) => keys.every((k) => k.length >= 32),
        "each key must be at least 32 characters",
      )
      .default([]),
    help:
      "Comma-separated older master keys, still readable during a rotation (dialtone rotate-key)",
  },
  DATABASE_URL: {
    schema: url(["postgres:", "postgresql:"]).superRefine((s, ctx) => {
      const problem = tlsProblem(s);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }).optional(),
    help:
      "PostgreSQL URL (TLS: ?sslmode=...); when unset (and no DATABASE_HOST) Dialtone runs on embedded SQLite",
  },
  DATABASE_HOST: {
    schema: z.string().trim().min(1).optional(),
    help: "Postgres host, as Replane's split settings (instead of DATABASE_URL)",
  },
  DATABASE_PORT: { schema: int(1, 65535).optional(), help: "Postgres port (default 5432)" },
  DATABASE_USER: { schema: z.string().optional(), help: "Postgres user" },
  DATABASE_PASSWORD: { schema: z.string().optional(), help: "Postgres password (taken literally)" },
  DATABASE_NAME: { schema: z.string().optional(), help: "Postgres database name" },
  DATABASE_MAX_CONNECTIONS: {
    schema: int(1, 1000).default(10),
    help: "Postgres pool size per instance (plus one LISTEN connection)",
  },
  DATABASE_SSL_CA: {
    schema: sslCa.optional(),
    help:
      "CA certificate that signed the Postgres server's: PEM text, or a path to it (verifies it)",
  },
  DATABASE_CONNECT_TIMEOUT_SECONDS: {
    schema: int(1, 300).default(5),
    help: "Give up connecting to Postgres after this long",
  },
  DATABASE_IDLE_TIMEOUT_SECONDS: {
    schema: int(0, 86400).default(60),
    help: "Close pooled Postgres connections idle this long (0: never)",
  },
  DATABASE_HEALTH_CHECK_SECONDS: {
    schema: int(1, 300).default(10),
    help: "Check the LISTEN connection this often; replace it if it does not answer in time",
  },
  UPSTREAM_URL: {
    schema: url(["http:", "https:"]).optional(),
    help: "Relay mode: follow this Dialtone instance instead of a database (docs/relay.md)",
  },
  UPSTREAM_KEY: {
    schema: z.string().trim().regex(
      /^rpr_[0-9a-f]{80}$/,
      "must be a relay key (rpr_ and 80 hex digits), made under Relay keys on the upstream",
    ).optional(),
    help: "Relay mode: the relay key (rpr_...) presented to UPSTREAM_URL",
  },
  CHANGE_RETENTION_HOURS: {
    schema: int(1, 87600).default(168),
    help: "Keep the change feed this long; replicas further behind do a full resync",
  },
  REPLICA_STORAGE_PATH: {
    schema: path.optional(),
    help: "SQLite replica that serves SDKs (default DATA_DIR/replica.db)",
  },
  SUPERUSER_API_KEY: {
    schema: z.string().min(
      16,
      `must be at least 16 characters. ${
        replaneHint("set the new key in your admin API clients too")
      }`,
    ).optional(),
    help: "Admin API key with every right",
  },
  SSE_HEARTBEAT_SECONDS: {
    schema: int(1, 15).default(15),
    help: "Ping idle SDK streams this often (lower it for proxies with short idle timeouts)",
  },
  WEBHOOK_ALLOW_PRIVATE: {
    schema: bool.default(false),
    help: "Lets webhooks call loopback, private and link-local addresses (refused by default)",
  },
  WEBHOOK_TIMEOUT_SECONDS: {
    schema: int(1, 60).default(10),
    help: "Give up on a webhook attempt after this long (it is retried later)",
  },
  TESTING_MODE: { schema: bool.default(false), help: "Enables POST /api/sdk/v1/testing/sync" },
  HEALTHCHECK_PATH: {
    schema: healthPath.default("/api/health"),
    help: "Path of the health check",
  },
  PROMETHEUS_METRICS_ENABLED: { schema: bool.default(false), help: "Serves GET /metrics" },
  METRICS_PORT: {
    schema: int(0, 65535).optional(),
    help: "Serve /metrics on this port only (on METRICS_HOST), not on PORT",
  },
  METRICS_HOST: {
    schema: z.string().trim().min(1).optional(),
    help: "Address for METRICS_PORT (default HOST)",
  },
  METRICS_BEARER_TOKEN: {
    schema: z.string().min(16, "must be at least 16 characters").optional(),
    help: "When set, /metrics needs Authorization: Bearer <token>",
  },
  PASSWORD_AUTH_ENABLED: { schema: bool.default(true), help: "Allows email and password sign-in" },
  OIDC_ISSUER: {
    schema: url(["http:", "https:"]).optional(),
    help: "OpenID Connect provider for single sign-on (docs/sso.md); unset: no SSO",
  },
  OIDC_CLIENT_ID: { schema: z.string().trim().min(1).optional(), help: "SSO client id" },
  OIDC_CLIENT_SECRET: { schema: z.string().min(1).optional(), help: "SSO client secret" },
  OIDC_DISPLAY_NAME: {
    schema: z.string().trim().min(1).max(60).default("single sign-on"),
    help: 'The sign-in button reads "Sign in with <name>"',
  },
  OIDC_SCOPES: {
    schema: z.string().trim().min(1).default("openid email profile"),
    help: "Scopes asked for (add groups where the provider needs it for the groups claim)",
  },
  OIDC_ALLOWED_DOMAINS: {
    schema: z.string().transform((s) =>
      s.split(",").map((d) => d.trim().toLowerCase()).filter(Boolean)
    ).default([]),
    help: "Comma-separated email domains that may sign in with SSO (default: any)",
  },
  OIDC_ALLOWED_GROUPS: {
    schema: z.string().transform((s) => s.split(",").map((d) => d.trim()).filter(Boolean))
      .default([]),
    help: "Comma-separated groups of which an SSO user must be in one (default: any)",
  },
  OIDC_GROUPS_CLAIM: {
    schema: z.string().trim().min(1).default("groups"),
    help: "The claim that lists the user's groups",
  },
  OIDC_GROUP_ROLES: {
    schema: z.string().default(""),
    help: "group=role@workspaceId, ...: workspace roles set from groups at each SSO sign-in",
  },
  OIDC_SESSION_HOURS: {
    schema: int(1, 720).default(12),
    help: "An SSO session ends this long after sign-in (never extended)",
  },
  DISABLE_REGISTRATION: {
    schema: bool.default(false),
    help: "Only the first account and invited emails may sign up",
  },
  RATE_LIMIT_ADMIN_PER_IP: {
    schema: int(0, 1_000_000).default(6000),
    help: "Admin API requests per minute from one address, per instance (0: no limit)",
  },
  RATE_LIMIT_ADMIN_PER_CALLER: {
    schema: int(0, 1_000_000).default(6000),
    help: "Admin API requests per minute of one user or API key, per instance (0: no limit)",
  },
  RATE_LIMIT_SDK_CONNECTS_PER_KEY: {
    schema: int(0, 1_000_000).default(6000),
    help: "SDK stream connects per minute with one SDK key, per instance (0: no limit)",
  },
  RATE_LIMIT_SIGNUPS_PER_MINUTE: {
    schema: int(0, 1_000_000).default(10),
    help: "Sign-ups per minute from one address, per instance (0: no limit)",
  },
  TRUSTED_PROXY_HOPS: {
    schema: int(0, 10).default(0),
    help: "Reverse proxies in front that append to X-Forwarded-For (0: use the connection address)",
  },
  ALLOWED_EMAIL_DOMAINS: {
    schema: z.string().transform((s) =>
      s.split(",").map((d) => d.trim().toLowerCase()).filter(Boolean)
    ).default([]),
    help: "Comma-separated domains allowed to sign up (default: any)",
  },
  LOG_LEVEL: {
    schema: z.enum(["debug", "info", "warn", "error"]).default("info"),
    help: "debug, info, warn or error",
  },
  LOG_FORMAT: {
    schema: z.enum(["auto", "json", "pretty"]).default("auto"),
    help: "json lines, or pretty; auto picks pretty on a terminal",
  },
  ACCESS_LOG: {
    schema: z.enum(["info", "debug", "off"]).default("info"),
    help: "Level of the line per HTTP request and per SDK stream opened or closed (or off)",
  },
  OTEL_DENO: {
    schema: bool.default(false),
    help: "Deno's OpenTelemetry export (traces, logs, metrics); read by the runtime at start",
  },
  OTEL_EXPORTER_OTLP_ENDPOINT: {
    schema: url(["http:", "https:"]).optional(),
    help: "OTLP/HTTP collector, e.g. http://localhost:4318 (used with OTEL_DENO=true)",
  },
} as const;

type Schema = typeof SETTINGS;
export type Env = { [K in keyof Schema]: z.output<Schema[K]["schema"]> };

export type Config = {
  port: number;
  host: string;
  baseUrl: string | undefined;
  dataDir: string;
  secretKey: string;
  /** ENCRYPTION_KEY, ENCRYPTION_KEY_FILE and ENCRYPTION_KEY_PREVIOUS (src/auth/envelope.ts). */
  encryptionKey: string | undefined;
  encryptionKeyFile: string | undefined;
  encryptionKeyPrevious: string[];
  /** DATABASE_URL, or the URL composed from Replane's DATABASE_HOST, _PORT, _USER, ... */
  databaseUrl: string | undefined;
  databaseMaxConnections: number;
  /** DATABASE_SSL_CA when it is a path. */
  databaseSslCa: string | undefined;
  /** DATABASE_SSL_CA when it is the PEM text itself (as Replane takes it). */
  databaseSslCaPem: string | undefined;
  databaseConnectTimeoutSeconds: number;
  databaseIdleTimeoutSeconds: number;
  databaseHealthCheckSeconds: number;
  changeRetentionHours: number;
  /** Relay mode: the upstream instance and the relay key; no database then. */
  upstreamUrl: string | undefined;
  upstreamKey: string | undefined;
  sseHeartbeatSeconds: number;
  webhookAllowPrivate: boolean;
  webhookTimeoutSeconds: number;
  replicaPath: string;
  superuserApiKey: string | undefined;
  testingMode: boolean;
  healthcheckPath: string;
  metricsEnabled: boolean;
  /** Where /metrics is served instead of `port`; undefined: on `port`. */
  metricsPort: number | undefined;
  metricsHost: string | undefined;
  metricsBearerToken: string | undefined;
  passwordAuthEnabled: boolean;
  /** Single sign-on with OpenID Connect, when OIDC_ISSUER is set (src/config/oidc.ts). */
  oidc: OidcConfig | undefined;
  disableRegistration: boolean;
  allowedEmailDomains: string[];
  trustedProxyHops: number;
  /** Per minute, per instance; 0: no limit (docs/limits.md). */
  rateLimits: {
    adminPerIp: number;
    adminPerCaller: number;
    sdkConnectsPerKey: number;
    signupsPerIp: number;
  };
  logLevel: Env["LOG_LEVEL"];
  logFormat: Env["LOG_FORMAT"];
  accessLog: Env["ACCESS_LOG"];
  /** OTEL_DENO=true: our own spans and trace ids in log lines (docs/observability.md). */
  tracing: boolean;
};

/** What the settings say: SECRET_KEY may be unset, and startServer() then generates one. */
export type LoadedConfig = Omit<Config, "secretKey"> & { secretKey: string | undefined };

export type ConfigResult =
  | { ok: true; config: LoadedConfig; warnings: string[] }
  | { ok: false; problems: string[] };

/** `--database-url x` and `--database-url=x` name DATABASE_URL; a bare flag means "true". */
export function flagsToEnv(args: string[]): { env: Record<string, string>; problems: string[] } {
  const env: Record<string, string> = {};
  const problems: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const match = /^--([a-z0-9-]+)(?:=(.*))?$/s.exec(arg);
    const name = match?.[1]?.toUpperCase().replaceAll("-", "_");
    if (!match || !name || !(name in SETTINGS)) {
      problems.push(`${arg}: unknown option (see \`dialtone help\`)`);
      continue;
    }
    let value = match[2];
    if (value === undefined) {
      const next = args[i + 1];
      value = next !== undefined && !next.startsWith("--") ? (i++, next) : "true";
    }
    env[name] = value;
  }
  return { env, problems };
}

/**
 * Parses environment and flags (flags win) into a Config, or lists every problem. Warnings
 * name Replane settings that are set but that Dialtone ignores.
 */
export function loadConfig(
  environment: Record<string, string | undefined>,
  args: string[] = [],
): ConfigResult {
  const flags = flagsToEnv(args);
  const input = { ...pick(environment), ...flags.env };
  const shape = Object.fromEntries(Object.entries(SETTINGS).map(([k, v]) => [k, v.schema]));
  const parsed = z.object(shape).safeParse(input);
  const problems = [...flags.problems];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${String(issue.path[0])}: ${issue.message}`);
    }
  }
  const e = parsed.data as Env | undefined;
  const database = e
    ? composeDatabaseUrl(e.DATABASE_URL, {
      host: e.DATABASE_HOST,
      port: e.DATABASE_PORT,
      user: e.DATABASE_USER,
      password: e.DATABASE_PASSWORD,
      name: e.DATABASE_NAME,
    })
    : { url: undefined, problems: [] };
  problems.push(...database.problems);
  if (e?.METRICS_PORT !== undefined && e.METRICS_PORT !== 0 && e.METRICS_PORT === e.PORT) {
    problems.push(`METRICS_PORT: must differ from PORT (both are ${e.PORT})`);
  }
  if (e && (e.UPSTREAM_URL === undefined) !== (e.UPSTREAM_KEY === undefined)) {
    problems.push(
      e.UPSTREAM_URL
        ? "UPSTREAM_KEY: must be set with UPSTREAM_URL"
        : "UPSTREAM_URL: must be set with UPSTREAM_KEY",
    );
  }
  if (e?.ENCRYPTION_KEY !== undefined && e.ENCRYPTION_KEY_FILE !== undefined) {
    problems.push("ENCRYPTION_KEY_FILE: set ENCRYPTION_KEY or ENCRYPTION_KEY_FILE, not both");
  }
  if (e?.UPSTREAM_URL && database.url) {
    problems.push("UPSTREAM_URL: a relay has no database; unset DATABASE_URL (or DATABASE_HOST)");
  }
  const oidc = e ? oidcConfig(e, problems) : undefined;
  if (!e || problems.length > 0) return { ok: false, problems };
  const ca = e.DATABASE_SSL_CA;
  return {
    ok: true,
    warnings: [
      ...unsupportedReplaneWarnings(environment),
      ...(e.OTEL_EXPORTER_OTLP_ENDPOINT && !e.OTEL_DENO
        ? ["OTEL_EXPORTER_OTLP_ENDPOINT is set but OTEL_DENO is not true: nothing is exported"]
        : []),
    ],
    config: {
      port: e.PORT,
      host: e.HOST,
      baseUrl: e.BASE_URL,
      dataDir: e.DATA_DIR,
      secretKey: e.SECRET_KEY,
      encryptionKey: e.ENCRYPTION_KEY,
      encryptionKeyFile: e.ENCRYPTION_KEY_FILE,
      encryptionKeyPrevious: e.ENCRYPTION_KEY_PREVIOUS,
      databaseUrl: database.url,
      databaseMaxConnections: e.DATABASE_MAX_CONNECTIONS,
      databaseSslCa: ca && "path" in ca ? ca.path : undefined,
      databaseSslCaPem: ca && "pem" in ca ? ca.pem : undefined,
      databaseConnectTimeoutSeconds: e.DATABASE_CONNECT_TIMEOUT_SECONDS,
      databaseIdleTimeoutSeconds: e.DATABASE_IDLE_TIMEOUT_SECONDS,
      databaseHealthCheckSeconds: e.DATABASE_HEALTH_CHECK_SECONDS,
      changeRetentionHours: e.CHANGE_RETENTION_HOURS,
      upstreamUrl: e.UPSTREAM_URL,
      upstreamKey: e.UPSTREAM_KEY,
      sseHeartbeatSeconds: e.SSE_HEARTBEAT_SECONDS,
      webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
      webhookTimeoutSeconds: e.WEBHOOK_TIMEOUT_SECONDS,
      replicaPath: e.REPLICA_STORAGE_PATH ?? `${e.DATA_DIR}/replica.db`,
      superuserApiKey: e.SUPERUSER_API_KEY,
      testingMode: e.TESTING_MODE,
      healthcheckPath: e.HEALTHCHECK_PATH,
      metricsEnabled: e.PROMETHEUS_METRICS_ENABLED,
      metricsPort: e.METRICS_PORT,
      metricsHost: e.METRICS_HOST,
      metricsBearerToken: e.METRICS_BEARER_TOKEN,
      passwordAuthEnabled: e.PASSWORD_AUTH_ENABLED,
      oidc,
      disableRegistration: e.DISABLE_REGISTRATION,
      allowedEmailDomains: e.ALLOWED_EMAIL_DOMAINS,
      trustedProxyHops: e.TRUSTED_PROXY_HOPS,
      rateLimits: {
        adminPerIp: e.RATE_LIMIT_ADMIN_PER_IP,
        adminPerCaller: e.RATE_LIMIT_ADMIN_PER_CALLER,
        sdkConnectsPerKey: e.RATE_LIMIT_SDK_CONNECTS_PER_KEY,
        signupsPerIp: e.RATE_LIMIT_SIGNUPS_PER_MINUTE,
      },
      logLevel: e.LOG_LEVEL,
      logFormat: e.LOG_FORMAT,
      accessLog: e.ACCESS_LOG,
      tracing: e.OTEL_DENO,
    },
  };
}

/** The SSO settings, or undefined without OIDC_ISSUER; problems are pushed to `problems`. */
function oidcConfig(e: Env, problems: string[]): OidcConfig | undefined {
  if (e.OIDC_ISSUER === undefined) return undefined;
  const issuer = issuerProblem(e.OIDC_ISSUER);
  if (issuer) problems.push(issuer);
  if (!e.OIDC_CLIENT_ID) problems.push("OIDC_CLIENT_ID: must be set with OIDC_ISSUER");
  if (!e.OIDC_CLIENT_SECRET) problems.push("OIDC_CLIENT_SECRET: must be set with OIDC_ISSUER");
  if (!e.BASE_URL) {
    problems.push(
      `BASE_URL: must be set with OIDC_ISSUER (the redirect URI is BASE_URL${OIDC_CALLBACK_PATH})`,
    );
  }
  const groupRoles = parseGroupRoles(e.OIDC_GROUP_ROLES);
  problems.push(...groupRoles.problems);
  return {
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID ?? "",
    clientSecret: e.OIDC_CLIENT_SECRET ?? "",
    displayName: e.OIDC_DISPLAY_NAME,
    redirectUri: `${(e.BASE_URL ?? "").replace(/\/+$/, "")}${OIDC_CALLBACK_PATH}`,
    scopes: e.OIDC_SCOPES,
    allowedDomains: e.OIDC_ALLOWED_DOMAINS,
    allowedGroups: e.OIDC_ALLOWED_GROUPS,
    groupsClaim: e.OIDC_GROUPS_CLAIM,
    groupRoles: groupRoles.roles,
    sessionHours: e.OIDC_SESSION_HOURS,
  };
}

/** Only our variables; an empty string counts as unset, as shells and unit files often leave them. */
function pick(environment: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(SETTINGS)) {
    const value = environment[key];
    if (value !== undefined && value !== "") out[key] = value;
  }
  return out;
}

/** The table printed by `dialtone help`. */
export function settingsHelp(): string {
  return Object.entries(SETTINGS)
    .map(([name, s]) => `  ${name.padEnd(28)} ${s.help}`.trimEnd())
    .join("\n");
}
