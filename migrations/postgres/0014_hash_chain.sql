-- Hash chains over the history (src/domain/hash_chain.ts, docs/security.md): every config
-- version is linked to the config's previous version, every audit row to the previous audit
-- row of its workspace (rows without a workspace form one chain of their own). Rows written
-- before this migration have NULL hashes; they are sealed in chain order on the chain's next
-- write, and before `verify` walks it.
ALTER TABLE config_versions ADD COLUMN prev_hash text;
ALTER TABLE config_versions ADD COLUMN hash text;
ALTER TABLE audit_log ADD COLUMN prev_hash text;
ALTER TABLE audit_log ADD COLUMN hash text;
CREATE INDEX config_versions_unsealed ON config_versions (config_id, version) WHERE hash IS NULL;
CREATE INDEX audit_log_unsealed ON audit_log (id) WHERE hash IS NULL;

-- Still append-only, except that a row's hash columns may be filled in once (the sealing of
-- rows from before this migration). Every other column, present or added later, is compared.
CREATE FUNCTION dialtone_seal_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.hash IS NOT NULL
     OR (to_jsonb(NEW) - 'hash' - 'prev_hash') IS DISTINCT FROM (to_jsonb(OLD) - 'hash' - 'prev_hash')
  THEN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
  END IF;
  RETURN NEW;
END
$$;

DROP TRIGGER audit_log_append_only ON audit_log;
DROP TRIGGER config_versions_append_only ON config_versions;
CREATE TRIGGER audit_log_append_only BEFORE DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION dialtone_reject_change();
CREATE TRIGGER audit_log_seal_only BEFORE UPDATE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION dialtone_seal_only();
CREATE TRIGGER config_versions_append_only BEFORE DELETE ON config_versions
  FOR EACH ROW EXECUTE FUNCTION dialtone_reject_change();
CREATE TRIGGER config_versions_seal_only BEFORE UPDATE ON config_versions
  FOR EACH ROW EXECUTE FUNCTION dialtone_seal_only();
