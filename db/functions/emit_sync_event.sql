-- The one place an event is written to a person's stream and announced. Every event of a sync, a connection or a
-- vendor change is written through it, in the transaction that made the change, so the stream cannot disagree
-- with the tables. The NOTIFY (delivered at commit) carries the person's subject, which the API's streams are keyed
-- by, on the channel SyncEventRepository.Channel names; PostgreSQL folds identical notifications of one transaction
-- into one. A connection of the API's accept pool says its transactions announce nothing (syntaskio.announce): the
-- API's AcceptAnnouncer sends the NOTIFY once the change has committed.
CREATE OR REPLACE FUNCTION emit_sync_event(
    event_user_id UUID, event_type TEXT, event_task_id UUID, event_sync_job_id UUID, event_task_status TEXT,
    event_attempt INTEGER, event_next_attempt_at TIMESTAMPTZ, event_error TEXT, event_provider TEXT,
    event_vendor_status TEXT)
RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO sync_events (user_id, type, task_id, sync_job_id, task_status, attempt, next_attempt_at, error,
                             provider, vendor_status)
    VALUES (event_user_id, event_type, event_task_id, event_sync_job_id, event_task_status, event_attempt,
            event_next_attempt_at, event_error, event_provider, event_vendor_status);
    IF current_setting('syntaskio.announce', true) IS DISTINCT FROM 'after_commit' THEN
        PERFORM pg_notify('sync_events', u.external_id) FROM users u WHERE u.id = event_user_id;
    END IF;
END;
$$;
