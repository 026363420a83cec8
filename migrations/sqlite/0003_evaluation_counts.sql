-- How often OFREP and the SDK evaluate endpoint evaluated each config, per environment,
-- variant and hour (hours since the Unix epoch). Every instance adds its counts to the same
-- rows. No foreign keys: a flush must never fail because a config or environment was deleted
-- meanwhile; old hours are pruned instead.
CREATE TABLE evaluation_counts (
  project_id TEXT NOT NULL,
  environment_id TEXT NOT NULL,
  config_name TEXT NOT NULL,
  variant TEXT NOT NULL,
  hour INTEGER NOT NULL,
  count INTEGER NOT NULL,
  last_evaluated_at TEXT NOT NULL,
  PRIMARY KEY (environment_id, config_name, variant, hour)
);
CREATE INDEX evaluation_counts_config ON evaluation_counts (project_id, config_name, hour);
