-- Fires create_connection_watch (db/functions/create_connection_watch.sql).
CREATE OR REPLACE TRIGGER provider_connections_create_watch
    AFTER INSERT ON provider_connections
    FOR EACH ROW EXECUTE FUNCTION create_connection_watch();
