-- Safe change (docs/safe_changes.md): kill switches that can be undone, and config changes
-- scheduled for a time. A kill switch keeps the state it replaced, so undo restores it; a
-- scheduled change keeps the full state it applies and the version it was based on.
CREATE TABLE kill_switches (
  id text PRIMARY KEY,
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  config_id text NOT NULL REFERENCES configs (id) ON DELETE CASCADE,
  config_name text NOT NULL,
  -- NULL: every environment.
  environment_id text,
  value text NOT NULL,
  reason text NOT NULL,
  before text NOT NULL,
  killed_version integer NOT NULL,
  actor_label text NOT NULL,
  created_at timestamptz NOT NULL,
  undone_at timestamptz,
  undone_by text,
  undone_version integer
);
CREATE INDEX kill_switches_project ON kill_switches (project_id, created_at);
CREATE INDEX kill_switches_config ON kill_switches (config_id);

CREATE TABLE scheduled_changes (
  id text PRIMARY KEY,
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  config_id text NOT NULL,
  config_name text NOT NULL,
  due_at timestamptz NOT NULL,
  state text NOT NULL,
  base_version integer NOT NULL,
  on_conflict text NOT NULL CHECK (on_conflict IN ('apply', 'fail')),
  status text NOT NULL CHECK (status IN ('pending', 'applied', 'failed', 'cancelled')),
  comment text NOT NULL DEFAULT '',
  actor_type text NOT NULL,
  actor_id text,
  actor_label text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  fired_at timestamptz,
  fired_version integer,
  late boolean NOT NULL DEFAULT false,
  failure text
);
CREATE INDEX scheduled_changes_due ON scheduled_changes (status, due_at);
CREATE INDEX scheduled_changes_project ON scheduled_changes (project_id, due_at);
