-- An optional comment on a config version ("why this change"), written with the save and
-- shown in history. The version hash covers it when it is set (src/domain/hash_chain.ts), so
-- rows without one hash as they did before. The seal-only trigger of 0014 compares every
-- column, this one included.
ALTER TABLE config_versions ADD COLUMN comment text;
