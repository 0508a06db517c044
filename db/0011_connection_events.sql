-- A connection that needs the person to reconnect is news on their event stream
-- (db/functions/record_connection_event.sql). Such an event belongs to a provider, not to a task or a sync job.
ALTER TABLE sync_events ALTER COLUMN task_id DROP NOT NULL;
ALTER TABLE sync_events ALTER COLUMN sync_job_id DROP NOT NULL;
ALTER TABLE sync_events ADD COLUMN provider TEXT;

