// `dialtone configs list|get|set|delete`: reading and writing one config's values.
import type { Config, Json, Variant } from "./admin_client.ts";
import { boolFlag, noMore, type Parsed, positional, stringFlag } from "./args.ts";
import { connect, type Ctx, environmentNames } from "./context.ts";
import { ApiError, CliFailure, UsageError } from "./errors.ts";
import type { Io } from "./io.ts";
import { parseJsonArg, readInput, readJsonFile } from "./json_input.ts";
import { preview, shortTime, table } from "./table.ts";
import { printWarnings } from "./warnings.ts";

export async function listConfigs(p: Parsed, io: Io): Promise<void> {
  noMore(p, 0);
  const ctx = await connect(p, io);
  const project = await ctx.project();
  const { configs } = await ctx.client.listConfigs(project.id);
  ctx.print(configs, () =>
    table(
      ["NAME", "VERSION", "UPDATED", "DESCRIPTION"],
      configs.map((c) => [c.name, String(c.version), shortTime(c.updatedAt), c.description]),
    ));
}

export async function getConfig(p: Parsed, io: Io): Promise<void> {
  const name = positional(p, 0, "the config name: dialtone configs get NAME");
  noMore(p, 1);
  const ctx = await connect(p, io);
  const project = await ctx.project();
  const config = await ctx.client.getConfig(project.id, name);
  if (boolFlag(p, "value")) return io.out(JSON.stringify(config.base.value, null, 2));
  const envs = ctx.json ? new Map<string, string>() : await environmentNames(ctx, project.id);
  ctx.print(config, () => describeConfig(config, envs));
}

function describeConfig(c: Config, envs: Map<string, string>): string {
  const lines = [
    `${c.name}  (version ${c.version}, updated ${shortTime(c.updatedAt)})`,
    ...(c.description ? [c.description] : []),
    "",
    `value:     ${JSON.stringify(c.base.value, null, 2).replaceAll("\n", "\n           ")}`,
    `schema:    ${c.base.schema === null ? "none" : preview(c.base.schema, 200)}`,
    `overrides: ${c.base.overrides.length === 0 ? "none" : ""}`,
    ...c.base.overrides.map((o, i) =>
      `  ${i + 1}. ${o.name || "(unnamed)"} → ${
        "split" in o ? "a weighted split" : preview(o.value)
      }`
    ),
  ];
  if (c.variants.length > 0) {
    lines.push("variants:");
    for (const v of c.variants) {
      const env = envs.get(v.environmentId) ?? v.environmentId;
      const extra = v.overrides.length > 0 ? ` (${v.overrides.length} overrides)` : "";
      lines.push(`  ${env}: ${preview(v.value)}${extra}`);
    }
  }
  if (c.maintainers.length + c.editors.length > 0) {
    lines.push(`maintainers: ${c.maintainers.join(", ") || "none"}`);
    lines.push(`editors:     ${c.editors.join(", ") || "none"}`);
  }
  return lines.join("\n");
}

/** The new value: the VALUE argument (JSON), or --file (a JSON file, "-" for stdin). */
async function newValue(p: Parsed, io: Io): Promise<Json> {
  const file = stringFlag(p, "file");
  const arg = p.positionals[1];
  if (file !== undefined && arg !== undefined) {
    throw new UsageError("Give the value as an argument or with --file, not both");
  }
  if (file !== undefined) return await readJsonFile(file, io);
  if (arg === undefined) {
    throw new UsageError("Missing the value: dialtone configs set NAME VALUE (JSON) or --file");
  }
  if (arg === "-") return parseJsonArg(await readInput("-", io), "Standard input");
  return parseJsonArg(arg, `The value ${JSON.stringify(arg)}`);
}

/**
 * Sets the base value (or, with --env, that environment's variant), creating the config
 * when it does not exist. Based on the version it read, so a concurrent edit is refused.
 */
export async function setConfig(p: Parsed, io: Io): Promise<void> {
  const name = positional(p, 0, "the config name: dialtone configs set NAME VALUE");
  noMore(p, 2);
  const value = await newValue(p, io);
  const schemaFile = stringFlag(p, "schema");
  const schema = schemaFile === undefined ? undefined : await readJsonFile(schemaFile, io);
  const description = stringFlag(p, "description");
  const envName = stringFlag(p, "env");
  const ctx = await connect(p, io);
  const project = await ctx.project();
  const current = await ctx.client.getConfig(project.id, name).catch((error) => {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  });
  if (!current) {
    if (envName !== undefined) {
      throw new CliFailure(
        `Cannot set "${name}" in ${envName}: the config does not exist; set its base value first`,
      );
    }
    const created = await ctx.client.createConfig(project.id, {
      name,
      description: description ?? "",
      editors: [],
      base: { value, schema: schema ?? null, overrides: [] },
      variants: [],
    });
    printWarnings(io, created.warnings);
    return ctx.print(
      { id: created.id, name, version: 1, created: true },
      () => `Created ${name} (version 1)`,
    );
  }
  const patch = envName === undefined
    ? { base: { value, ...(schema === undefined ? {} : { schema }) } }
    : { variants: await withVariant(ctx, project.id, current, envName, value, schema) };
  const saved = await ctx.client.patchConfig(project.id, name, {
    ...patch,
    ...(description === undefined ? {} : { description }),
    baseVersion: current.version,
  });
  printWarnings(io, saved.warnings);
  const where = envName === undefined ? "" : ` in ${envName}`;
  ctx.print(
    { id: saved.id, name, version: saved.version, created: false },
    () => `Updated ${name}${where} to version ${saved.version}`,
  );
}

async function withVariant(
  ctx: Ctx,
  projectId: string,
  config: Config,
  envName: string,
  value: Json,
  schema: Json | undefined,
): Promise<Variant[]> {
  const env = await ctx.environment(projectId, envName);
  const existing = config.variants.find((v) => v.environmentId === env.id);
  const variant: Variant = existing
    ? { ...existing, value, ...(schema === undefined ? {} : { schema, useBaseSchema: false }) }
    : {
      environmentId: env.id,
      value,
      schema: schema ?? null,
      overrides: [],
      useBaseSchema: schema === undefined,
    };
  return existing
    ? config.variants.map((v) => (v === existing ? variant : v))
    : [...config.variants, variant];
}

export async function deleteConfig(p: Parsed, io: Io): Promise<void> {
  const name = positional(p, 0, "the config name: dialtone configs delete NAME");
  noMore(p, 1);
  const ctx = await connect(p, io);
  const project = await ctx.project();
  const answer = await ctx.client.deleteConfig(project.id, name);
  printWarnings(io, answer?.warnings);
  ctx.print({ deleted: name, warnings: answer?.warnings ?? [] }, () => `Deleted ${name}`);
}
