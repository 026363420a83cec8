// POST /api/sdk/v1/evaluate in the SDK API's OpenAPI document (sdk_openapi.ts spreads it in).
const json = (schema: unknown) => ({ "application/json": { schema } });
const sdkError = (description: string) => ({
  description,
  content: json({ $ref: "#/components/schemas/SdkError" }),
});

export const sdkEvaluatePaths = {
  "/api/sdk/v1/evaluate": {
    post: {
      operationId: "evaluateConfigs",
      summary: "Evaluates configs for one context on the server, as the stream SDK's get() would",
      description: "For languages without a Replane SDK. Leave out `configs` for every config " +
        "of the key's environment. Each evaluation is counted (see the dashboard's config page).",
      tags: ["SDK"],
      security: [{ sdkKey: [] }],
      requestBody: {
        required: false,
        content: json({
          type: "object",
          properties: {
            context: { type: "object", additionalProperties: true },
            configs: { type: "array", items: { type: "string" }, maxItems: 10_000 },
          },
        }),
      },
      responses: {
        200: {
          description: "The values; `missing` lists asked-for names the environment lacks",
          content: json({
            type: "object",
            required: ["configs", "missing"],
            properties: {
              configs: {
                type: "array",
                items: {
                  type: "object",
                  required: ["name", "value", "variant", "reason"],
                  properties: {
                    name: { type: "string" },
                    value: { description: "Any JSON value" },
                    variant: {
                      type: "string",
                      description: 'The override that applied, or "default"',
                    },
                    reason: { enum: ["STATIC", "TARGETING_MATCH", "SPLIT", "DEFAULT", "ERROR"] },
                  },
                },
              },
              missing: { type: "array", items: { type: "string" } },
            },
          }),
        },
        400: sdkError("The body is not JSON, or not the shape above"),
        401: sdkError("Missing SDK key, or an invalid one"),
        413: sdkError("The body is too large"),
      },
    },
  },
};
