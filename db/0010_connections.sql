-- People connect their own accounts: what they recognise each connection by, when it was made, and
-- whether it still works. needs_reconnect: the vendor refused the stored grant or keys; new syncs fail at once.
ALTER TABLE provider_connections ADD COLUMN status TEXT NOT NULL DEFAULT 'connected'
    CHECK (status IN ('connected', 'needs_reconnect'));
ALTER TABLE provider_connections ADD COLUMN account TEXT;
ALTER TABLE provider_connections ADD COLUMN connected_at TIMESTAMPTZ NOT NULL DEFAULT NOW();
ALTER TABLE provider_connections ADD COLUMN last_error TEXT;

-- A Microsoft sign-in in progress: the OAuth state is stored only as its SHA-256, single-use and short-lived; the
-- PKCE verifier is encrypted like any credential.
CREATE TABLE oauth_states (
    state_hash         BYTEA PRIMARY KEY,
    user_id            UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    provider           TEXT NOT NULL,
    encrypted_verifier BYTEA NOT NULL,
    expires_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_oauth_states_expires_at ON oauth_states(expires_at);
