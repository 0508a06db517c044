-- Who did what: every status change request, every sync attempt's outcome, and every support action.
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

