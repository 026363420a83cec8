// Sensitive configs in Dialtone's export (docs/sensitive_values.md#exports): with
// `?sensitive=encrypted` each one is an entry whose name, description and environment names
// are readable and whose values are sealed (src/auth/export_seal.ts); the file carries the
// wrapped data key they were sealed from. This module holds the shapes and the parsing of an
// opened entry; it knows no crypto.
import { z } from "zod";
import type { ExportedConfig } from "./import_plan.ts";
import { formatPath, type Issue } from "./issues.ts";
import { LIMITS } from "./limits.ts";
import { jsonValueSchema, overridesSchema } from "./override_schema.ts";

/** How an export treats sensitive configs: leaves them out, or includes them sealed. */
export type SensitiveExport = "omit" | "encrypted";

/** A sensitive config in an encrypted export. */
export type SealedEntry = {
  name: string;
  description: string;
  /** The environments its variants are for, readable so an import can map them first. */
  environmentNames: string[];
  /** Its values (SealedValues as JSON), sealed: "dx1.<iv>.<ciphertext>". */
  sealed: string;
};

/** What an encrypted export needs to be opened: its salt and the wrapped data key. */
export type ExportEncryption = {
  salt: string;
  /** The source project's data key, wrapped under the master key `masterKeyId`. */
  dataKey: { id: string; projectId: string; masterKeyId: string; wrapped: string };
};

/** The sealed part of an entry: everything of the exported config but its name and text. */
export type SealedValues = Omit<ExportedConfig, "name" | "description">;

export const sealedValuesOf = (c: ExportedConfig): SealedValues => ({
  value: c.value,
  schema: c.schema,
  overrides: c.overrides,
  variants: c.variants,
});

const schemaField = jsonValueSchema("schema").optional().transform((s) => s ?? null);
const overridesField = overridesSchema.optional().transform((o) => o ?? []);

/** An exported variant, as both the import route and an opened entry read it. */
export const exportedVariantSchema = z.object({
  environmentName: z.string().max(LIMITS.maxNameLength),
  value: jsonValueSchema("value"),
  schema: schemaField,
  useBaseSchema: z.boolean().optional().transform((b) => b ?? true),
  overrides: overridesField,
});

const sealedValuesSchema = z.object({
  value: jsonValueSchema("value"),
  schema: schemaField,
  overrides: overridesField,
  variants: z.array(exportedVariantSchema).max(LIMITS.maxVariants).optional()
    .transform((v) => v ?? []),
});

/**
 * The opened entry's values as an exported config. Problems name only where they are: their
 * usual messages quote the value, which is sensitive.
 */
export function parseSealedValues(
  entry: Pick<SealedEntry, "name" | "description">,
  plain: string,
  root: string,
): { ok: true; config: ExportedConfig } | { ok: false; issues: Issue[] } {
  let json: unknown;
  try {
    json = JSON.parse(plain);
  } catch {
    return { ok: false, issues: [{ path: root, message: "sealed does not hold JSON" }] };
  }
  const parsed = sealedValuesSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.slice(0, LIMITS.maxIssues).map((i) => ({
        path: root,
        message: `sealed holds an invalid ${formatPath("", i.path) || "value"} ` +
          "(the details are withheld: they could quote a sensitive value)",
      })),
    };
  }
  return {
    ok: true,
    config: { name: entry.name, description: entry.description, ...parsed.data },
  };
}
