-- The watcher asks on every poll of a connection whether it has tasks whose write's outcome is unknown; there are
-- almost never any, and this index answers that without reading the person's tasks.
CREATE INDEX idx_tasks_outcome_unknown ON tasks(user_id, source) WHERE outcome_unknown;
