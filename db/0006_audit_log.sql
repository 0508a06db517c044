-- Who did what (issue 7): every status change request, every sync attempt's outcome, and every support action.
-- Support reads it through GET /api/admin/audit; rows past Audit:Retention are deleted hourly.
CREATE TABLE audit_log (
    id              BIGSERIAL PRIMARY KEY,
    at              TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    actor           TEXT NOT NULL,
    action          TEXT NOT NULL,
    task_id         UUID,
    sync_job_id     UUID,
    from_status     TEXT,
    to_status       TEXT,
    idempotency_key TEXT,
    client_address  TEXT,
    outcome         TEXT,
    detail          TEXT
);
CREATE INDEX idx_audit_log_task_id ON audit_log(task_id, id);
CREATE INDEX idx_audit_log_at ON audit_log(at);

-- Each provider call's outcome, in the transaction that records the attempt: the worker is the actor.
CREATE FUNCTION audit_sync_attempt() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (actor, action, task_id, sync_job_id, to_status, outcome, detail)
    SELECT 'worker', 'sync.attempt', j.task_id, j.id, j.target_status, NEW.outcome,
           concat_ws(' ', 'attempt ' || NEW.attempt, 'HTTP ' || NEW.http_status, NEW.error)
    FROM sync_jobs j WHERE j.id = NEW.sync_job_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER sync_attempts_audit
    AFTER INSERT ON sync_attempts
    FOR EACH ROW EXECUTE FUNCTION audit_sync_attempt();
