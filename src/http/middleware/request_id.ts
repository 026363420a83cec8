import type { MiddlewareHandler } from "hono";

const SAFE = /^[A-Za-z0-9._:-]{1,100}$/;

/** Takes a sane incoming X-Request-Id or makes one; echoes it on the response. */
export function requestId(): MiddlewareHandler<{ Variables: { requestId: string } }> {
  return async (c, next) => {
    const given = c.req.header("x-request-id");
    const id = given && SAFE.test(given) ? given : crypto.randomUUID();
    c.set("requestId", id);
    c.header("X-Request-Id", id);
    await next();
  };
}
