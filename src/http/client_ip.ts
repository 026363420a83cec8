// The caller's IP address, for rate limits and session records. X-Forwarded-For is
// written by whoever sends the request, so it counts only with TRUSTED_PROXY_HOPS > 0.
import type { Context } from "hono";
import { getConnInfo } from "hono/deno";

/**
 * With `trustedProxyHops` = n, each of the n proxies in front appended the address it saw,
 * so the n-th entry from the right is the client as the outermost trusted proxy saw it;
 * entries further left came from the client and may be forged.
 */
export function clientIp(c: Context, trustedProxyHops: number): string {
  const remote = connectionAddress(c);
  if (trustedProxyHops <= 0) return remote;
  const chain = (c.req.header("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return chain[chain.length - trustedProxyHops] ?? chain[0] ?? remote;
}

function connectionAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    // app.request() in tests has no connection.
    return "unknown";
  }
}
