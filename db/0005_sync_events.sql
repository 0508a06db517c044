-- Real-time sync status: one sync_events row per change of a sync job's state, in the same transaction
-- (db/functions/record_sync_event.sql, emit_sync_event.sql), so the event log can never disagree with sync_jobs;
-- a reconnecting client resumes from the last id it saw.

-- Why a failed job failed, where the story's status alone cannot say: a conflict asks the user to choose.
ALTER TABLE sync_jobs ADD COLUMN failure_kind TEXT CHECK (failure_kind IN ('permanent', 'conflict'));
-- How the user settled a conflict: keep what the source shows, or write our change again over it.
ALTER TABLE sync_jobs ADD COLUMN resolution TEXT CHECK (resolution IN ('kept-source', 'pushed-ours'));

CREATE TABLE sync_events (
    id              BIGSERIAL PRIMARY KEY,
    user_id         UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    task_id         UUID NOT NULL,
    sync_job_id     UUID NOT NULL,
    type            TEXT NOT NULL,
    task_status     TEXT NOT NULL,
    attempt         INTEGER NOT NULL,
    next_attempt_at TIMESTAMPTZ,
    error           TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_sync_events_user_id ON sync_events(user_id, id);
CREATE INDEX idx_sync_events_task_id ON sync_events(task_id, id);
CREATE INDEX idx_sync_events_created_at ON sync_events(created_at);

-- Short-lived tickets for EventSource, which cannot send an Authorization header. Only a hash is stored.
CREATE TABLE event_tickets (
    ticket_hash BYTEA PRIMARY KEY,
    user_id     UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    subject     TEXT NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_event_tickets_expires_at ON event_tickets(expires_at);
