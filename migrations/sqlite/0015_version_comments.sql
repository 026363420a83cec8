-- An optional comment on a config version ("why this change"), written with the save and
-- shown in history. The version hash covers it when it is set (src/domain/hash_chain.ts), so
-- rows without one hash as they did before.
ALTER TABLE config_versions ADD COLUMN comment TEXT;

-- The append-only trigger of 0014 lists every column; it now compares the comment too.
DROP TRIGGER config_versions_no_update;
CREATE TRIGGER config_versions_no_update BEFORE UPDATE ON config_versions
WHEN OLD.hash IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.config_id IS NOT OLD.config_id
  OR NEW.project_id IS NOT OLD.project_id OR NEW.config_name IS NOT OLD.config_name
  OR NEW.version IS NOT OLD.version OR NEW.snapshot IS NOT OLD.snapshot
  OR NEW.actor_type IS NOT OLD.actor_type OR NEW.actor_id IS NOT OLD.actor_id
  OR NEW.created_at IS NOT OLD.created_at OR NEW.comment IS NOT OLD.comment
BEGIN SELECT RAISE(ABORT, 'config_versions is append-only'); END;
