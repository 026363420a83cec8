-- Segments and exclusion groups (docs/targeting.md): project-level objects that config
-- overrides point at by name. `data` is the kind's JSON: a segment's conditions, a group's
-- property, seed and slices. Every change bumps `version` and leaves a snapshot.
CREATE TABLE targets (
  id text PRIMARY KEY,
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('segment', 'exclusion_group')),
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  data text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (project_id, kind, name)
);

-- No foreign keys: history outlives what it describes, as config_versions does.
CREATE TABLE target_versions (
  id text PRIMARY KEY,
  target_id text NOT NULL,
  project_id text NOT NULL,
  kind text NOT NULL,
  name text NOT NULL,
  version integer NOT NULL,
  snapshot text NOT NULL,
  actor_type text NOT NULL,
  actor_id text,
  created_at timestamptz NOT NULL,
  UNIQUE (target_id, version)
);
CREATE INDEX target_versions_project ON target_versions (project_id, kind, name);
