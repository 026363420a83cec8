// `dialtone profile list|set|remove`: the saved targets in the profile file.
import { noMore, type Parsed, positional, stringFlag } from "./args.ts";
import { UsageError } from "./errors.ts";
import type { Io } from "./io.ts";
import { type Profile, profilePath, readProfiles, writeProfiles } from "./profile.ts";
import { table } from "./table.ts";

function path(io: Io): string {
  const p = profilePath(io.env);
  if (!p) throw new UsageError("No place for the profile file: set DIALTONE_CONFIG or HOME");
  return p;
}

export async function listProfiles(p: Parsed, io: Io): Promise<void> {
  noMore(p, 0);
  const file = path(io);
  const { profiles } = await readProfiles(file);
  const rows = Object.entries(profiles).map(([name, x]) => ({
    name,
    url: x.url ?? "",
    project: x.project ?? "",
    apiKey: x.apiKey ? `${x.apiKey.slice(0, 8)}…` : "",
  }));
  if (p.flags.get("json") === true) return io.out(JSON.stringify(rows, null, 2));
  io.out(table(["NAME", "URL", "PROJECT", "API KEY"], rows.map((r) => Object.values(r).slice(0))));
  io.err(`(from ${file})`);
}

export async function setProfile(p: Parsed, io: Io): Promise<void> {
  const name = positional(p, 0, "the profile name: dialtone profile set NAME --url … --api-key …");
  noMore(p, 1);
  const file = path(io);
  const data = await readProfiles(file);
  const update: Profile = { ...data.profiles[name] };
  for (
    const [flag, field] of [["url", "url"], ["api-key", "apiKey"], ["project", "project"]] as const
  ) {
    const v = stringFlag(p, flag);
    if (v !== undefined) update[field] = v;
  }
  if (!update.url) throw new UsageError("A profile needs --url");
  data.profiles[name] = update;
  await writeProfiles(file, data);
  io.out(`Saved profile "${name}" in ${file}`);
}

export async function removeProfile(p: Parsed, io: Io): Promise<void> {
  const name = positional(p, 0, "the profile name: dialtone profile remove NAME");
  noMore(p, 1);
  const file = path(io);
  const data = await readProfiles(file);
  if (!data.profiles[name]) throw new UsageError(`No profile "${name}" in ${file}`);
  delete data.profiles[name];
  await writeProfiles(file, data);
  io.out(`Removed profile "${name}"`);
}
