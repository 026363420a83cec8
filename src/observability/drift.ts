// Which client runs which revision: the per-environment view the admin API serves. Pure: it
// takes what the hub knows of each stream and the receipts, and summarises per config how
// many clients were sent and applied its current revision.
export type ClientState = {
  clientId: string;
  /** The instance holding the stream. */
  instanceId: string;
  userAgent: string;
  address: string;
  connectedAt: number;
  /** The newest revision written into the client's stream. */
  sentRevision: number;
  /** The newest revision the client acknowledged, if it ever did. */
  ackedRevision: number | null;
  ackedAt: number | null;
  /** Frames are held back for it: its client is not reading. */
  behind: boolean;
};

export type ClientView = {
  clientId: string;
  instanceId: string;
  sdk: { name: string; version: string | null };
  userAgent: string;
  address: string;
  connectedAt: string;
  sentRevision: number;
  ackedRevision: number | null;
  ackedAt: string | null;
  /** Sent everything up to the environment's latest revision. */
  delivered: boolean;
  /** Acknowledged the latest revision. */
  applied: boolean;
  reading: boolean;
};

export type ConfigDrift = {
  name: string;
  /** The revision that last changed this config in the environment. */
  revision: number;
  clients: number;
  delivered: number;
  applied: number;
  /** Clients not sent this revision yet. */
  behind: number;
  /** The oldest revision a client that was not sent this one holds. */
  oldestRevision: number | null;
};

/** `name/version ...` → the SDK's name and version (Replane's SDK sends replane-js-sdk/1.0.4). */
export function parseUserAgent(userAgent: string): { name: string; version: string | null } {
  const first = userAgent.trim().split(/\s+/)[0] ?? "";
  const slash = first.indexOf("/");
  if (first === "") return { name: "unknown", version: null };
  return slash < 0
    ? { name: first, version: null }
    : { name: first.slice(0, slash), version: first.slice(slash + 1) || null };
}

export function clientView(c: ClientState, latestRevision: number): ClientView {
  return {
    clientId: c.clientId,
    instanceId: c.instanceId,
    sdk: parseUserAgent(c.userAgent),
    userAgent: c.userAgent,
    address: c.address,
    connectedAt: new Date(c.connectedAt).toISOString(),
    sentRevision: c.sentRevision,
    ackedRevision: c.ackedRevision,
    ackedAt: c.ackedAt === null ? null : new Date(c.ackedAt).toISOString(),
    delivered: c.sentRevision >= latestRevision,
    applied: c.ackedRevision !== null && c.ackedRevision >= latestRevision,
    reading: !c.behind,
  };
}

export function configDrift(
  configs: { name: string; revision: number }[],
  clients: ClientState[],
): ConfigDrift[] {
  return configs.map(({ name, revision }) => {
    let delivered = 0;
    let applied = 0;
    let oldest: number | null = null;
    for (const c of clients) {
      if (c.sentRevision >= revision) delivered++;
      else oldest = oldest === null ? c.sentRevision : Math.min(oldest, c.sentRevision);
      if (c.ackedRevision !== null && c.ackedRevision >= revision) applied++;
    }
    return {
      name,
      revision,
      clients: clients.length,
      delivered,
      applied,
      behind: clients.length - delivered,
      oldestRevision: oldest,
    };
  });
}
