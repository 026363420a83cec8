// X-Request-Id for responses answered before Hono: the caller's id when it is sane (the rule
// Hono's requestId middleware applies), else a new one.
const SANE = /^[\w\-=]{1,100}$/;

export function requestIdOf(request: Request): string {
  const given = request.headers.get("x-request-id");
  return given !== null && SANE.test(given) ? given : crypto.randomUUID();
}
