-- Change requests (docs/safe_changes.md): an environment can require approval; an edit that
-- touches its value or overrides is then kept as a proposed full state against the version it
-- was based on, reviewed, and applied in one transaction once approved.
CREATE TABLE approval_rules (
  environment_id text PRIMARY KEY REFERENCES environments (id) ON DELETE CASCADE,
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  required_approvals integer NOT NULL CHECK (required_approvals BETWEEN 1 AND 10),
  min_role text NOT NULL,
  config_members_only boolean NOT NULL DEFAULT false,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX approval_rules_project ON approval_rules (project_id);

CREATE TABLE change_requests (
  id text PRIMARY KEY,
  project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  config_id text NOT NULL,
  config_name text NOT NULL,
  -- JSON array of the protected environment ids the change touches.
  environment_ids text NOT NULL,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  reviewers text NOT NULL DEFAULT '[]',
  state text NOT NULL,
  base_state text NOT NULL,
  base_version integer NOT NULL,
  status text NOT NULL
    CHECK (status IN ('open', 'applied', 'rejected', 'withdrawn', 'superseded')),
  author_type text NOT NULL,
  author_id text,
  author_label text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  closed_at timestamptz,
  closed_by text,
  applied_version integer,
  superseded_by text
);
CREATE INDEX change_requests_project ON change_requests (project_id, status, created_at);
CREATE INDEX change_requests_config ON change_requests (config_id, status);

-- The discussion and the reviews; a reviewer's latest approve/request_changes counts.
CREATE TABLE change_request_events (
  id bigserial PRIMARY KEY,
  change_request_id text NOT NULL REFERENCES change_requests (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('comment', 'approve', 'request_changes', 'reject',
    'withdraw', 'apply', 'rebase')),
  actor_type text NOT NULL,
  actor_id text,
  actor_label text NOT NULL,
  body text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL
);
CREATE INDEX change_request_events_request ON change_request_events (change_request_id, id);
