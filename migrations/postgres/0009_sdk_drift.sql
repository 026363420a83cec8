-- Which SDK client runs which revision, across instances (docs/observability.md). Each
-- instance writes the streams it holds every few seconds and a heartbeat row; rows of an
-- instance whose heartbeat is old are ignored and later pruned. Receipts (POST
-- /api/sdk/v1/ack) are kept per SDK key and client id, since an ack may reach another
-- instance than the stream. Times are milliseconds since the Unix epoch. No foreign keys:
-- a flush must never fail because an environment was deleted meanwhile.
CREATE TABLE sdk_instances (
  instance_id text PRIMARY KEY,
  started_ms bigint NOT NULL,
  seen_ms bigint NOT NULL
);

CREATE TABLE sdk_clients (
  instance_id text NOT NULL,
  stream_id integer NOT NULL,
  environment_id text NOT NULL,
  key_id text NOT NULL,
  client_id text NOT NULL,
  user_agent text NOT NULL,
  address text NOT NULL,
  connected_ms bigint NOT NULL,
  sent_revision bigint NOT NULL,
  reading integer NOT NULL,
  PRIMARY KEY (instance_id, stream_id)
);
CREATE INDEX sdk_clients_environment ON sdk_clients (environment_id);

CREATE TABLE sdk_receipts (
  key_id text NOT NULL,
  client_id text NOT NULL,
  revision bigint NOT NULL,
  acked_ms bigint NOT NULL,
  PRIMARY KEY (key_id, client_id)
);

-- How long one revision took to reach the clients of one environment on one instance, for
-- the history entry of the config version it carried. samples: [[ms after commit, clients]].
CREATE TABLE sdk_propagation (
  instance_id text NOT NULL,
  environment_id text NOT NULL,
  revision bigint NOT NULL,
  config_id text NOT NULL,
  version integer NOT NULL,
  committed_ms bigint NOT NULL,
  clients integer NOT NULL,
  samples text NOT NULL,
  PRIMARY KEY (instance_id, environment_id, revision, config_id)
);
CREATE INDEX sdk_propagation_version ON sdk_propagation (config_id, version);
