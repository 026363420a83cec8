// What a Replane deployment's environment means to Dialtone: its split DATABASE_* settings
// compose the Postgres URL (as Replane's getDatabaseUrl does), and its settings Dialtone does
// not support are named in a warning each instead of being ignored without a word.

/** Replane's split connection settings, as given (empty strings already dropped). */
export type DatabaseParts = {
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  name?: string;
};

const PART_VARS = {
  host: "DATABASE_HOST",
  port: "DATABASE_PORT",
  user: "DATABASE_USER",
  password: "DATABASE_PASSWORD",
  name: "DATABASE_NAME",
} as const;

const DEFAULT_PORT = 5432;

/**
 * The Postgres URL from DATABASE_URL and/or the parts, or the problems. With only parts, host,
 * user and name are needed (port defaults to 5432, the password may be empty). With both, every
 * part that is set must say what the URL says: two different databases must not be a guess.
 * Values are taken literally (a "%" in a password is a percent sign, not an escape).
 */
export function composeDatabaseUrl(
  url: string | undefined,
  parts: DatabaseParts,
): { url: string | undefined; problems: string[] } {
  const given = (Object.keys(PART_VARS) as (keyof DatabaseParts)[]).filter((k) =>
    parts[k] !== undefined
  );
  if (given.length === 0) return { url, problems: [] };
  if (url !== undefined) return { url, problems: disagreements(url, parts) };

  const missing = (["host", "user", "name"] as const).filter((k) => parts[k] === undefined);
  if (missing.length > 0) {
    const set = given.map((k) => PART_VARS[k]).join(", ");
    return {
      url: undefined,
      problems: missing.map((k) =>
        `${PART_VARS[k]}: must be set too, since ${set} ${given.length > 1 ? "are" : "is"} ` +
        `(Replane's split database settings need host, user and name; or set DATABASE_URL instead)`
      ),
    };
  }
  const host = parts.host!;
  if (/[\s/?#@\\]/.test(host) || host === "") {
    return {
      url: undefined,
      problems: [`DATABASE_HOST: must be a host name or IP address (got "${host}")`],
    };
  }
  const bracketed = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  const userInfo = encodeURIComponent(parts.user!) +
    (parts.password === undefined ? "" : `:${encodeURIComponent(parts.password)}`);
  const composed = `postgres://${userInfo}@${bracketed}:${parts.port ?? DEFAULT_PORT}/` +
    encodeURIComponent(parts.name!);
  try {
    new URL(composed);
  } catch {
    return {
      url: undefined,
      problems: [`DATABASE_HOST: must be a host name or IP address (got "${host}")`],
    };
  }
  return { url: composed, problems: [] };
}

/** Each part that is set and says something else than the URL. */
function disagreements(url: string, parts: DatabaseParts): string[] {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return []; // DATABASE_URL's own check reports it
  }
  const inUrl: Required<DatabaseParts> = {
    host: u.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase(),
    port: u.port === "" ? DEFAULT_PORT : Number(u.port),
    user: decode(u.username),
    password: decode(u.password),
    name: decode(u.pathname.replace(/^\//, "")),
  };
  const problems: string[] = [];
  for (const key of Object.keys(PART_VARS) as (keyof DatabaseParts)[]) {
    const part = parts[key];
    if (part === undefined) continue;
    const mine = key === "host" ? String(part).replace(/^\[(.*)\]$/, "$1").toLowerCase() : part;
    if (mine === inUrl[key]) continue;
    const shown = key === "password"
      ? "differs from the password in DATABASE_URL"
      : `"${part}" differs from the ${key} in DATABASE_URL ("${inUrl[key]}")`;
    problems.push(
      `${PART_VARS[key]}: ${shown}; set either DATABASE_URL or the DATABASE_* parts, not both`,
    );
  }
  return problems;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Replane settings Dialtone does not support, grouped by what they did in Replane. */
const UNSUPPORTED: { vars: string[]; what: string; instead: string }[] = [
  {
    vars: ["GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET"],
    what: "GitHub sign-in",
    instead: "GitHub has no OpenID Connect sign-in; use another provider with OIDC_ISSUER " +
      "(docs/sso.md), or email and password",
  },
  {
    vars: ["GITLAB_CLIENT_ID", "GITLAB_CLIENT_SECRET"],
    what: "GitLab sign-in",
    instead: "GitLab speaks OpenID Connect: set OIDC_ISSUER=https://gitlab.com (or your " +
      "GitLab's URL), OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (docs/sso.md)",
  },
  {
    vars: ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"],
    what: "Google sign-in",
    instead: "set OIDC_ISSUER=https://accounts.google.com, OIDC_CLIENT_ID and " +
      "OIDC_CLIENT_SECRET (docs/sso.md)",
  },
  {
    vars: ["OKTA_CLIENT_ID", "OKTA_CLIENT_SECRET", "OKTA_ISSUER"],
    what: "Okta sign-in",
    instead: "set OIDC_ISSUER to the OKTA_ISSUER value, OIDC_CLIENT_ID and " +
      "OIDC_CLIENT_SECRET (docs/sso.md)",
  },
  {
    vars: ["MAGIC_LINK_ENABLED"],
    what: "email magic-link sign-in",
    instead: "users sign in with email and password (PASSWORD_AUTH_ENABLED)",
  },
  {
    vars: [
      "EMAIL_SERVER",
      "EMAIL_SERVER_HOST",
      "EMAIL_SERVER_PORT",
      "EMAIL_SERVER_USER",
      "EMAIL_SERVER_PASSWORD",
      "EMAIL_FROM",
    ],
    what: "sending email",
    instead: "Dialtone sends no email; add people as members by email and they sign up",
  },
  {
    vars: [
      "SENTRY_DSN",
      "NEXT_PUBLIC_SENTRY_DSN",
      "SENTRY_ENVIRONMENT",
      "SENTRY_TRACES_SAMPLE_RATE",
    ],
    what: "error reports to Sentry",
    instead: "errors go to the log (LOG_FORMAT=json for a collector)",
  },
  {
    vars: ["NEXTAUTH_SECRET", "NEXTAUTH_URL"],
    what: "Replane's NextAuth session settings",
    instead: "sessions are signed with SECRET_KEY and links use BASE_URL",
  },
  {
    vars: ["DB_SCHEMA"],
    what: "a Postgres schema other than public",
    instead: "Dialtone's tables live in the connection's default schema (search_path)",
  },
  {
    vars: ["EMBEDDED_POSTGRES"],
    what: "the Postgres server bundled in Replane's image",
    instead: "without DATABASE_URL Dialtone uses SQLite in DATA_DIR; move data with export/import",
  },
  {
    vars: ["REPLICA_STORAGE_UNSYNCED", "REPLICA_STORAGE_CACHE_SIZE_KB"],
    what: "tuning of Replane's replica file",
    instead: "the replica's SQLite settings are fixed",
  },
  {
    vars: ["APP_TITLE", "APP_DESCRIPTION"],
    what: "the dashboard's page title",
    instead: "the title is fixed",
  },
  {
    vars: ["SWAP_SIZE"],
    what: "a swap file made by Replane's container entrypoint",
    instead: "give the container enough memory instead",
  },
];

/** One warning per known Replane setting that is set and that Dialtone ignores. */
export function unsupportedReplaneWarnings(
  environment: Record<string, string | undefined>,
): string[] {
  const warnings: string[] = [];
  for (const group of UNSUPPORTED) {
    for (const name of group.vars) {
      const value = environment[name];
      if (value === undefined || value === "") continue;
      warnings.push(
        `${name} is set, but Dialtone does not support ${group.what} as Replane does; ` +
          `it is ignored (${group.instead})`,
      );
    }
  }
  return warnings;
}

/** Every Replane variable the warnings know, for tests and docs. */
export const UNSUPPORTED_REPLANE_VARS: readonly string[] = UNSUPPORTED.flatMap((g) => g.vars);
