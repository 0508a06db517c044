-- Sync history does not grow forever: settled syncs older than Sync:Retention:Completed are deleted in
-- small batches, their attempts with them. This index finds them without reading the live rows.
CREATE INDEX idx_sync_jobs_processed_at ON sync_jobs(processed_at)
    WHERE status IN ('completed', 'superseded', 'failed');
