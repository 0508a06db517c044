-- A sync job's state change as an event on its person's stream (the event names are SyncLifecycle's). An AFTER ROW
-- trigger runs when the whole statement is done, so the task's status read here already includes a completion's
-- forward move or a failure's rollback made by the same statement.
CREATE OR REPLACE FUNCTION record_sync_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    event_type TEXT;
    task_status TEXT;
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
        WHEN NEW.status = 'failed' AND NEW.failure_kind = 'unknown_outcome' THEN 'sync.unconfirmed'
        WHEN NEW.status = 'failed' THEN 'sync.failed'
        WHEN NEW.status = 'pending' AND OLD.status = 'processing' THEN 'sync.retrying'
        ELSE 'sync.pending'
    END;
    SELECT t.status INTO task_status FROM tasks t WHERE t.id = NEW.task_id;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    PERFORM emit_sync_event(
        NEW.user_id, event_type, NEW.task_id, NEW.id, task_status, COALESCE(NEW.attempts, 0),
        CASE WHEN event_type = 'sync.retrying' THEN NEW.scheduled_at END,
        CASE WHEN event_type IN ('sync.retrying', 'sync.failed', 'sync.conflict', 'sync.unconfirmed')
             THEN NEW.error END,
        NULL, NULL);
    RETURN NULL;
END;
$$;
