// Reading a request body: at most `maxBytes` (the rest is never read), strict UTF-8, then JSON.
// Every route that takes a body reads it through here. Problems are 4xx AppErrors whose message
// names the action: "Cannot sign up: the request body is not valid JSON (…)".
import { AppError } from "./errors.ts";

export type BodyLimits = {
  /** A verb phrase for messages: "sign up", "create config". */
  action: string;
  maxBytes: number;
};

/** The body's bytes, or null when there are more than `maxBytes`; reading stops there. */
export async function readBytes(request: Request, maxBytes: number): Promise<Uint8Array | null> {
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) return null;
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}

/** The parsed JSON body, or undefined when it is empty or blank. */
export async function readJson(request: Request, limits: BodyLimits): Promise<unknown> {
  const { action, maxBytes } = limits;
  const bytes = await readBytes(request, maxBytes);
  if (bytes === null) {
    throw new AppError(
      413,
      "payload_too_large",
      `Cannot ${action}: the request body exceeds ${maxBytes} bytes; nothing larger than ` +
        `that is read`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw unreadable(action, "the request body is not valid UTF-8");
  }
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw unreadable(action, `the request body is not valid JSON (${reason})`);
  }
}

function unreadable(action: string, message: string): AppError {
  return new AppError(400, "bad_request", `Cannot ${action}: ${message}`, [{ path: "", message }]);
}
