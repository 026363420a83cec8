-- Safe change (docs/safe_changes.md): kill switches that can be undone, and config changes
-- scheduled for a time. A kill switch keeps the state it replaced, so undo restores it; a
-- scheduled change keeps the full state it applies and the version it was based on.
CREATE TABLE kill_switches (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  config_id TEXT NOT NULL REFERENCES configs (id) ON DELETE CASCADE,
  config_name TEXT NOT NULL,
  -- NULL: every environment.
  environment_id TEXT,
  value TEXT NOT NULL,
  reason TEXT NOT NULL,
  before TEXT NOT NULL,
  killed_version INTEGER NOT NULL,
  actor_label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  undone_at TEXT,
  undone_by TEXT,
  undone_version INTEGER
);
CREATE INDEX kill_switches_project ON kill_switches (project_id, created_at);
CREATE INDEX kill_switches_config ON kill_switches (config_id);

CREATE TABLE scheduled_changes (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  config_id TEXT NOT NULL,
  config_name TEXT NOT NULL,
  due_at TEXT NOT NULL,
  state TEXT NOT NULL,
  base_version INTEGER NOT NULL,
  on_conflict TEXT NOT NULL CHECK (on_conflict IN ('apply', 'fail')),
  status TEXT NOT NULL CHECK (status IN ('pending', 'applied', 'failed', 'cancelled')),
  comment TEXT NOT NULL DEFAULT '',
  actor_type TEXT NOT NULL,
  actor_id TEXT,
  actor_label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  fired_at TEXT,
  fired_version INTEGER,
  late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
  failure TEXT
);
CREATE INDEX scheduled_changes_due ON scheduled_changes (status, due_at);
CREATE INDEX scheduled_changes_project ON scheduled_changes (project_id, due_at);
