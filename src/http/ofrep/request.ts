// Reading an OFREP request: its credential, and its body `{"context": {...}}`. Problems are the
// protocol's error codes, with details that say what to send instead.
import { LIMITS } from "../../domain/limits.ts";
import { readBytes } from "../body.ts";
import { bearerToken } from "../bearer.ts";

export type Context = Record<string, unknown>;

/** Why a request cannot be evaluated, as the protocol's error code and a human sentence. */
export class ParseProblem {
  constructor(readonly code: "PARSE_ERROR" | "INVALID_CONTEXT", readonly details: string) {}
}

/** A body may hold a context of LIMITS.maxContextBytes, plus room for `{"context":…}`. */
export const MAX_BODY_BYTES = LIMITS.maxContextBytes + 1024;

/** The SDK key of `Authorization: Bearer <key>` or `X-API-Key: <key>`, or null. */
export function credential(headers: Headers): string | null {
  const auth = headers.get("authorization");
  if (auth !== null) return bearerToken(auth);
  const apiKey = headers.get("x-api-key");
  return apiKey === null || apiKey.trim() === "" ? null : apiKey.trim();
}

/** The body text, or a problem when it is too large; reading stops at the limit. */
export async function readBody(request: Request): Promise<string | ParseProblem> {
  const length = request.headers.get("content-length");
  if (length !== null && Number(length) <= MAX_BODY_BYTES) {
    // The common case: the size is known and fine, so the runtime reads it in one go.
    return await request.text().catch(() => "");
  }
  const bytes = length === null
    ? await readBytes(request, MAX_BODY_BYTES).catch(() => new Uint8Array())
    : null;
  if (bytes === null) {
    return new ParseProblem(
      "INVALID_CONTEXT",
      `The request body is over ${MAX_BODY_BYTES} bytes; a context may be at most ` +
        `${LIMITS.maxContextBytes} bytes of JSON`,
    );
  }
  return new TextDecoder().decode(bytes);
}

/** The context of an evaluation request body. */
export function parseContext(text: string): Context | ParseProblem {
  if (text.trim() === "") {
    return new ParseProblem("PARSE_ERROR", 'The request body is empty; send {"context": {...}}');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return new ParseProblem(
      "PARSE_ERROR",
      `The request body is not valid JSON (${(error as Error).message})`,
    );
  }
  if (!isObject(body)) {
    return new ParseProblem(
      "PARSE_ERROR",
      `The request body must be a JSON object {"context": {...}}, not ${kind(body)}`,
    );
  }
  const context = body.context;
  if (context === undefined) {
    return new ParseProblem(
      "INVALID_CONTEXT",
      'The request body has no "context"; send {"context": {...}}',
    );
  }
  if (!isObject(context)) {
    return new ParseProblem("INVALID_CONTEXT", `context must be an object, not ${kind(context)}`);
  }
  const key = context.targetingKey;
  if (key !== undefined && typeof key !== "string") {
    return new ParseProblem(
      "INVALID_CONTEXT",
      `context.targetingKey must be a string, not ${kind(key)}`,
    );
  }
  return context;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return `a ${typeof v}`;
}
