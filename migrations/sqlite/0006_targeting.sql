-- Segments and exclusion groups (docs/targeting.md): project-level objects that config
-- overrides point at by name. `data` is the kind's JSON: a segment's conditions, a group's
-- property, seed and slices. Every change bumps `version` and leaves a snapshot.
CREATE TABLE targets (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('segment', 'exclusion_group')),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  data TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (project_id, kind, name)
);

-- No foreign keys: history outlives what it describes, as config_versions does.
CREATE TABLE target_versions (
  id TEXT PRIMARY KEY,
  target_id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  snapshot TEXT NOT NULL,
  actor_type TEXT NOT NULL,
  actor_id TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (target_id, version)
);
CREATE INDEX target_versions_project ON target_versions (project_id, kind, name);
