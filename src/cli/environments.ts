// `dialtone env list|create`: a project's environments.
import { noMore, type Parsed, positional, stringFlag } from "./args.ts";
import { connect } from "./context.ts";
import type { Io } from "./io.ts";
import { table } from "./table.ts";

export async function listEnvironments(p: Parsed, io: Io): Promise<void> {
  noMore(p, 0);
  const ctx = await connect(p, io);
  const project = await ctx.project();
  const { environments } = await ctx.client.listEnvironments(project.id);
  ctx.print(
    environments,
    () => table(["ORDER", "NAME", "ID"], environments.map((e) => [String(e.order), e.name, e.id])),
  );
}

/** --copy-from ENV starts the new environment with that one's variants. */
export async function createEnvironment(p: Parsed, io: Io): Promise<void> {
  const name = positional(p, 0, "the environment name: dialtone env create NAME");
  noMore(p, 1);
  const ctx = await connect(p, io);
  const project = await ctx.project();
  const from = stringFlag(p, "copy-from");
  const copyFrom = from === undefined ? undefined : (await ctx.environment(project.id, from)).id;
  const env = await ctx.client.createEnvironment(project.id, {
    name,
    ...(copyFrom ? { copyFrom } : {}),
  });
  ctx.print(env, () => `Created environment ${env.name} (${env.id})`);
}
