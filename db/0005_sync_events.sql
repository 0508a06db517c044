-- Real-time sync status (issue 6). Every change of a sync job's state appends one row to sync_events in the same
-- transaction, so the event log can never disagree with sync_jobs; NOTIFY (delivered at commit) wakes the API
-- processes holding the user's event streams, and a reconnecting client resumes from the last id it saw.

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

-- AFTER ROW triggers run when the whole statement is done, so the task's status read here already includes a
-- completion's forward move or a failure's rollback made by the same statement.
CREATE FUNCTION record_sync_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    event_type TEXT;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status AND NEW.scheduled_at IS NOT DISTINCT FROM OLD.scheduled_at
       AND NEW.resolution IS NOT DISTINCT FROM OLD.resolution THEN
        RETURN NULL;
    END IF;
    event_type := CASE
        WHEN TG_OP = 'INSERT' THEN 'sync.pending'
        WHEN NEW.resolution IS DISTINCT FROM OLD.resolution THEN 'sync.resolved'
        WHEN NEW.status = 'processing' THEN 'sync.processing'
        WHEN NEW.status = 'completed' THEN 'sync.completed'
        WHEN NEW.status = 'failed' AND NEW.failure_kind = 'conflict' THEN 'sync.conflict'
        WHEN NEW.status = 'failed' THEN 'sync.failed'
        WHEN NEW.status = 'pending' AND OLD.status = 'processing' THEN 'sync.retrying'
        ELSE 'sync.pending'
    END;
    INSERT INTO sync_events (user_id, task_id, sync_job_id, type, task_status, attempt, next_attempt_at, error)
    SELECT NEW.user_id, NEW.task_id, NEW.id, event_type, t.status, COALESCE(NEW.attempts, 0),
           CASE WHEN event_type = 'sync.retrying' THEN NEW.scheduled_at END,
           CASE WHEN event_type IN ('sync.retrying', 'sync.failed', 'sync.conflict') THEN NEW.error END
    FROM tasks t WHERE t.id = NEW.task_id;
    PERFORM pg_notify('sync_events', NEW.user_id::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER sync_jobs_record_event
    AFTER INSERT OR UPDATE ON sync_jobs
    FOR EACH ROW EXECUTE FUNCTION record_sync_event();

-- Short-lived tickets for EventSource, which cannot send an Authorization header. Only a hash is stored.
CREATE TABLE event_tickets (
    ticket_hash BYTEA PRIMARY KEY,
    user_id     UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    subject     TEXT NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_event_tickets_expires_at ON event_tickets(expires_at);
