// Where a webhook may be sent. Unless WEBHOOK_ALLOW_PRIVATE=true, a URL whose host is, or
// resolves to, a loopback, private, link-local or reserved address is refused: when the
// endpoint is saved and again before every attempt (DNS answers change). Redirects are never
// followed, so a public URL cannot bounce a delivery to a forbidden address.
import { forbiddenAddress } from "../domain/private_address.ts";

export type TargetPolicy = {
  allowPrivate: boolean;
  /** The host's addresses; Deno.resolveDns by default (tests may pass their own). */
  resolve?: (host: string) => Promise<string[]>;
};

export type TargetCheck =
  | { ok: true }
  | { ok: false; forbidden: boolean; reason: string };

const RESOLVE_TIMEOUT_MS = 5_000;

/** Whether `url` may be called now, and if not, why. */
export async function checkTarget(url: URL, policy: TargetPolicy): Promise<TargetCheck> {
  if (policy.allowPrivate) return { ok: true };
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) {
    return { ok: false, forbidden: true, reason: `"${host}" is a loopback name` };
  }
  const literal = forbiddenAddress(host);
  if (literal !== "not an IP address") {
    return literal === null
      ? { ok: true }
      : { ok: false, forbidden: true, reason: `${host} is ${literal}` };
  }
  let addresses: string[];
  try {
    addresses = await (policy.resolve ?? resolveHost)(host);
  } catch (error) {
    return { ok: false, forbidden: false, reason: `cannot resolve "${host}": ${message(error)}` };
  }
  if (addresses.length === 0) {
    return { ok: false, forbidden: false, reason: `"${host}" has no addresses` };
  }
  for (const address of addresses) {
    const problem = forbiddenAddress(address);
    if (problem !== null) {
      return { ok: false, forbidden: true, reason: `"${host}" resolves to ${address}, ${problem}` };
    }
  }
  return { ok: true };
}

async function resolveHost(host: string): Promise<string[]> {
  const signal = AbortSignal.timeout(RESOLVE_TIMEOUT_MS);
  const lookups = await Promise.allSettled([
    Deno.resolveDns(host, "A", { signal }),
    Deno.resolveDns(host, "AAAA", { signal }),
  ]);
  const found = lookups.flatMap((l) => (l.status === "fulfilled" ? l.value : []));
  if (found.length === 0) {
    const failed = lookups.find((l) => l.status === "rejected") as
      | PromiseRejectedResult
      | undefined;
    if (failed) throw failed.reason;
  }
  return found;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
