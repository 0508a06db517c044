-- Vendor change notifications: a connection's subscriptions, one per container (a To Do list; a
-- ConnectWise connection's tickets). Graph echoes the subscription's clientState with each notification, and
-- ConnectWise calls an address with it in the path; only its SHA-256 is kept here, and a callback is found by it.
CREATE TABLE change_subscriptions (
    subscription_id   TEXT PRIMARY KEY,
    connection_id     UUID NOT NULL REFERENCES provider_connections(id) ON DELETE CASCADE,
    container_id      TEXT NOT NULL,
    client_state_hash BYTEA NOT NULL,
    expires_at        TIMESTAMPTZ NOT NULL,
    UNIQUE (connection_id, container_id)
);
CREATE UNIQUE INDEX idx_change_subscriptions_client_state_hash ON change_subscriptions(client_state_hash);

-- The containers a vendor notified since the connection's last read: due at once, and read alone. One notified
-- while the connection is being read stays here, so that read's end does not push it a whole interval away.
ALTER TABLE connection_watches ADD COLUMN notified_containers TEXT[] NOT NULL DEFAULT '{}';

