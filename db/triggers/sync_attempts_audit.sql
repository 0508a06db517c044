-- Fires audit_sync_attempt (db/functions/audit_sync_attempt.sql).
CREATE OR REPLACE TRIGGER sync_attempts_audit
    AFTER INSERT ON sync_attempts
    FOR EACH ROW EXECUTE FUNCTION audit_sync_attempt();
