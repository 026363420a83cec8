// `dialtone configs history|diff|restore`: a config's versions.
import type { Change } from "./admin_client.ts";
import { noMore, type Parsed, positional, stringFlag } from "./args.ts";
import { connect } from "./context.ts";
import { UsageError } from "./errors.ts";
import type { Io } from "./io.ts";
import { preview, shortTime, table } from "./table.ts";
import { printWarnings } from "./warnings.ts";

function versionArg(text: string | undefined, what: string, min = 1): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    throw new UsageError(`${what} must be a whole number of at least ${min} (got "${text}")`);
  }
  return n;
}

export async function configHistory(p: Parsed, io: Io): Promise<void> {
  const name = positional(p, 0, "the config name: dialtone configs history NAME");
  noMore(p, 1);
  const ctx = await connect(p, io);
  const project = await ctx.project();
  const { versions } = await ctx.client.listVersions(project.id, name);
  ctx.print(versions, () =>
    table(
      ["VERSION", "TIME", "ACTOR"],
      versions.map((v) => [
        String(v.version),
        shortTime(v.createdAt),
        v.actor.id ? `${v.actor.type} ${v.actor.id}` : v.actor.type,
      ]),
    ));
}

export function formatChange(c: Change): string {
  const path = c.path || "(the whole value)";
  if (c.kind === "added") return `+ ${path}: ${preview(c.after, 100)}`;
  if (c.kind === "removed") return `- ${path}: ${preview(c.before, 100)}`;
  return `~ ${path}: ${preview(c.before, 60)} → ${preview(c.after, 60)}`;
}

/** Compares VERSION with --against (default: the version before it; 0: nothing). */
export async function configDiff(p: Parsed, io: Io): Promise<void> {
  const name = positional(p, 0, "the config name: dialtone configs diff NAME [VERSION]");
  noMore(p, 2);
  let version = versionArg(p.positionals[1], "VERSION");
  const against = versionArg(stringFlag(p, "against"), "--against", 0);
  const ctx = await connect(p, io);
  const project = await ctx.project();
  if (version === undefined) {
    const { versions } = await ctx.client.listVersions(project.id, name);
    version = versions[0]?.version ?? 1;
  }
  const diff = await ctx.client.diffVersions(project.id, name, version, against);
  ctx.print(diff, () => {
    const head = `${name}: version ${diff.from} → ${diff.to}`;
    if (diff.changes.length === 0) return `${head}: no changes`;
    return [head, ...diff.changes.map(formatChange)].join("\n");
  });
}

export async function configRestore(p: Parsed, io: Io): Promise<void> {
  const name = positional(p, 0, "the config name: dialtone configs restore NAME VERSION");
  const version = versionArg(positional(p, 1, "the version to restore"), "VERSION")!;
  noMore(p, 2);
  const ctx = await connect(p, io);
  const project = await ctx.project();
  const saved = await ctx.client.restoreVersion(project.id, name, version);
  printWarnings(io, saved.warnings);
  ctx.print(
    saved,
    () => `Restored ${name} to the state of version ${version}: now version ${saved.version}`,
  );
}
