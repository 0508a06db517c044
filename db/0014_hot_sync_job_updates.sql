-- A sync changes its sync_jobs row three times (claimed, then completed, or retried). PostgreSQL can make such an
-- update HOT, writing no index entry, only when no index covers a changed column, predicates included, and the page
-- has room. No hot query reads sync_jobs by status, scheduled_at or processed_at: each finds its rows by
-- id, user or task. Retention finds old rows by created_at, which never changes, and checks the rest in the row.
-- The queue-depth gauge, read once per metrics scrape, scans the table.
DROP INDEX idx_sync_jobs_status;
DROP INDEX idx_sync_jobs_scheduled_at;
DROP INDEX idx_sync_jobs_processed_at;
CREATE INDEX idx_sync_jobs_created_at ON sync_jobs(created_at);
ALTER TABLE sync_jobs SET (fillfactor = 80);
-- The dashboard's actions name Hangfire jobs: their audit rows find the sync job by it (set once, never updated).
CREATE INDEX idx_sync_jobs_hangfire_job_id ON sync_jobs(hangfire_job_id);
