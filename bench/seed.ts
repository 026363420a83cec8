// Seeds bench data straight into the primary store, before servers start: workspaces,
// projects with their two default environments, configs of a chosen size, and an SDK key.
// The measured writes go through the admin API; only the setup bypasses it.
import { generateKey } from "../src/auth/keys.ts";
import type { Json, Override } from "../src/domain/overrides.ts";
import { openPostgresStore } from "../src/store/postgres/postgres_store.ts";
import { openSqliteStore } from "../src/store/sqlite/sqlite_store.ts";
import type { Store, Tx } from "../src/store/store.ts";
import type { ConfigState } from "../src/store/types.ts";

/** The config propagation writes; its value is the write's sequence number. */
export const WATCHED = "bench-flag";
/** Admin-write benchmarks give each concurrent writer its own config. */
export const WRITERS = 8;
export const writerConfig = (i: number) => `bench-write-${i}`;

export type ProjectSpec = {
  name: string;
  /** Approximate size of the environment's snapshot body. */
  bytes: number;
  /** Approximate size of each filler config on the wire. */
  configBytes: number;
};

export type SeededProject = {
  name: string;
  projectId: string;
  /** Production, where the SDK key points. */
  environmentId: string;
  sdkKey: string;
  configCount: number;
};

const SYSTEM = { type: "system", id: null } as const;

function state(value: Json, overrides: Override[] = []): ConfigState {
  return { description: "", base: { value, schema: null, overrides }, variants: [], members: [] };
}

const literal = (value: string | number | boolean | string[]) => ({
  type: "literal" as const,
  value,
});

const planOverride = (value: Json): Override => ({
  name: "Enterprise",
  conditions: [{ operator: "in", property: "plan", value: literal(["enterprise", "scale"]) }],
  value,
});

/** A filler value whose config is about `bytes` long on the wire. */
function filler(i: number, bytes: number): { value: Json; overrides: Override[] } {
  const overrides = [planOverride({ enabled: true, limit: 1000 + i })];
  const fixed = 160;
  const text = "x".repeat(Math.max(0, bytes - fixed));
  return { value: { enabled: i % 2 === 0, limit: 100 + i, text }, overrides };
}

export function watchedState(seq: number): ConfigState {
  return state(seq, [
    planOverride(-seq),
    {
      name: "Canary",
      conditions: [{
        operator: "segmentation",
        property: "userId",
        fromPercentage: 0,
        toPercentage: 10,
        seed: "bench",
      }],
      value: -seq,
    },
  ]);
}

export function writerState(i: number, seq: number): ConfigState {
  return state({ writer: i, seq }, [planOverride({ writer: i, seq, plan: "enterprise" })]);
}

async function seedProject(tx: Tx, workspaceId: string, spec: ProjectSpec) {
  const project = await tx.projects.create(workspaceId, spec.name, "bench");
  const production = await tx.environments.create(project.id, "Production");
  await tx.environments.create(project.id, "Development");
  await tx.configs.create(project.id, WATCHED, watchedState(0), SYSTEM);
  for (let i = 0; i < WRITERS; i++) {
    await tx.configs.create(project.id, writerConfig(i), writerState(i, 0), SYSTEM);
  }
  const fixedBytes = 600 + WRITERS * 150;
  const fillers = Math.max(0, Math.round((spec.bytes - fixedBytes) / spec.configBytes));
  for (let i = 0; i < fillers; i++) {
    const { value, overrides } = filler(i, spec.configBytes);
    await tx.configs.create(project.id, `config-${i}`, state(value, overrides), SYSTEM);
  }
  const keyId = crypto.randomUUID();
  const key = generateKey("sdk", keyId);
  await tx.sdkKeys.create({
    id: keyId,
    projectId: project.id,
    environmentId: production.id,
    name: "bench",
    description: "",
    keyHash: key.hash,
    keyPrefix: key.prefix,
    keySuffix: key.suffix,
  });
  return {
    name: spec.name,
    projectId: project.id,
    environmentId: production.id,
    sdkKey: key.key,
    configCount: 1 + WRITERS + fillers,
  };
}

export async function seed(store: Store, specs: ProjectSpec[]): Promise<SeededProject[]> {
  return await store.write(async (tx) => {
    const workspace = await tx.workspaces.create(`bench-${Date.now()}`);
    const out: SeededProject[] = [];
    for (const spec of specs) out.push(await seedProject(tx, workspace.id, spec));
    return out;
  });
}

/** Opens the primary of a data dir (embedded) or a database (Postgres), seeds it, closes it. */
export async function seedPrimary(
  where: { dataDir: string } | { databaseUrl: string },
  specs: ProjectSpec[],
): Promise<SeededProject[]> {
  let store: Store;
  if ("dataDir" in where) {
    await Deno.mkdir(where.dataDir, { recursive: true });
    store = await openSqliteStore(`${where.dataDir}/dialtone.db`);
  } else {
    store = await openPostgresStore({ url: where.databaseUrl, maxConnections: 2 });
  }
  try {
    return await seed(store, specs);
  } finally {
    await store.close();
  }
}

export const SMALL: ProjectSpec = { name: "small", bytes: 2_000, configBytes: 200 };
export const LARGE: ProjectSpec = { name: "large", bytes: 100_000, configBytes: 1_000 };
export const MANY: ProjectSpec = { name: "many", bytes: 10_000 * 200, configBytes: 200 };
