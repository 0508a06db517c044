-- A connection that needs the person to reconnect is news on their event stream, written here so the stream cannot
-- miss it whichever process found it. Such an event belongs to a provider, not to a task or a sync job.
CREATE OR REPLACE FUNCTION record_connection_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'needs_reconnect' AND OLD.status IS DISTINCT FROM 'needs_reconnect' THEN
        PERFORM emit_sync_event(
            NEW.user_id, 'connection.needs_reconnect', NULL, NULL, '', 0, NULL, NEW.last_error, NEW.provider, NULL);
    END IF;
    RETURN NULL;
END;
$$;
