-- The event streams open now, in every API process: a person may hold Sync:Events:MaxStreamsPerUser of them, counted
-- here so that every node sees the same count. A stream renews seen_at on its heartbeat; a row whose process died
-- stops counting once its lease has passed.
CREATE TABLE event_streams (
    id         UUID PRIMARY KEY,
    subject    TEXT NOT NULL,
    opened_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    seen_at    TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_event_streams_subject ON event_streams(subject, opened_at);
