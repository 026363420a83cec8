-- Relay keys (rpr_...): what a relay instance presents to its upstream's replication feed. A
-- key reads one workspace, or some of its projects (project_ids) or environments
-- (environment_ids), both JSON arrays of ids.
CREATE TABLE relay_keys (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  key_hash text NOT NULL,
  key_prefix text NOT NULL,
  key_suffix text NOT NULL,
  project_ids text,
  environment_ids text,
  created_by text,
  created_at timestamptz NOT NULL
);
CREATE INDEX relay_keys_workspace ON relay_keys (workspace_id);
