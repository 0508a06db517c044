-- Live status that arrives at once and never skips an event.
--
-- The NOTIFY payload is the user's subject (users.external_id): the API's streams are keyed by the token subject.
--
-- Event ids come from a sequence, but transactions commit in any order: a stream that has read id 11 could skip
-- id 10 if 10 committed later. Each event therefore records its transaction (tx); a stream delivers an event only
-- once every transaction older than it has ended (tx below the snapshot's xmin), in (tx, id) order. Everything
-- below that line is final, so a stream's position is simply the (tx, id) of the last event it sent.
ALTER TABLE sync_events ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
DROP INDEX idx_sync_events_user_id;
CREATE INDEX idx_sync_events_user_tx ON sync_events(user_id, tx, id);

