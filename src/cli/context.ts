// What an admin command works with: the server (flags, then DIALTONE_* variables, then the
// profile), the project and environments it names, and how it prints.
import { AdminClient, type Environment, type Project } from "./admin_client.ts";
import { boolFlag, type Parsed, stringFlag } from "./args.ts";
import { ApiError, CliFailure, UsageError } from "./errors.ts";
import type { Io } from "./io.ts";
import { type Profile, profilePath, readProfiles } from "./profile.ts";

export type Ctx = {
  io: Io;
  client: AdminClient;
  json: boolean;
  /** The project of --project, DIALTONE_PROJECT or the profile; the only one when unset. */
  project(): Promise<Project>;
  /** An environment by id or name; without one, the project's first. */
  environment(projectId: string, nameOrId?: string): Promise<Environment>;
  /** Prints `value` as JSON with --json, else the readable text. */
  print(value: unknown, text: () => string): void;
};

export async function connect(p: Parsed, io: Io): Promise<Ctx> {
  const profile = await selectedProfile(p, io);
  const url = stringFlag(p, "url") ?? io.env.DIALTONE_URL ?? profile.url;
  const apiKey = stringFlag(p, "api-key") ?? io.env.DIALTONE_API_KEY ?? profile.apiKey;
  if (!url) {
    throw new UsageError("No server to talk to: pass --url, set DIALTONE_URL or save a profile");
  }
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch {
    throw new UsageError(`--url "${url}" is not a URL`);
  }
  if (parsedUrl.protocol !== "http:" && parsedUrl.protocol !== "https:") {
    throw new UsageError(`--url "${url}" must be an http:// or https:// URL`);
  }
  if (!apiKey) {
    throw new UsageError(
      "No API key: pass --api-key, set DIALTONE_API_KEY or save a profile with one",
    );
  }
  const client = new AdminClient(url, apiKey, io.fetch);
  const wanted = stringFlag(p, "project") ?? io.env.DIALTONE_PROJECT ?? profile.project;
  const json = boolFlag(p, "json");
  let project: Promise<Project> | undefined;
  return {
    io,
    client,
    json,
    project: () => (project ??= findProject(client, wanted)),
    environment: (projectId, nameOrId) => findEnvironment(client, projectId, nameOrId),
    print: (value, text) => io.out(json ? JSON.stringify(value, null, 2) : text()),
  };
}

async function selectedProfile(p: Parsed, io: Io): Promise<Profile> {
  const named = stringFlag(p, "profile") ?? io.env.DIALTONE_PROFILE;
  const path = profilePath(io.env);
  const { profiles } = await readProfiles(path);
  const profile = profiles[named ?? "default"];
  if (named && !profile) {
    const known = Object.keys(profiles).join(", ") || "none";
    throw new UsageError(`No profile "${named}" in ${path} (profiles: ${known})`);
  }
  return profile ?? {};
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function findProject(client: AdminClient, wanted: string | undefined): Promise<Project> {
  // A key without project:read lists no projects; an id still works, checked by the next call.
  const asId = { id: wanted ?? "", name: wanted ?? "", description: "", workspaceId: "" };
  const { projects } = await client.listProjects().catch((error) => {
    if (error instanceof ApiError && error.status === 403 && wanted && UUID.test(wanted)) {
      return { projects: [asId] };
    }
    throw error;
  });
  const names = () => projects.map((x) => `"${x.name}" (${x.id})`).join(", ") || "none";
  if (wanted === undefined) {
    if (projects.length === 1) return projects[0]!;
    throw new UsageError(
      `Which project? Pass --project NAME or set DIALTONE_PROJECT; this key sees: ${names()}`,
    );
  }
  const byId = projects.find((x) => x.id === wanted);
  if (byId) return byId;
  const byName = projects.filter((x) => x.name === wanted);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) {
    throw new UsageError(`Project name "${wanted}" is ambiguous: use its id (${names()})`);
  }
  if (UUID.test(wanted)) return asId;
  throw new CliFailure(`No project "${wanted}" that this key may read (projects: ${names()})`);
}

async function findEnvironment(
  client: AdminClient,
  projectId: string,
  wanted: string | undefined,
): Promise<Environment> {
  const { environments } = await client.listEnvironments(projectId);
  const sorted = [...environments].sort((a, b) => a.order - b.order);
  if (wanted === undefined) {
    if (sorted[0]) return sorted[0];
    throw new CliFailure("The project has no environments");
  }
  const found = sorted.find((e) => e.id === wanted || e.name === wanted) ??
    sorted.find((e) => e.name.toLowerCase() === wanted.toLowerCase());
  if (found) return found;
  const names = sorted.map((e) => `"${e.name}"`).join(", ");
  throw new CliFailure(`No environment "${wanted}" in this project (environments: ${names})`);
}

/** Environment id → name, for printing variants. */
export async function environmentNames(ctx: Ctx, projectId: string): Promise<Map<string, string>> {
  const { environments } = await ctx.client.listEnvironments(projectId);
  return new Map(environments.map((e) => [e.id, e.name]));
}
