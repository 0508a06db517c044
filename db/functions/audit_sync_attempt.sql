-- Each provider call's outcome in the audit log, in the transaction that records the attempt: the worker is the
-- actor.
CREATE OR REPLACE FUNCTION audit_sync_attempt() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (actor, action, task_id, sync_job_id, to_status, outcome, detail)
    SELECT 'worker', 'sync.attempt', j.task_id, j.id, j.target_status, NEW.outcome,
           concat_ws(' ', 'attempt ' || NEW.attempt, 'HTTP ' || NEW.http_status, NEW.error)
    FROM sync_jobs j WHERE j.id = NEW.sync_job_id;
    RETURN NULL;
END;
$$;
