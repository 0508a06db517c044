-- A write whose answer was lost may have landed: its attempt says so, and a sync that then fails for good is a dead
-- letter of its own kind, not rolled back, until a read of the vendor settles it.
ALTER TABLE sync_attempts DROP CONSTRAINT IF EXISTS sync_attempts_outcome_check;
ALTER TABLE sync_attempts ADD CONSTRAINT sync_attempts_outcome_check
    CHECK (outcome IN ('succeeded', 'retryable_error', 'permanent_error', 'unknown_outcome'));
ALTER TABLE sync_jobs DROP CONSTRAINT IF EXISTS sync_jobs_failure_kind_check;
ALTER TABLE sync_jobs ADD CONSTRAINT sync_jobs_failure_kind_check
    CHECK (failure_kind IN ('permanent', 'conflict', 'unknown_outcome'));
