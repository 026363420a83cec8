// A config's body as the admin API accepts it; the rules on the state it describes are in
// src/domain/config_state.ts.
import { z } from "zod";
import { LIMITS } from "../../domain/limits.ts";
import { email } from "../../domain/names.ts";
import { jsonValueSchema, overridesSchema } from "../../domain/override_schema.ts";
import { idField, textField } from "./fields.ts";

const schemaField = jsonValueSchema("schema").optional().transform((s) => s ?? null);
const overridesField = overridesSchema.optional().transform((o) => o ?? []);

export const configBodySchema = z.strictObject({
  value: jsonValueSchema("value"),
  schema: schemaField,
  overrides: overridesField,
});

export const variantSchema = z.strictObject({
  environmentId: idField("environmentId"),
  value: jsonValueSchema("value"),
  schema: schemaField,
  overrides: overridesField,
  useBaseSchema: z.boolean().optional().transform((b) => b ?? true),
});

const emails = z.array(email).max(LIMITS.maxMembers);
// Checked one by one in src/domain/tags.ts; the bound here only stops a huge array early.
const tagsField = z.array(z.string().max(1_000)).max(LIMITS.maxTagsPerConfig * 5).optional();
const variants = z.array(variantSchema).max(LIMITS.maxVariants);

/** Everything of a config but its name (a ConfigInput); Replane's clients leave out `maintainers`. */
export const configFields = {
  description: textField("description").optional().transform((d) => d ?? ""),
  editors: emails.optional().transform((e) => e ?? []),
  maintainers: emails.optional(),
  base: configBodySchema,
  variants: variants.optional().transform((v) => v ?? []),
  /** Values encrypted at rest and kept from SDK keys without readSensitive (needs ENCRYPTION_KEY). */
  sensitive: z.boolean().optional(),
  /** Metadata, not versioned; left out (as Replane's clients do), the tags stay as they are. */
  tags: tagsField,
};

/** Why a change was made, kept on the new version (not a part of the config; Replane has none). */
export const commentField = textField("comment", LIMITS.maxCommentLength).optional();
