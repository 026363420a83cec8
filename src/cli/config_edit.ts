// `dialtone configs edit NAME`: the config's whole state in $VISUAL / $EDITOR (variants by
// environment name), saved with one PUT based on the version that was opened.
import type { Config, Json, Override, Variant } from "./admin_client.ts";
import { noMore, type Parsed, positional } from "./args.ts";
import { connect, type Ctx } from "./context.ts";
import { ApiError, CliFailure } from "./errors.ts";
import type { Io } from "./io.ts";
import { printWarnings } from "./warnings.ts";

type EditedVariant = {
  environment: string;
  value: Json;
  schema: Json;
  useBaseSchema: boolean;
  overrides: Override[];
};
type EditDoc = {
  description: string;
  editors: string[];
  maintainers: string[];
  base: Config["base"];
  variants: EditedVariant[];
};

function toDoc(c: Config, envName: Map<string, string>): EditDoc {
  return {
    description: c.description,
    editors: c.editors,
    maintainers: c.maintainers,
    base: c.base,
    variants: c.variants.map((v) => ({
      environment: envName.get(v.environmentId) ?? v.environmentId,
      value: v.value,
      schema: v.schema,
      useBaseSchema: v.useBaseSchema,
      overrides: v.overrides,
    })),
  };
}

function fromDoc(doc: EditDoc, envId: Map<string, string>, file: string): Variant[] {
  if (typeof doc !== "object" || doc === null || !Array.isArray(doc.variants)) {
    throw new CliFailure(`Your edit has no "variants" list; it is kept in ${file}`);
  }
  return doc.variants.map((v, i) => {
    const id = envId.get(v?.environment);
    if (!id) {
      const names = [...envId.keys()].map((n) => `"${n}"`).join(", ");
      throw new CliFailure(
        `variants[${i}].environment ${JSON.stringify(v?.environment)} names no environment ` +
          `(${names}); your edit is kept in ${file}`,
      );
    }
    const { environment: _, ...rest } = v;
    return { ...rest, environmentId: id };
  });
}

/** Runs the editor through the shell, so EDITOR="code --wait" works. */
async function runEditor(io: Io, file: string): Promise<void> {
  const editor = io.env.VISUAL || io.env.EDITOR || "vi";
  const status = await new Deno.Command("sh", {
    args: ["-c", `${editor} "$1"`, "sh", file],
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn().status.catch((error) => {
    throw new CliFailure(`Cannot run the editor "${editor}": ${error.message}`);
  });
  if (!status.success) {
    throw new CliFailure(`The editor "${editor}" exited with code ${status.code}; nothing saved`);
  }
}

export async function editConfig(p: Parsed, io: Io): Promise<void> {
  const name = positional(p, 0, "the config name: dialtone configs edit NAME");
  noMore(p, 1);
  const ctx = await connect(p, io);
  const project = await ctx.project();
  const config = await ctx.client.getConfig(project.id, name);
  const { environments } = await ctx.client.listEnvironments(project.id);
  const envName = new Map(environments.map((e) => [e.id, e.name]));
  const envId = new Map(environments.map((e) => [e.name, e.id]));
  const before = JSON.stringify(toDoc(config, envName), null, 2) + "\n";
  const file = await Deno.makeTempFile({ prefix: `dialtone-${name}-`, suffix: ".json" });
  await Deno.writeTextFile(file, before);
  await runEditor(io, file);
  const after = await Deno.readTextFile(file);
  if (after === before) {
    await Deno.remove(file);
    return ctx.print(
      { name, version: config.version, changed: false },
      () => `No changes to ${name}; nothing saved`,
    );
  }
  let doc: EditDoc;
  try {
    doc = JSON.parse(after);
  } catch (error) {
    throw new CliFailure(
      `Your edit is not JSON (${(error as Error).message}); it is kept in ${file}`,
    );
  }
  await save(ctx, project.id, config, doc, fromDoc(doc, envId, file), file);
}

async function save(
  ctx: Ctx,
  projectId: string,
  config: Config,
  doc: EditDoc,
  variants: Variant[],
  file: string,
): Promise<void> {
  try {
    const saved = await ctx.client.replaceConfig(projectId, config.name, {
      description: doc.description,
      editors: doc.editors,
      maintainers: doc.maintainers,
      base: doc.base,
      variants,
      baseVersion: config.version,
    });
    await Deno.remove(file);
    printWarnings(ctx.io, saved.warnings);
    ctx.print(
      { name: config.name, version: saved.version, changed: true },
      () => `Saved ${config.name}: version ${saved.version}`,
    );
  } catch (error) {
    if (error instanceof ApiError) error.details.push(`Your edit is kept in ${file}`);
    throw error;
  }
}
