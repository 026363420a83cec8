-- Change requests (docs/safe_changes.md): an environment can require approval; an edit that
-- touches its value or overrides is then kept as a proposed full state against the version it
-- was based on, reviewed, and applied in one transaction once approved.
CREATE TABLE approval_rules (
  environment_id TEXT PRIMARY KEY REFERENCES environments (id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  required_approvals INTEGER NOT NULL CHECK (required_approvals BETWEEN 1 AND 10),
  min_role TEXT NOT NULL,
  config_members_only INTEGER NOT NULL DEFAULT 0 CHECK (config_members_only IN (0, 1)),
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX approval_rules_project ON approval_rules (project_id);

CREATE TABLE change_requests (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  config_id TEXT NOT NULL,
  config_name TEXT NOT NULL,
  -- JSON array of the protected environment ids the change touches.
  environment_ids TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  reviewers TEXT NOT NULL DEFAULT '[]',
  state TEXT NOT NULL,
  base_state TEXT NOT NULL,
  base_version INTEGER NOT NULL,
  status TEXT NOT NULL
    CHECK (status IN ('open', 'applied', 'rejected', 'withdrawn', 'superseded')),
  author_type TEXT NOT NULL,
  author_id TEXT,
  author_label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  closed_at TEXT,
  closed_by TEXT,
  applied_version INTEGER,
  superseded_by TEXT
);
CREATE INDEX change_requests_project ON change_requests (project_id, status, created_at);
CREATE INDEX change_requests_config ON change_requests (config_id, status);

-- The discussion and the reviews; a reviewer's latest approve/request_changes counts.
CREATE TABLE change_request_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  change_request_id TEXT NOT NULL REFERENCES change_requests (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('comment', 'approve', 'request_changes', 'reject',
    'withdraw', 'apply', 'rebase')),
  actor_type TEXT NOT NULL,
  actor_id TEXT,
  actor_label TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX change_request_events_request ON change_request_events (change_request_id, id);
