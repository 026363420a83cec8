-- Relay keys (rpr_...): what a relay instance presents to its upstream's replication feed. A
-- key reads one workspace, or some of its projects (project_ids) or environments
-- (environment_ids), both JSON arrays of ids.
CREATE TABLE relay_keys (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  key_hash TEXT NOT NULL,
  key_prefix TEXT NOT NULL,
  key_suffix TEXT NOT NULL,
  project_ids TEXT,
  environment_ids TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX relay_keys_workspace ON relay_keys (workspace_id);
