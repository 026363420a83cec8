// One webhook attempt over HTTP: the target is checked first (src/service/webhook_target.ts),
// redirects are not followed, the whole exchange has a deadline, and at most maxResponseBytes of
// the answer are read (its first bytes are kept for the delivery log).
import { checkTarget, type TargetPolicy } from "../service/webhook_target.ts";

export type AttemptResult = {
  outcome: "delivered" | "gone" | "failed";
  status: number | null;
  error: string | null;
  /** The first bytes of the response body. */
  response: string | null;
  latencyMs: number;
};

export type SendOptions = {
  timeoutMs: number;
  maxResponseBytes: number;
  /** Kept for the delivery log. */
  keepResponseChars: number;
  policy: TargetPolicy;
  /** Aborts the attempt (the dispatcher is stopping). */
  signal?: AbortSignal;
};

export async function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  o: SendOptions,
): Promise<AttemptResult> {
  const started = performance.now();
  const took = () => performance.now() - started;
  const failed = (error: string, status: number | null = null, response: string | null = null) => ({
    outcome: "failed" as const,
    status,
    error,
    response,
    latencyMs: took(),
  });
  const target = await checkTarget(new URL(url), o.policy);
  if (!target.ok) return failed(`Refused to call the URL: ${target.reason}`);
  const deadline = AbortSignal.timeout(o.timeoutMs);
  const signal = o.signal ? AbortSignal.any([deadline, o.signal]) : deadline;
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", headers, body, redirect: "manual", signal });
  } catch (error) {
    return failed(deadline.aborted ? `No answer within ${o.timeoutMs} ms` : describe(error));
  }
  let text: string;
  try {
    text = await readSome(res, o.maxResponseBytes);
  } catch (error) {
    return failed(
      deadline.aborted ? `The answer did not finish within ${o.timeoutMs} ms` : describe(error),
      res.status,
    );
  }
  const response = text.slice(0, o.keepResponseChars);
  if (res.status >= 200 && res.status < 300) {
    return { outcome: "delivered", status: res.status, error: null, response, latencyMs: took() };
  }
  if (res.status === 410) {
    return {
      outcome: "gone",
      status: 410,
      error: "The endpoint answered 410 Gone",
      response,
      latencyMs: took(),
    };
  }
  if (res.status >= 300 && res.status < 400) {
    return failed(
      `Redirects are not followed (${res.status} to ${res.headers.get("location")})`,
      res.status,
      response,
    );
  }
  return failed(`The endpoint answered ${res.status}`, res.status, response);
}

/** Up to `max` bytes of the body as text; the rest is not read. */
async function readSome(res: Response, max: number): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value.subarray(0, max - size));
      size += Math.min(value.length, max - size);
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(all);
}

function describe(error: unknown): string {
  const e = error as { message?: string; cause?: { message?: string } };
  return e?.cause?.message ?? e?.message ?? String(error);
}
