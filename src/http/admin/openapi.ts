// The OpenAPI 3.1 document, generated from the route table (registry.ts) and its zod schemas.
import { z } from "zod";
import { conditionSchema } from "../../domain/override_schema.ts";
import { VERSION } from "../../version.ts";
import type { RouteDef } from "./registry.ts";

type JsonSchema = Record<string, unknown>;
const COMPONENTS = "#/components/schemas/";

// Override conditions are recursive and guarded by a depth check that zod sees as a pipe
// from unknown; the document points such pipes at one shared Condition schema instead.
const CONDITION_REF = { $ref: `${COMPONENTS}Condition` };

type Def = { type: string; in?: { _zod: { def: Def } }; out?: { _zod: { def: Def } } };

function toJson(schema: z.ZodType): JsonSchema {
  const out = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    target: "draft-2020-12",
    override: (ctx) => {
      const def = (ctx.zodSchema as unknown as { _zod: { def: Def } })._zod.def;
      if (def.type !== "pipe" || def.in?._zod.def.type !== "unknown") return;
      const list = def.out?._zod.def.type === "array";
      for (const key of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[key];
      Object.assign(ctx.jsonSchema, list ? { type: "array", items: CONDITION_REF } : CONDITION_REF);
    },
  }) as JsonSchema;
  delete out.$schema;
  return out;
}

/** The Condition tree, with its internal $defs moved into components. */
function conditionComponents(): Record<string, JsonSchema> {
  const raw = z.toJSONSchema(conditionSchema, {
    io: "output",
    unrepresentable: "any",
    target: "draft-2020-12",
  }) as JsonSchema & { $defs?: Record<string, JsonSchema>; $ref?: string };
  const defs = raw.$defs ?? {};
  const rootRef = typeof raw.$ref === "string" ? raw.$ref.replace("#/$defs/", "") : null;
  const nameOf = (key: string) => key === rootRef ? "Condition" : `Condition_${key}`;
  const text = JSON.stringify(defs).replace(
    /"#\/\$defs\/([^"]+)"/g,
    (_, key: string) => JSON.stringify(COMPONENTS + nameOf(key)),
  );
  const moved = JSON.parse(text) as Record<string, JsonSchema>;
  const out: Record<string, JsonSchema> = {};
  for (const [key, schema] of Object.entries(moved)) out[nameOf(key)] = schema;
  if (!rootRef) {
    const { $defs: _, $schema: __, ...rest } = raw;
    out.Condition = rest;
  }
  return out;
}

const errorRef = { $ref: `${COMPONENTS}Error` };
const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: errorRef } },
});

function parameters(schema: z.ZodType | undefined, where: "path" | "query") {
  if (!schema) return [];
  const json = toJson(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === "path" || (json.required ?? []).includes(name),
    ...(typeof s.description === "string" ? { description: s.description } : {}),
    schema: s,
  }));
}

function operation(r: RouteDef) {
  const status = String(r.status ?? 200);
  const responses: Record<string, unknown> = {
    [status]: r.response
      ? { description: "Success", content: { "application/json": { schema: toJson(r.response) } } }
      : { description: "Success, no content" },
  };
  if (r.params || r.query || r.body) responses["400"] = errorResponse("Invalid request");
  if (r.auth !== false) {
    responses["401"] = errorResponse("Missing, invalid or expired credentials");
    responses["403"] = errorResponse("The caller may not do this");
  }
  if (r.params) responses["404"] = errorResponse("Not found");
  if (r.method !== "get") responses["409"] = errorResponse("Conflict with the current state");
  return {
    operationId: `${r.method}${
      r.path.replace(/[{}]/g, "").replace(/[/-](\w)/g, (_, ch: string) => ch.toUpperCase())
    }`,
    summary: r.action[0]!.toUpperCase() + r.action.slice(1),
    tags: [r.tag],
    ...(r.replane ? { "x-replane-compatible": true } : {}),
    ...(r.auth === false ? { security: [] } : {}),
    parameters: [...parameters(r.params, "path"), ...parameters(r.query, "query")],
    ...(r.body
      ? {
        requestBody: {
          required: !r.body.safeParse(undefined).success,
          content: { "application/json": { schema: toJson(r.body) } },
        },
      }
      : {}),
    responses,
  };
}

/** `extraPaths`: path items served outside /api/admin/v1, each with its own `servers`. */
export function openApiDocument(
  routes: readonly RouteDef[],
  extraPaths: Record<string, Record<string, unknown>> = {},
) {
  const paths: Record<string, Record<string, unknown>> = { ...extraPaths };
  for (const r of routes) (paths[r.path] ??= {})[r.method] = operation(r);
  return {
    openapi: "3.1.0",
    info: {
      title: "Dialtone admin API",
      version: VERSION,
      description: "Manage workspaces, projects, configs, environments, keys and members. " +
        "Routes marked x-replane-compatible match Replane's admin API.",
    },
    servers: [{ url: "/api/admin/v1" }],
    security: [{ bearer: [] }, { session: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "SUPERUSER_API_KEY or an rpa_ key" },
        session: { type: "apiKey", in: "cookie", name: "dialtone_session" },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error", "code"],
          properties: {
            error: { type: "string" },
            code: { type: "string" },
            requestId: { type: "string" },
            issues: {
              type: "array",
              items: {
                type: "object",
                required: ["path", "message"],
                properties: { path: { type: "string" }, message: { type: "string" } },
              },
            },
          },
        },
        ...conditionComponents(),
      },
    },
  };
}
