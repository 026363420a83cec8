-- Webhooks: endpoints of a workspace (optionally one project and environment), and the outbox
-- of deliveries, written in the transaction of the change they report. seq orders deliveries
-- per endpoint; a delivery is final when delivered or dead (out of retries).
CREATE TABLE webhook_endpoints (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  project_id text REFERENCES projects (id) ON DELETE CASCADE,
  environment_id text REFERENCES environments (id) ON DELETE CASCADE,
  url text NOT NULL,
  description text NOT NULL,
  events text NOT NULL,
  enabled boolean NOT NULL,
  disabled_reason text,
  secret text NOT NULL,
  previous_secret text,
  previous_secret_until timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX webhook_endpoints_workspace ON webhook_endpoints (workspace_id);

CREATE TABLE webhook_deliveries (
  seq bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  endpoint_id text NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  event_id text NOT NULL,
  event_type text NOT NULL,
  payload text NOT NULL,
  state text NOT NULL,
  attempts integer NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  lease_owner text,
  lease_until timestamptz,
  last_attempt_at timestamptz,
  last_status integer,
  last_error text,
  last_response text,
  last_latency_ms integer,
  created_at timestamptz NOT NULL,
  delivered_at timestamptz
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, state, seq);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
