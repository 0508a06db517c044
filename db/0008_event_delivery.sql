-- Live status that arrives at once and never skips an event (issue 11).
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

CREATE OR REPLACE FUNCTION record_sync_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    event_type TEXT;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status
       AND NEW.scheduled_at IS NOT DISTINCT FROM OLD.scheduled_at
       AND NEW.resolution IS NOT DISTINCT FROM OLD.resolution THEN
        RETURN NULL;
    END IF;
    event_type := CASE
        WHEN TG_OP = 'INSERT' THEN 'sync.pending'
        WHEN NEW.resolution IS DISTINCT FROM OLD.resolution THEN 'sync.resolved'
        WHEN NEW.status = 'processing' THEN 'sync.processing'
        WHEN NEW.status = 'completed' THEN 'sync.completed'
        WHEN NEW.status = 'superseded' THEN 'sync.superseded'
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
    -- PostgreSQL folds identical notifications of one transaction into one.
    PERFORM pg_notify('sync_events', u.external_id) FROM users u WHERE u.id = NEW.user_id;
    RETURN NULL;
END;
$$;
