// Saved targets (URL, API key, default project) in a profile file, so that scripts and people
// do not repeat them: DIALTONE_CONFIG, else $XDG_CONFIG_HOME/dialtone/cli.json, else
// ~/.config/dialtone/cli.json. The file holds API keys: it is written readable by its owner only.
import { CliFailure } from "./errors.ts";

export type Profile = { url?: string; apiKey?: string; project?: string };
export type ProfileFile = { profiles: Record<string, Profile> };

export function profilePath(env: Record<string, string | undefined>): string | null {
  if (env.DIALTONE_CONFIG) return env.DIALTONE_CONFIG;
  const base = env.XDG_CONFIG_HOME || (env.HOME ? `${env.HOME}/.config` : null);
  return base ? `${base}/dialtone/cli.json` : null;
}

/** The profiles in `path`; none when the file does not exist. */
export async function readProfiles(path: string | null): Promise<ProfileFile> {
  if (!path) return { profiles: {} };
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { profiles: {} };
    throw new CliFailure(`Cannot read the profile file ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliFailure(`Cannot read the profile file ${path}: ${(error as Error).message}`);
  }
  const profiles = (parsed as ProfileFile | null)?.profiles;
  if (typeof profiles !== "object" || profiles === null || Array.isArray(profiles)) {
    throw new CliFailure(
      `Cannot read the profile file ${path}: it must be {"profiles": {"name": {...}}}`,
    );
  }
  return { profiles };
}

export async function writeProfiles(path: string, file: ProfileFile): Promise<void> {
  const dir = path.slice(0, path.lastIndexOf("/"));
  try {
    if (dir) await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
    await Deno.writeTextFile(path, JSON.stringify(file, null, 2) + "\n", { mode: 0o600 });
    await Deno.chmod(path, 0o600);
  } catch (error) {
    throw new CliFailure(`Cannot write the profile file ${path}: ${(error as Error).message}`);
  }
}
