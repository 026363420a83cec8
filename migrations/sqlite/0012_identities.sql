-- Single sign-on (docs/sso.md): the OpenID Connect identities (issuer + subject) linked to an
-- account, and how each session was opened. An SSO session's expiry is fixed at sign-in, so a
-- user the provider no longer lets in loses access when it runs out.
CREATE TABLE user_identities (
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_login_at TEXT NOT NULL,
  PRIMARY KEY (issuer, subject)
);
CREATE INDEX user_identities_user ON user_identities (user_id);

ALTER TABLE sessions ADD COLUMN auth_method TEXT NOT NULL DEFAULT 'password';
