-- Counts a new event stream of a person and closes the oldest ones past the limit: each is deleted and named on the
-- event_stream_closes channel, where the API process serving it ends it with stream.closed. The person's streams are
-- counted under a lock of their own, so two streams opened at once on two nodes cannot both fit in the last place.
CREATE OR REPLACE FUNCTION open_event_stream(
    stream_subject TEXT, stream_id UUID, max_streams INTEGER, lease INTERVAL)
RETURNS SETOF UUID LANGUAGE plpgsql AS $$
DECLARE
    closed UUID;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('event_streams:' || stream_subject, 0));
    DELETE FROM event_streams WHERE subject = stream_subject AND seen_at < NOW() - lease;
    INSERT INTO event_streams (id, subject) VALUES (stream_id, stream_subject);
    FOR closed IN
        DELETE FROM event_streams WHERE id IN (
            SELECT s.id FROM event_streams s WHERE s.subject = stream_subject
            ORDER BY s.opened_at DESC, s.id OFFSET max_streams)
        RETURNING id
    LOOP
        PERFORM pg_notify('event_stream_closes', closed::TEXT);
        RETURN NEXT closed;
    END LOOP;
END;
$$;
