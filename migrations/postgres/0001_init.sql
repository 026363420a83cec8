-- Dialtone data model, Postgres dialect. It mirrors migrations/sqlite/0001_init.sql:
-- ids are UUID text, JSON documents are text (kept byte for byte as written).

CREATE TABLE workspaces (
  id text PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE users (
  id text PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE password_credentials (
  user_id text PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  password_hash text NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  ip text NOT NULL DEFAULT '',
  user_agent text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Membership is by normalized email, so people can be invited before they sign up.
CREATE TABLE workspace_members (
  workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  email text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'member')),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, email)
);
CREATE INDEX workspace_members_email ON workspace_members (email);

CREATE TABLE projects (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (workspace_id, name)
);

CREATE TABLE project_members (
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  email text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'maintainer')),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (project_id, email)
);
CREATE INDEX project_members_email ON project_members (email);

CREATE TABLE environments (
  id text PRIMARY KEY,
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name text NOT NULL,
  position integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (project_id, name)
);

CREATE TABLE configs (
  id text PRIMARY KEY,
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  value text NOT NULL,
  schema text,
  overrides text NOT NULL DEFAULT '[]',
  version integer NOT NULL CHECK (version >= 1),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (project_id, name)
);

CREATE TABLE config_variants (
  config_id text NOT NULL REFERENCES configs (id) ON DELETE CASCADE,
  environment_id text NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
  value text NOT NULL,
  schema text,
  overrides text NOT NULL DEFAULT '[]',
  use_base_schema boolean NOT NULL DEFAULT true,
  PRIMARY KEY (config_id, environment_id)
);
CREATE INDEX config_variants_environment ON config_variants (environment_id);

CREATE TABLE config_members (
  config_id text NOT NULL REFERENCES configs (id) ON DELETE CASCADE,
  email text NOT NULL,
  role text NOT NULL CHECK (role IN ('maintainer', 'editor')),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (config_id, email)
);
CREATE INDEX config_members_email ON config_members (email);

-- Immutable snapshots (description, base, variants, members). No foreign keys: history
-- outlives the config it describes.
CREATE TABLE config_versions (
  id text PRIMARY KEY,
  config_id text NOT NULL,
  project_id text NOT NULL,
  config_name text NOT NULL,
  version integer NOT NULL,
  snapshot text NOT NULL,
  actor_type text NOT NULL,
  actor_id text,
  created_at timestamptz NOT NULL,
  UNIQUE (config_id, version)
);
CREATE INDEX config_versions_project ON config_versions (project_id, config_name);

CREATE TABLE sdk_keys (
  id text PRIMARY KEY,
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  environment_id text NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  key_hash text NOT NULL,
  key_prefix text NOT NULL,
  key_suffix text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX sdk_keys_project ON sdk_keys (project_id);

CREATE TABLE admin_api_keys (
  id text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  key_hash text NOT NULL,
  key_prefix text NOT NULL,
  key_suffix text NOT NULL,
  scopes text NOT NULL,
  project_ids text,
  expires_at timestamptz,
  last_used_at timestamptz,
  created_by text,
  created_at timestamptz NOT NULL
);
CREATE INDEX admin_api_keys_workspace ON admin_api_keys (workspace_id);

-- Who did what. No foreign keys: the log outlives what it describes.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  workspace_id text,
  project_id text,
  config_name text,
  actor_type text NOT NULL,
  actor_id text,
  actor_label text NOT NULL DEFAULT '',
  action text NOT NULL,
  target_type text NOT NULL,
  target_id text,
  before text,
  after text,
  request_id text,
  created_at timestamptz NOT NULL
);
CREATE INDEX audit_log_workspace ON audit_log (workspace_id, id);
CREATE INDEX audit_log_project ON audit_log (project_id, id);

-- The change feed the replicators follow. One row per changed entity. Writers take
-- pg_advisory_xact_lock before appending, so revisions commit in order, without gaps.
CREATE TABLE changes (
  revision bigserial PRIMARY KEY,
  kind text NOT NULL,
  project_id text,
  entity_id text NOT NULL,
  payload text NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE FUNCTION dialtone_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION dialtone_reject_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION dialtone_reject_change();
CREATE TRIGGER config_versions_append_only BEFORE UPDATE OR DELETE ON config_versions
  FOR EACH ROW EXECUTE FUNCTION dialtone_reject_change();
CREATE TRIGGER config_versions_no_truncate BEFORE TRUNCATE ON config_versions
  FOR EACH STATEMENT EXECUTE FUNCTION dialtone_reject_change();
