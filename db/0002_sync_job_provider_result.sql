-- What the provider reported after a confirmed write (vendor status, done, and side effects such as a process
-- that advanced): the story's SyncResult.sourceResponse.
ALTER TABLE sync_jobs ADD COLUMN provider_result JSONB;
