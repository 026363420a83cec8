-- Which SDK client runs which revision, across instances (docs/observability.md). Each
-- instance writes the streams it holds every few seconds and a heartbeat row; rows of an
-- instance whose heartbeat is old are ignored and later pruned. Receipts (POST
-- /api/sdk/v1/ack) are kept per SDK key and client id, since an ack may reach another
-- instance than the stream. Times are milliseconds since the Unix epoch. No foreign keys:
-- a flush must never fail because an environment was deleted meanwhile.
CREATE TABLE sdk_instances (
  instance_id TEXT PRIMARY KEY,
  started_ms INTEGER NOT NULL,
  seen_ms INTEGER NOT NULL
);

CREATE TABLE sdk_clients (
  instance_id TEXT NOT NULL,
  stream_id INTEGER NOT NULL,
  environment_id TEXT NOT NULL,
  key_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  address TEXT NOT NULL,
  connected_ms INTEGER NOT NULL,
  sent_revision INTEGER NOT NULL,
  reading INTEGER NOT NULL,
  PRIMARY KEY (instance_id, stream_id)
);
CREATE INDEX sdk_clients_environment ON sdk_clients (environment_id);

CREATE TABLE sdk_receipts (
  key_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  acked_ms INTEGER NOT NULL,
  PRIMARY KEY (key_id, client_id)
);

-- How long one revision took to reach the clients of one environment on one instance, for
-- the history entry of the config version it carried. samples: [[ms after commit, clients]].
CREATE TABLE sdk_propagation (
  instance_id TEXT NOT NULL,
  environment_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  config_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  committed_ms INTEGER NOT NULL,
  clients INTEGER NOT NULL,
  samples TEXT NOT NULL,
  PRIMARY KEY (instance_id, environment_id, revision, config_id)
);
CREATE INDEX sdk_propagation_version ON sdk_propagation (config_id, version);
