-- Idempotency-Key on admin mutations: the first request's answer, per caller (scope) and key,
-- for 24 hours. While the first request runs, claim holds its random token and locked_until
-- says when a crashed request's claim may be taken over; status and body are set in the
-- mutation's own transaction, so a committed write always has its stored answer.
CREATE TABLE idempotency_keys (
  scope text NOT NULL,
  key text NOT NULL,
  fingerprint text NOT NULL,
  claim text,
  locked_until timestamptz,
  status integer,
  body text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
