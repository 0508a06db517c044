-- A connection that needs the person to reconnect is news on their event stream (issue 12), written by a trigger like
-- the sync events so the stream cannot miss it whichever process found it. Such an event belongs to a provider,
-- not to a task or a sync job.
ALTER TABLE sync_events ALTER COLUMN task_id DROP NOT NULL;
ALTER TABLE sync_events ALTER COLUMN sync_job_id DROP NOT NULL;
ALTER TABLE sync_events ADD COLUMN provider TEXT;

CREATE FUNCTION record_connection_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'needs_reconnect' AND OLD.status IS DISTINCT FROM 'needs_reconnect' THEN
        INSERT INTO sync_events (user_id, type, task_status, attempt, error, provider)
        VALUES (NEW.user_id, 'connection.needs_reconnect', '', 0, NEW.last_error, NEW.provider);
        PERFORM pg_notify('sync_events', u.external_id) FROM users u WHERE u.id = NEW.user_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER provider_connections_record_event
    AFTER UPDATE OF status ON provider_connections
    FOR EACH ROW EXECUTE FUNCTION record_connection_event();
