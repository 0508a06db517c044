-- Fires record_connection_event (db/functions/record_connection_event.sql).
CREATE OR REPLACE TRIGGER provider_connections_record_event
    AFTER UPDATE OF status ON provider_connections
    FOR EACH ROW EXECUTE FUNCTION record_connection_event();
