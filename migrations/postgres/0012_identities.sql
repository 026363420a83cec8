-- Single sign-on (docs/sso.md): the OpenID Connect identities (issuer + subject) linked to an
-- account, and how each session was opened. An SSO session's expiry is fixed at sign-in, so a
-- user the provider no longer lets in loses access when it runs out.
CREATE TABLE user_identities (
  issuer text NOT NULL,
  subject text NOT NULL,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  email text NOT NULL,
  created_at timestamptz NOT NULL,
  last_login_at timestamptz NOT NULL,
  PRIMARY KEY (issuer, subject)
);
CREATE INDEX user_identities_user ON user_identities (user_id);

ALTER TABLE sessions ADD COLUMN auth_method text NOT NULL DEFAULT 'password';
