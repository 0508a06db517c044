-- A write whose answer was lost may have landed: its attempt says so, and a sync that then fails for good is a dead
-- letter of its own kind, not rolled back, until a read of the vendor settles it.
ALTER TABLE sync_attempts DROP CONSTRAINT IF EXISTS sync_attempts_outcome_check;
ALTER TABLE sync_attempts ADD CONSTRAINT sync_attempts_outcome_check
    CHECK (outcome IN ('succeeded', 'retryable_error', 'permanent_error', 'unknown_outcome'));
ALTER TABLE sync_jobs DROP CONSTRAINT IF EXISTS sync_jobs_failure_kind_check;
ALTER TABLE sync_jobs ADD CONSTRAINT sync_jobs_failure_kind_check
    CHECK (failure_kind IN ('permanent', 'conflict', 'unknown_outcome'));
-- Set while a write to the task may have landed unseen (an attempt with an unknown outcome), until a read of the
-- vendor or a confirmed write says what the source holds: until then what the source last confirmed is not known,
-- so a failure keeps the person's status instead of rolling back to it.
ALTER TABLE tasks ADD COLUMN outcome_unknown BOOLEAN NOT NULL DEFAULT false;
