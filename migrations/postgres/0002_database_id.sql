-- A random id for this database, so a replica can tell that it was filled from another one
-- (DATABASE_URL pointed elsewhere) and resync instead of serving stale configs.
CREATE TABLE dialtone_meta (
  key text PRIMARY KEY,
  value text NOT NULL
);
INSERT INTO dialtone_meta (key, value) VALUES ('database_id', replace(gen_random_uuid()::text, '-', ''));
