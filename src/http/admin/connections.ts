// GET /projects/{projectId}/environments/{environmentId}/connections: the SDK streams this
// instance holds for the environment (SDK name and version, address, since when, the revision
// last written into the stream and the one acknowledged), and per config how many clients were
// sent and applied its current revision. Per instance: behind a load balancer each instance
// answers for its own streams.
import { z } from "zod";
import { type ClientState, clientView, configDrift } from "../../observability/drift.ts";
import { environmentForConnections } from "../../service/connections.ts";
import { idField } from "./fields.ts";
import { type Input, route } from "./registry.ts";

const envParams = z.object({
  projectId: idField("projectId"),
  environmentId: idField("environmentId"),
});

const ClientDto = z.object({
  clientId: z.string(),
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
  const env = await environmentForConnections(
    deps.store,
    await caller(),
    params.projectId,
    params.environmentId,
  );
  // Without the SDK API (an admin-only app) this instance holds no streams.
  const sdk = deps.sdk;
  const state = sdk?.hub.environment(env.id) ?? null;
  const latestRevision = state?.revision ?? 0;
  const clients: ClientState[] = [];
  for (const c of state?.subscribers ?? []) {
    const id = c.info.client?.id ?? "";
    const receipt = sdk?.receipts?.get(c.info.keyId, id);
    clients.push({
      clientId: id,
      userAgent: c.info.client?.userAgent ?? "",
      address: c.info.client?.address ?? "",
      connectedAt: c.connectedAt,
      sentRevision: c.sentRevision,
      ackedRevision: receipt?.revision ?? null,
      ackedAt: receipt?.at ?? null,
      behind: c.stalledSince > 0,
    });
  }
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
