-- Dialtone data model, SQLite dialect. Ids are UUID text, times are ISO-8601 UTC text,
-- JSON documents are text, booleans are 0/1. The Postgres dialect mirrors this file.

CREATE TABLE workspaces (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE password_credentials (
  user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  password_hash TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  ip TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Membership is by normalized email, so people can be invited before they sign up.
CREATE TABLE workspace_members (
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, email)
);
CREATE INDEX workspace_members_email ON workspace_members (email);

CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (workspace_id, name)
);

CREATE TABLE project_members (
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'maintainer')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (project_id, email)
);
CREATE INDEX project_members_email ON project_members (email);

CREATE TABLE environments (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  position INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (project_id, name)
);

CREATE TABLE configs (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  value TEXT NOT NULL,
  schema TEXT,
  overrides TEXT NOT NULL DEFAULT '[]',
  version INTEGER NOT NULL CHECK (version >= 1),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (project_id, name)
);

CREATE TABLE config_variants (
  config_id TEXT NOT NULL REFERENCES configs (id) ON DELETE CASCADE,
  environment_id TEXT NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
  value TEXT NOT NULL,
  schema TEXT,
  overrides TEXT NOT NULL DEFAULT '[]',
  use_base_schema INTEGER NOT NULL DEFAULT 1 CHECK (use_base_schema IN (0, 1)),
  PRIMARY KEY (config_id, environment_id)
);
CREATE INDEX config_variants_environment ON config_variants (environment_id);

CREATE TABLE config_members (
  config_id TEXT NOT NULL REFERENCES configs (id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('maintainer', 'editor')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (config_id, email)
);
CREATE INDEX config_members_email ON config_members (email);

-- Immutable snapshots (description, base, variants, members). No foreign keys: history
-- outlives the config it describes.
CREATE TABLE config_versions (
  id TEXT PRIMARY KEY,
  config_id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  config_name TEXT NOT NULL,
  version INTEGER NOT NULL,
  snapshot TEXT NOT NULL,
  actor_type TEXT NOT NULL,
  actor_id TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (config_id, version)
);
CREATE INDEX config_versions_project ON config_versions (project_id, config_name);

CREATE TABLE sdk_keys (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  environment_id TEXT NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  key_hash TEXT NOT NULL,
  key_prefix TEXT NOT NULL,
  key_suffix TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX sdk_keys_project ON sdk_keys (project_id);

CREATE TABLE admin_api_keys (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  key_hash TEXT NOT NULL,
  key_prefix TEXT NOT NULL,
  key_suffix TEXT NOT NULL,
  scopes TEXT NOT NULL,
  project_ids TEXT,
  expires_at TEXT,
  last_used_at TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX admin_api_keys_workspace ON admin_api_keys (workspace_id);

-- Who did what. No foreign keys: the log outlives what it describes.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id TEXT,
  project_id TEXT,
  config_name TEXT,
  actor_type TEXT NOT NULL,
  actor_id TEXT,
  actor_label TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT,
  before TEXT,
  after TEXT,
  request_id TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX audit_log_workspace ON audit_log (workspace_id, id);
CREATE INDEX audit_log_project ON audit_log (project_id, id);

-- The change feed the replicators follow. One row per changed entity; writes are
-- serialized, so revisions are gap-free in commit order.
CREATE TABLE changes (
  revision INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  project_id TEXT,
  entity_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER config_versions_no_update BEFORE UPDATE ON config_versions
BEGIN SELECT RAISE(ABORT, 'config_versions is append-only'); END;
CREATE TRIGGER config_versions_no_delete BEFORE DELETE ON config_versions
BEGIN SELECT RAISE(ABORT, 'config_versions is append-only'); END;
