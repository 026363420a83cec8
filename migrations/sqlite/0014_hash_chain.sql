-- Hash chains over the history (src/domain/hash_chain.ts, docs/security.md): every config
-- version is linked to the config's previous version, every audit row to the previous audit
-- row of its workspace (rows without a workspace form one chain of their own). Rows written
-- before this migration have NULL hashes; they are sealed in chain order on the chain's next
-- write, and before `verify` walks it.
ALTER TABLE config_versions ADD COLUMN prev_hash TEXT;
ALTER TABLE config_versions ADD COLUMN hash TEXT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE INDEX config_versions_unsealed ON config_versions (config_id, version) WHERE hash IS NULL;
CREATE INDEX audit_log_unsealed ON audit_log (id) WHERE hash IS NULL;

-- Still append-only, except that a row's hash columns may be filled in once (the sealing of
-- rows from before this migration). A later migration that adds a column lists it here too.
DROP TRIGGER audit_log_no_update;
DROP TRIGGER config_versions_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN OLD.hash IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.workspace_id IS NOT OLD.workspace_id
  OR NEW.project_id IS NOT OLD.project_id OR NEW.config_name IS NOT OLD.config_name
  OR NEW.actor_type IS NOT OLD.actor_type OR NEW.actor_id IS NOT OLD.actor_id
  OR NEW.actor_label IS NOT OLD.actor_label OR NEW.action IS NOT OLD.action
  OR NEW.target_type IS NOT OLD.target_type OR NEW.target_id IS NOT OLD.target_id
  OR NEW.before IS NOT OLD.before OR NEW.after IS NOT OLD.after
  OR NEW.request_id IS NOT OLD.request_id OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER config_versions_no_update BEFORE UPDATE ON config_versions
WHEN OLD.hash IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.config_id IS NOT OLD.config_id
  OR NEW.project_id IS NOT OLD.project_id OR NEW.config_name IS NOT OLD.config_name
  OR NEW.version IS NOT OLD.version OR NEW.snapshot IS NOT OLD.snapshot
  OR NEW.actor_type IS NOT OLD.actor_type OR NEW.actor_id IS NOT OLD.actor_id
  OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'config_versions is append-only'); END;
