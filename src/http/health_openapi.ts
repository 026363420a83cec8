// The health and readiness checks (app.ts, ready.ts) as OpenAPI 3.1 path items, for the SDK
// API's document and for any other document that wants to list them.

const json = (schema: unknown) => ({ "application/json": { schema } });

const HEALTH = {
  type: "object",
  required: ["status"],
  properties: { status: { const: "ok" } },
};
const READY = {
  type: "object",
  required: ["status", "checks"],
  properties: {
    status: { enum: ["ready", "unavailable"] },
    checks: { type: "object", additionalProperties: { type: "string" } },
    revision: { type: "integer", description: "The change the replica has applied" },
    error: { type: "string", description: "What is not ready" },
  },
};

/**
 * The health and readiness checks as OpenAPI path items, self-contained (no $ref) and with their
 * own server, so another document (the admin API's, whose server is /api/admin/v1) can list them.
 */
export function healthPaths(healthcheckPath: string) {
  const root = [{ url: "/" }];
  return {
    [healthcheckPath]: {
      servers: root,
      get: {
        operationId: "getHealth",
        summary: "200 while the process serves (HEALTHCHECK_PATH)",
        tags: ["Health"],
        "x-replane-compatible": true,
        security: [],
        responses: { 200: { description: "Serving", content: json(HEALTH) } },
      },
    },
    "/api/ready": {
      servers: root,
      get: {
        operationId: "getReady",
        summary: "200 when the primary, the LISTEN connection and the replica are all fine",
        tags: ["Health"],
        security: [],
        responses: {
          200: { description: "Ready", content: json(READY) },
          503: { description: "Not ready; `error` names what is not", content: json(READY) },
        },
      },
    },
  };
}
