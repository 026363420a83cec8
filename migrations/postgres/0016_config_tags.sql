-- Tags on configs (docs/api.md "Tags"): short labels for finding configs, e.g. "checkout" or
-- "team:growth". Metadata, not part of a config's state: they are not versioned, not in the
-- change feed and never reach SDKs; a change to them is audited.
CREATE TABLE config_tags (
  config_id text NOT NULL REFERENCES configs (id) ON DELETE CASCADE,
  tag text NOT NULL,
  PRIMARY KEY (config_id, tag)
);
CREATE INDEX config_tags_tag ON config_tags (tag);
