-- Sensitive configs (docs/sensitive_values.md). Mirrors migrations/sqlite/0013_sensitive.sql.
ALTER TABLE configs ADD COLUMN sensitive boolean NOT NULL DEFAULT false;
ALTER TABLE configs ADD COLUMN sealed text;

ALTER TABLE sdk_keys ADD COLUMN read_sensitive boolean NOT NULL DEFAULT false;

CREATE TABLE data_keys (
  id text PRIMARY KEY,
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  wrapped text NOT NULL,
  master_key_id text NOT NULL,
  created_at timestamptz NOT NULL,
  rotated_at timestamptz
);
CREATE INDEX data_keys_project ON data_keys (project_id);
CREATE INDEX data_keys_master ON data_keys (master_key_id);
