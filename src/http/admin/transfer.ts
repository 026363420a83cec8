// Project export and import in Replane's export format (REPLANE_COMPAT.md §4; the rules
// are in src/service/transfer.ts and src/domain/import_plan.ts), with sensitive configs left
// out or sealed (src/domain/sealed_export.ts).
import { z } from "zod";
import { Invalid } from "../../domain/errors.ts";
import { LIMITS } from "../../domain/limits.ts";
import { configNameSchema } from "../../domain/names.ts";
import { jsonValueSchema, overridesSchema } from "../../domain/override_schema.ts";
import { exportedVariantSchema } from "../../domain/sealed_export.ts";
import { TARGETING_LIMITS } from "../../domain/targeting/model.ts";
import {
  bucketProperty,
  groupSeed,
  segmentConditionsSchema,
  slicesSchema,
} from "../../domain/targeting/target_schema.ts";
import { exportProject, importConfigs } from "../../service/transfer.ts";
import { exportReplane } from "../../service/transfer_replane.ts";
import { WarningsDto, withWarnings } from "./dto.ts";
import { projectParams, textField } from "./fields.ts";
import { type Input, route } from "./registry.ts";

const tag = "Export and import";
const schemaField = jsonValueSchema("schema").optional().transform((s) => s ?? null);
const overridesField = overridesSchema.optional().transform((o) => o ?? []);

const ExportVariant = exportedVariantSchema;
const ExportConfig = z.object({
  name: configNameSchema("name"),
  description: textField("description").optional().transform((d) => d ?? ""),
  value: jsonValueSchema("value"),
  schema: schemaField,
  overrides: overridesField,
  variants: z.array(ExportVariant).max(LIMITS.maxVariants).optional().transform((v) => v ?? []),
});
const ExportDoc = z.object({
  projectName: z.string().optional(),
  exportedAt: z.string().optional(),
  encoding: z.enum(["json", "text"]).optional().describe(
    'How values are written: "json" values (Dialtone) or "text", JSON text in strings ' +
      "(Replane). Without it, a file whose values are all strings is read as Replane's.",
  ),
  configs: z.array(ExportConfig).max(LIMITS.maxConfigsPerProject),
  segments: z.array(z.object({
    name: configNameSchema("name"),
    description: textField("description").optional().transform((d) => d ?? ""),
    conditions: segmentConditionsSchema,
  })).max(TARGETING_LIMITS.maxPerProject).optional()
    .describe("Dialtone's export only: the project's segments"),
  exclusionGroups: z.array(z.object({
    name: configNameSchema("name"),
    description: textField("description").optional().transform((d) => d ?? ""),
    property: bucketProperty.optional().transform((p) => p ?? "userId"),
    seed: groupSeed.optional(),
    slices: slicesSchema,
  })).max(TARGETING_LIMITS.maxPerProject).optional()
    .describe("Dialtone's export only: the project's exclusion groups"),
  sensitiveConfigs: z.array(z.object({
    name: configNameSchema("name"),
    description: textField("description").optional().transform((d) => d ?? ""),
    environmentNames: z.array(z.string().max(LIMITS.maxNameLength)).max(LIMITS.maxVariants)
      .optional().transform((n) => n ?? []),
    sealed: z.string().describe('The values, sealed for this export: "dx1.<iv>.<ciphertext>"'),
  })).max(LIMITS.maxConfigsPerProject).optional()
    .describe("An export with sensitive=encrypted: the sensitive configs, their values sealed"),
  encryption: z.object({
    salt: z.string().regex(/^[A-Za-z0-9_-]{22}$/, {
      error: "salt must be the export's 22-character base64url salt",
    }),
    dataKey: z.object({
      id: z.string().max(100),
      projectId: z.string().max(100),
      masterKeyId: z.string().max(100),
      wrapped: z.string().max(1_000),
    }),
  }).optional().describe(
    "With sensitiveConfigs: the salt and the source project's data key, wrapped under the " +
      "master key masterKeyId; only a server with that ENCRYPTION_KEY opens them",
  ),
});
const exportQuery = z.object({
  format: z.enum(["dialtone", "replane"]).optional().describe(
    '"replane": what Replane can import, with segments, prerequisites, weighted rules and ' +
      "exclusion groups compiled into plain overrides and values as JSON text",
  ),
  sensitive: z.enum(["omit", "encrypted"]).optional().describe(
    'Sensitive configs: "omit" (the default) leaves them out; "encrypted" includes them with ' +
      "their values sealed, for a server with the same ENCRYPTION_KEY (Dialtone's format only)",
  ),
});

const importBody = z.strictObject({
  data: ExportDoc,
  onConflict: z.enum(["skip", "replace"]).optional().transform((o) => o ?? "skip"),
  environmentMap: z.record(z.string(), z.string().nullable()).optional()
    .describe("Exported environment name → this project's name; null drops those variants"),
});

type ProjectParams = z.infer<typeof projectParams>;

async function exportConfigs(
  { deps, params, query, caller }: Input<ProjectParams, z.infer<typeof exportQuery>, void>,
) {
  const sensitive = query.sensitive ?? "omit";
  if (query.format === "replane" && sensitive === "encrypted") {
    throw new Invalid(
      "Cannot export the project: sensitive=encrypted needs Dialtone's format; Replane's " +
        "format has no field for sealed values and always leaves sensitive configs out",
      [{ path: "sensitive", message: "sensitive=encrypted needs format=dialtone" }],
    );
  }
  const who = await caller();
  if (query.format === "replane") return await exportReplane(deps.store, who, params.projectId);
  return await exportProject(deps.store, who, params.projectId, sensitive);
}

async function importInto(
  { deps, params, body, caller }: Input<ProjectParams, void, z.infer<typeof importBody>>,
) {
  const { warnings, ...result } = await importConfigs(
    deps.store,
    await caller(),
    params.projectId,
    {
      configs: body.data.configs,
      onConflict: body.onConflict,
      environmentMap: body.environmentMap,
      sourceProject: body.data.projectName ?? null,
      encoding: body.data.encoding,
      segments: body.data.segments,
      exclusionGroups: body.data.exclusionGroups,
      sealed: body.data.sensitiveConfigs
        ? { entries: body.data.sensitiveConfigs, encryption: body.data.encryption }
        : undefined,
    },
  );
  return withWarnings(result, warnings);
}

export const transferRoutes = [
  route({
    method: "get",
    path: "/projects/{projectId}/export",
    action: "export the project",
    tag,
    params: projectParams,
    query: exportQuery,
    response: ExportDoc,
    handle: exportConfigs,
  }),
  route({
    method: "post",
    path: "/projects/{projectId}/import",
    action: "import configs",
    tag,
    params: projectParams,
    body: importBody,
    response: z.object({
      created: z.array(z.string()),
      replaced: z.array(z.string()),
      skipped: z.array(z.string()),
      targets: z.object({
        created: z.array(z.string()),
        replaced: z.array(z.string()),
        skipped: z.array(z.string()),
      }).optional().describe("Segments and exclusion groups, when the file has any"),
      warnings: WarningsDto.optional(),
    }),
    handle: importInto,
  }),
];
