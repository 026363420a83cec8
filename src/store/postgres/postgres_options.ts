// Connection settings for postgres.js. TLS follows libpq's `sslmode` meanings, which postgres.js
// only partly shares: it has no verify-ca, treats any other string as "verify with the system's
// CAs", and sends URL parameters it does not know (sslrootcert, sslcert...) to the server as
// settings, which the server rejects. So the ssl parameters are taken out of the URL here.
import type { KeyRing } from "../../auth/envelope.ts";

export const SSL_MODES = [
  "disable",
  "allow",
  "prefer",
  "require",
  "verify-ca",
  "verify-full",
] as const;
export type SslMode = typeof SSL_MODES[number];

export type PostgresOptions = {
  url: string;
  maxConnections?: number;
  /** PEM text of the CA that signed the server's certificate (DATABASE_SSL_CA). */
  sslCa?: string;
  connectTimeoutSeconds?: number;
  /** Idle pool connections close after this long; 0 keeps them. */
  idleTimeoutSeconds?: number;
  /** How often the LISTEN connection is checked (and how long a check may take). */
  healthCheckSeconds?: number;
  /** Master keys for sensitive configs (src/auth/envelope.ts); none by default. */
  keys?: KeyRing;
};

/** A node:tls options object, as postgres.js passes it to tls.connect. */
export type TlsOptions = {
  ca?: string;
  rejectUnauthorized: true;
  host?: string;
  checkServerIdentity?: () => undefined;
};

/** What postgres.js gets: `false` (plain), "prefer"/"require" (TLS, unverified) or options. */
export type Tls = false | "prefer" | "require" | TlsOptions;

const UNSUPPORTED = ["sslcert", "sslkey", "sslpassword", "sslcrl", "sslcrldir"];

/** Why the URL's TLS parameters cannot be used, or null. */
export function tlsProblem(url: string): string | null {
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return null; // the URL check reports it
  }
  const mode = params.get("sslmode");
  if (mode !== null && !(SSL_MODES as readonly string[]).includes(mode)) {
    return `sslmode must be one of ${SSL_MODES.join(", ")} (got "${mode}")`;
  }
  const unsupported = UNSUPPORTED.find((p) => params.has(p));
  if (unsupported) return `${unsupported} is not supported (client certificates are not)`;
  return null;
}

/** The path in the URL's `sslrootcert`, if it names a file (not "system"). */
export function rootCertPath(url: string): string | null {
  const value = new URL(url).searchParams.get("sslrootcert");
  return value && value !== "system" ? value : null;
}

/**
 * The URL without its ssl parameters, and the TLS setting they ask for. `ca` is the PEM text
 * of DATABASE_SSL_CA (or of the file sslrootcert names).
 *
 * | sslmode                 | TLS                 | certificate checked   | host name checked |
 * | disable                 | no                  |                       |                   |
 * | allow, prefer (default) | if the server has it | against `ca` if given | no                |
 * | require                 | yes                 | against `ca` if given | no                |
 * | verify-ca               | yes                 | yes (`ca` or system)  | no                |
 * | verify-full             | yes                 | yes (`ca` or system)  | yes               |
 *
 * Without sslmode, a `ca` (or sslrootcert=system) means verify-full, as it would be odd to give
 * a CA and not check against it.
 */
export function tlsSettings(url: string, ca?: string): { url: string; mode: SslMode; tls: Tls } {
  const problem = tlsProblem(url);
  if (problem) throw new Error(`Cannot use DATABASE_URL: ${problem}`);
  const parsed = new URL(url);
  const params = parsed.searchParams;
  const system = params.get("sslrootcert") === "system";
  const given = params.get("sslmode") as SslMode | null;
  for (const name of ["sslmode", "sslrootcert", "sslnegotiation"]) params.delete(name);
  const stripped = parsed.toString();
  const mode: SslMode = given ?? (ca || system ? "verify-full" : "prefer");
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  const noHostCheck = { checkServerIdentity: () => undefined };
  const withCa = ca ? { ca } : {};
  switch (mode) {
    case "disable":
      return { url: stripped, mode, tls: false };
    case "allow":
    case "prefer":
    case "require":
      if (!ca) return { url: stripped, mode, tls: mode === "require" ? "require" : "prefer" };
      return { url: stripped, mode, tls: { ca, rejectUnauthorized: true, ...noHostCheck } };
    case "verify-ca":
      return { url: stripped, mode, tls: { ...withCa, rejectUnauthorized: true, ...noHostCheck } };
    case "verify-full":
      return { url: stripped, mode, tls: { ...withCa, rejectUnauthorized: true, host } };
  }
}
