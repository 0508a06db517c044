-- Each connection has one watch row from the moment it exists. Watchers sleep until the soonest due poll of a
-- connected account; a new or reconnected one may be due at once, so it wakes them (the channel
-- ConnectionWatchRepository.WakeUpChannel names).
CREATE OR REPLACE FUNCTION create_connection_watch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO connection_watches (connection_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    PERFORM pg_notify('syntaskio_connection_watch', '');
    RETURN NULL;
END;
$$;
