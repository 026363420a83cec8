// GET /projects/{projectId}/environments/{environmentId}/connections: the SDK streams of the
// environment on every live instance (SDK name and version, address, since when, the revision
// last written into the stream and the one acknowledged), and per config how many clients were
// sent and applied its current revision. Other instances' streams are as of their last flush
// (a few seconds); this instance's are live.
import { z } from "zod";
import { clientView, configDrift } from "../../observability/drift.ts";
import * as connections from "../../service/connections.ts";
import { idField } from "./fields.ts";
import { type Input, route } from "./registry.ts";

const envParams = z.object({
  projectId: idField("projectId"),
  environmentId: idField("environmentId"),
});

const ClientDto = z.object({
  clientId: z.string(),
  instanceId: z.string().describe("The instance holding the stream"),
  sdk: z.object({ name: z.string(), version: z.string().nullable() }),
  userAgent: z.string(),
  address: z.string(),
  connectedAt: z.string(),
  sentRevision: z.number().int(),
  ackedRevision: z.number().int().nullable(),
  ackedAt: z.string().nullable(),
  delivered: z.boolean(),
  applied: z.boolean(),
  reading: z.boolean(),
});

const ConfigDriftDto = z.object({
  name: z.string(),
  revision: z.number().int(),
  clients: z.number().int(),
  delivered: z.number().int(),
  applied: z.number().int(),
  behind: z.number().int(),
  oldestRevision: z.number().int().nullable(),
});

export const ConnectionsDto = z.object({
  environmentId: z.string(),
  environment: z.string(),
  latestRevision: z.number().int(),
  clients: z.array(ClientDto),
  configs: z.array(ConfigDriftDto),
});

async function listConnections(
  { deps, params, caller }: Input<z.infer<typeof envParams>, void, void>,
) {
  const { environment: env, clients } = await connections.listConnections(
    deps.store,
    await caller(),
    params.projectId,
    params.environmentId,
    deps.drift ?? null,
  );
  // Without the SDK API (an admin-only app) this instance has no replica to compare with.
  const sdk = deps.sdk;
  const latestRevision = sdk?.hub.environment(env.id)?.revision ?? 0;
  const configs = (sdk?.replica.changesSince(env.id, 0) ?? [])
    .filter((ch) => ch.json !== null)
    .map((ch) => ({ name: ch.name, revision: ch.revision }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    environmentId: env.id,
    environment: env.name,
    latestRevision,
    clients: clients.map((c) => clientView(c, latestRevision)),
    configs: configDrift(configs, clients),
  };
}

export const connectionRoutes = [
  route({
    method: "get",
    path: "/projects/{projectId}/environments/{environmentId}/connections",
    action: "list SDK connections",
    tag: "Environments",
    params: envParams,
    response: ConnectionsDto,
    handle: listConnections,
  }),
];
