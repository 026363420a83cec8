-- Sensitive configs (docs/sensitive_values.md). A sensitive config's base and variants are one
-- ciphertext in `sealed` ("dk1.<data key id>.…"); its value, schema and overrides columns then
-- hold placeholders and it has no config_variants rows. Its versions' snapshots and its
-- change-feed rows carry the same kind of ciphertext.
ALTER TABLE configs ADD COLUMN sensitive INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1));
ALTER TABLE configs ADD COLUMN sealed TEXT;

-- SDK keys that may receive sensitive configs (default: they never see them).
ALTER TABLE sdk_keys ADD COLUMN read_sensitive INTEGER NOT NULL DEFAULT 0
  CHECK (read_sensitive IN (0, 1));

-- Per-project data keys, wrapped under a master key (ENCRYPTION_KEY). Rotation re-wraps them in
-- place; deleting the project deletes them, and with them the means to read its old versions.
CREATE TABLE data_keys (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  wrapped TEXT NOT NULL,
  master_key_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  rotated_at TEXT
);
CREATE INDEX data_keys_project ON data_keys (project_id);
CREATE INDEX data_keys_master ON data_keys (master_key_id);
