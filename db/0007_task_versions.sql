-- What a task shows after a failure, and which change is a task's latest.
--
-- tasks.version counts the task's changes; each sync job carries the version its change made, taken under the
-- task's row lock, so "is this job the task's latest change" is one comparison that cannot tie or invert
-- (created_at, a transaction's start time, could do both).
-- tasks.vendor_status is what we last saw at the vendor (a confirmed write, or the user keeping the source's state):
-- the next write expects it, so a change made at the vendor since then is a conflict.
-- tasks.confirmed_status is the task's status as the source last confirmed it: a change that fails for good rolls
-- the task back to it, never to an earlier request that was itself never written.
ALTER TABLE tasks ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN vendor_status TEXT;
ALTER TABLE tasks ADD COLUMN confirmed_status TEXT CHECK (confirmed_status IN ('pending', 'in_progress', 'completed'));
ALTER TABLE sync_jobs ADD COLUMN task_version BIGINT;
-- When the job was first deferred without calling its provider (Sync:MaxDeferral ends such a wait).
ALTER TABLE sync_jobs ADD COLUMN deferred_since TIMESTAMPTZ;

-- A job whose task got a newer change before it was written is superseded, not completed: nothing was written.
ALTER TABLE sync_jobs DROP CONSTRAINT sync_jobs_status_check;
ALTER TABLE sync_jobs ADD CONSTRAINT sync_jobs_status_check
    CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'superseded'));
UPDATE sync_jobs SET status = 'superseded' WHERE status = 'completed' AND (provider_result->>'superseded')::boolean;

WITH numbered AS (
    SELECT id, row_number() OVER (PARTITION BY task_id ORDER BY created_at, id) AS version FROM sync_jobs)
UPDATE sync_jobs j SET task_version = numbered.version FROM numbered WHERE numbered.id = j.id;
UPDATE tasks t SET version = COALESCE((SELECT max(task_version) FROM sync_jobs WHERE task_id = t.id), 0);
ALTER TABLE sync_jobs ALTER COLUMN task_version SET NOT NULL;

UPDATE tasks t SET vendor_status = seen.vendor_status, confirmed_status = seen.confirmed_status
FROM (
    SELECT DISTINCT ON (j.task_id) j.task_id, j.provider_result->>'vendorStatus' AS vendor_status,
           CASE WHEN (j.provider_result->>'done')::boolean THEN 'completed'
                WHEN j.target_status <> 'completed' THEN j.target_status
                ELSE j.original_data->>'status' END AS confirmed_status
    FROM sync_jobs j
    WHERE j.provider_result ? 'vendorStatus' AND (j.status = 'completed' OR j.resolution = 'kept-source')
    ORDER BY j.task_id, j.processed_at DESC) seen
WHERE seen.task_id = t.id;
UPDATE tasks t SET confirmed_status = COALESCE(
    (SELECT j.original_data->>'status' FROM sync_jobs j WHERE j.task_id = t.id ORDER BY j.task_version LIMIT 1),
    t.status)
WHERE confirmed_status IS NULL;
ALTER TABLE tasks ALTER COLUMN confirmed_status SET NOT NULL;

DROP INDEX idx_sync_jobs_task_id;
CREATE INDEX idx_sync_jobs_task_id ON sync_jobs(task_id, task_version DESC);
