// The SDK API's OpenAPI 3.1 document, at /api/sdk/v1/openapi.json (and /api/v1/openapi.json),
// where Replane serves its own. It describes the routes sdk.ts and sdk_snapshot.ts answer,
// plus the health and readiness checks that load balancers and SDK operators probe.
import { Hono } from "hono";
import { PROPERTY_OPERATORS } from "../domain/overrides.ts";
import { VERSION } from "../version.ts";
import { healthPaths } from "./health_openapi.ts";
import { sdkEvaluatePaths } from "./sdk_evaluate_openapi.ts";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ "application/json": { schema } });
const sdkError = (description: string) => ({ description, content: json(ref("SdkError")) });
const bearer = [{ sdkKey: [] }];

const SCHEMAS = {
  SdkError: {
    type: "object",
    required: ["msg"],
    properties: { msg: { type: "string" } },
    description: "Errors of the SDK API use Replane's `msg` field.",
  },
  SdkConfig: {
    type: "object",
    required: ["name", "value", "overrides"],
    properties: {
      name: { type: "string" },
      value: { description: "Any JSON value" },
      overrides: { type: "array", items: ref("RenderedOverride") },
    },
  },
  RenderedOverride: {
    type: "object",
    required: ["name", "conditions", "value"],
    properties: {
      name: { type: "string" },
      conditions: {
        type: "array",
        items: ref("RenderedCondition"),
        description:
          "All must match (unknown counts as no match); the first matching override wins",
      },
      value: { description: "Any JSON value" },
    },
  },
  RenderedCondition: {
    oneOf: [
      {
        type: "object",
        required: ["operator", "property"],
        properties: {
          operator: { enum: [...PROPERTY_OPERATORS] },
          property: { type: "string" },
          value: {
            description: "The resolved value; absent when a reference could not be resolved",
          },
        },
      },
      {
        type: "object",
        required: ["operator", "property", "fromPercentage", "toPercentage", "seed"],
        properties: {
          operator: { const: "segmentation" },
          property: { type: "string" },
          fromPercentage: { type: "number", minimum: 0, maximum: 100 },
          toPercentage: { type: "number", minimum: 0, maximum: 100 },
          seed: { type: "string" },
        },
      },
      {
        type: "object",
        required: ["operator", "conditions"],
        properties: {
          operator: { enum: ["and", "or"] },
          conditions: { type: "array", items: ref("RenderedCondition") },
        },
      },
      {
        type: "object",
        required: ["operator", "condition"],
        properties: { operator: { const: "not" }, condition: ref("RenderedCondition") },
      },
    ],
  },
  StartReplicationStreamBody: {
    type: "object",
    properties: {
      currentConfigs: {
        type: "array",
        items: ref("SdkConfig"),
        description: "What the client has; the server's configs win",
      },
      requiredConfigs: {
        type: "array",
        items: { type: "string" },
        description: "Names neither side has make the request fail with 400",
      },
    },
  },
  ReplicationStreamRecord: {
    description: "One `data:` line of the stream. Comments (`: connected`, `: ping`) carry none.",
    oneOf: [
      {
        type: "object",
        required: ["type", "configs"],
        properties: {
          type: { const: "init" },
          configs: { type: "array", items: ref("SdkConfig") },
        },
      },
      {
        type: "object",
        required: ["type", "config"],
        properties: { type: { const: "config_change" }, config: ref("SdkConfig") },
      },
      {
        type: "object",
        required: ["type", "name"],
        description: "A Dialtone extra; Replane's SDKs ignore record types they do not know",
        properties: { type: { const: "config_delete" }, name: { type: "string" } },
      },
    ],
  },
  Snapshot: {
    type: "object",
    required: ["configs"],
    properties: { configs: { type: "array", items: ref("SdkConfig") } },
  },
};

function streamOperation(operationId: string, summary: string) {
  return {
    operationId,
    summary,
    tags: ["SDK"],
    "x-replane-compatible": true,
    security: bearer,
    parameters: [{
      name: "Last-Event-ID",
      in: "header",
      required: false,
      schema: { type: "string" },
      description: "Resume after this frame id: only what changed since is sent, else an init",
    }],
    requestBody: { required: false, content: json(ref("StartReplicationStreamBody")) },
    responses: {
      200: {
        description: "Server-sent events: `: connected`, then an `init` record, then a " +
          "`config_change` per change; `: ping` while idle",
        content: { "text/event-stream": { schema: ref("ReplicationStreamRecord") } },
      },
      400: sdkError("A required config exists on neither side"),
      401: sdkError("Missing SDK key, or an invalid one"),
      413: sdkError("The request body is over 16 MiB"),
      503: sdkError("The server is shutting down"),
    },
  };
}

/** The document; `healthcheckPath` is HEALTHCHECK_PATH. */
export function sdkOpenApiDocument(healthcheckPath: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Dialtone SDK API",
      version: VERSION,
      description: "What SDKs call. Operations marked x-replane-compatible speak Replane's " +
        "wire protocol, so the published Replane SDKs work unchanged.",
    },
    servers: [{ url: "/" }],
    paths: {
      "/api/sdk/v1/replication/stream": {
        post: streamOperation("startReplicationStream", "The replication stream"),
      },
      "/api/v1/replication/stream": {
        post: streamOperation("startReplicationStreamV1", "The replication stream (older path)"),
      },
      "/api/sdk/v1/configs": {
        get: {
          operationId: "getConfigs",
          summary: "The environment's configs in one response, for serverless and SSR callers",
          tags: ["SDK"],
          security: bearer,
          parameters: [{
            name: "If-None-Match",
            in: "header",
            required: false,
            schema: { type: "string" },
          }],
          responses: {
            200: {
              description: "The configs",
              headers: { ETag: { schema: { type: "string" } } },
              content: json(ref("Snapshot")),
            },
            304: { description: "Unchanged since the ETag given in If-None-Match" },
            401: sdkError("Missing SDK key, or an invalid one"),
          },
        },
      },
      "/api/sdk/v1/testing/sync": {
        post: {
          operationId: "syncReplica",
          summary: "Waits until this instance's replica has every committed change " +
            "(TESTING_MODE=true only)",
          tags: ["Testing"],
          "x-replane-compatible": true,
          security: [],
          responses: {
            200: {
              description: "Synced",
              content: json({
                type: "object",
                required: ["status"],
                properties: { status: { const: "synced" } },
              }),
            },
            403: sdkError("Testing mode not enabled"),
            503: sdkError("The primary database cannot be reached"),
          },
        },
      },
      ...healthPaths(healthcheckPath),
      ...sdkEvaluatePaths,
      "/api/sdk/v1/openapi.json": {
        get: {
          operationId: "getSdkOpenApi",
          summary: "This document (also at /api/v1/openapi.json)",
          tags: ["Meta"],
          "x-replane-compatible": true,
          security: [],
          responses: { 200: { description: "OpenAPI 3.1", content: json({ type: "object" }) } },
        },
      },
    },
    components: {
      securitySchemes: {
        sdkKey: {
          type: "http",
          scheme: "bearer",
          description: "An SDK key (rp_…), which names one environment",
        },
      },
      schemas: SCHEMAS,
    },
  };
}

/** Mounted under /api. */
export function sdkOpenApiRouter(healthcheckPath: string): Hono {
  const app = new Hono();
  let body: string | null = null;
  const serve = () => {
    body ??= JSON.stringify(sdkOpenApiDocument(healthcheckPath));
    return new Response(body, { headers: { "Content-Type": "application/json" } });
  };
  app.get("/sdk/v1/openapi.json", serve);
  app.get("/v1/openapi.json", serve);
  return app;
}
