-- Vendor to Syntaskio in seconds. Each connection has one watch row: its change-feed cursor and when it
-- is next polled. Workers claim due rows with FOR UPDATE SKIP LOCKED and hold them for a lease, so any number of
-- workers share the connections, none twice, and a killed worker's rows come back when its lease ends.
CREATE TABLE connection_watches (
    connection_id UUID PRIMARY KEY REFERENCES provider_connections(id) ON DELETE CASCADE,
    cursor        TEXT,
    next_poll_at  TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    claimed_until TIMESTAMPTZ,
    polled_at     TIMESTAMPTZ,
    last_error    TEXT
);
CREATE INDEX idx_connection_watches_next_poll_at ON connection_watches(next_poll_at);
INSERT INTO connection_watches (connection_id) SELECT id FROM provider_connections;

-- When the vendor last modified the task, by the vendor's clock: set by our confirmed writes and by applied vendor
-- changes. A change from the feed that is not newer is our own write coming back (an echo), or older news.
ALTER TABLE tasks ADD COLUMN vendor_modified_at TIMESTAMPTZ;

-- A vendor-side change on the person's event stream (task.changed) says what the vendor shows.
ALTER TABLE sync_events ADD COLUMN vendor_status TEXT;
