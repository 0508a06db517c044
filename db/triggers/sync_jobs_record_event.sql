-- Fires record_sync_event (db/functions/record_sync_event.sql).
CREATE OR REPLACE TRIGGER sync_jobs_record_event
    AFTER INSERT OR UPDATE ON sync_jobs
    FOR EACH ROW EXECUTE FUNCTION record_sync_event();
