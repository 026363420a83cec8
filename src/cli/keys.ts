// `dialtone keys`: a project's SDK keys, and (`keys api …`) a workspace's admin API keys.
// A new key is printed once; the server keeps only its hash.
import type { Project } from "./admin_client.ts";
import { noMore, type Parsed, positional, stringFlag } from "./args.ts";
import { connect, type Ctx, environmentNames } from "./context.ts";
import { CliFailure, UsageError } from "./errors.ts";
import type { Io } from "./io.ts";
import { shortTime, table } from "./table.ts";

export async function listSdkKeys(p: Parsed, io: Io): Promise<void> {
  noMore(p, 0);
  const ctx = await connect(p, io);
  const project = await ctx.project();
  const { sdkKeys } = await ctx.client.listSdkKeys(project.id);
  const envs = await environmentNames(ctx, project.id);
  ctx.print(sdkKeys, () =>
    table(
      ["ID", "NAME", "ENVIRONMENT", "KEY", "CREATED"],
      sdkKeys.map((k) => [
        k.id,
        k.name,
        envs.get(k.environmentId) ?? k.environmentId,
        `${k.prefix}…${k.suffix}`,
        shortTime(k.createdAt),
      ]),
    ));
}

export async function createSdkKey(p: Parsed, io: Io): Promise<void> {
  noMore(p, 0);
  const envName = stringFlag(p, "env");
  if (envName === undefined) throw new UsageError("Missing --env: the key's environment");
  const ctx = await connect(p, io);
  const project = await ctx.project();
  const env = await ctx.environment(project.id, envName);
  const created = await ctx.client.createSdkKey(project.id, {
    name: stringFlag(p, "name") ?? `${env.name} key`,
    description: stringFlag(p, "description") ?? "",
    environmentId: env.id,
  });
  ctx.print(
    created,
    () =>
      `Created SDK key ${created.id} for ${env.name}. It is shown only this once:\n${created.key}`,
  );
}

export async function deleteSdkKey(p: Parsed, io: Io): Promise<void> {
  const id = positional(p, 0, "the key id: dialtone keys delete ID");
  noMore(p, 1);
  const ctx = await connect(p, io);
  const project = await ctx.project();
  await ctx.client.deleteSdkKey(project.id, id);
  ctx.print({ deleted: id }, () => `Deleted SDK key ${id}`);
}

/** --workspace (id or name), else the workspace of --project, else the only one. */
async function workspaceId(ctx: Ctx, p: Parsed): Promise<string> {
  const wanted = stringFlag(p, "workspace");
  const { workspaces } = await ctx.client.listWorkspaces();
  if (wanted !== undefined) {
    const found = workspaces.find((w) => w.id === wanted || w.name === wanted);
    if (!found) throw new CliFailure(`No workspace "${wanted}" that this key may read`);
    return found.id;
  }
  if (workspaces.length === 1) return workspaces[0]!.id;
  const project: Project | null = stringFlag(p, "project") || ctx.io.env.DIALTONE_PROJECT
    ? await ctx.project()
    : null;
  if (project) return project.workspaceId;
  throw new UsageError(
    `Which workspace? Pass --workspace (${workspaces.map((w) => `"${w.name}"`).join(", ")})`,
  );
}

export async function listApiKeys(p: Parsed, io: Io): Promise<void> {
  noMore(p, 0);
  const ctx = await connect(p, io);
  const { apiKeys } = await ctx.client.listApiKeys(await workspaceId(ctx, p));
  ctx.print(apiKeys, () =>
    table(
      ["ID", "NAME", "SCOPES", "KEY", "EXPIRES"],
      apiKeys.map((k) => [
        k.id,
        k.name,
        k.scopes.join(","),
        `${k.prefix}…${k.suffix}`,
        k.expiresAt ? shortTime(k.expiresAt) : "never",
      ]),
    ));
}

export async function createApiKey(p: Parsed, io: Io): Promise<void> {
  noMore(p, 0);
  const name = stringFlag(p, "name");
  const scopes = stringFlag(p, "scopes");
  if (!name || !scopes) {
    throw new UsageError("Missing --name or --scopes (e.g. --scopes config:read,config:write)");
  }
  const ctx = await connect(p, io);
  const list = (s: string | undefined) => s?.split(",").map((x) => x.trim()).filter(Boolean);
  const created = await ctx.client.createApiKey(await workspaceId(ctx, p), {
    name,
    description: stringFlag(p, "description") ?? "",
    scopes: list(scopes)!,
    projectIds: list(stringFlag(p, "projects")) ?? null,
    expiresAt: stringFlag(p, "expires") ?? null,
  });
  ctx.print(
    created,
    () => `Created API key ${created.id}. It is shown only this once:\n${created.key}`,
  );
}

export async function deleteApiKey(p: Parsed, io: Io): Promise<void> {
  const id = positional(p, 0, "the key id: dialtone keys api delete ID");
  noMore(p, 1);
  const ctx = await connect(p, io);
  await ctx.client.deleteApiKey(await workspaceId(ctx, p), id);
  ctx.print({ deleted: id }, () => `Deleted API key ${id}`);
}
