-- Fires create_connection_watch (db/functions/create_connection_watch.sql) for a new connection and for one connected
-- again (a reconnect is an upsert: its update path fires no INSERT trigger).
CREATE OR REPLACE TRIGGER provider_connections_create_watch
    AFTER INSERT OR UPDATE OF status ON provider_connections
    FOR EACH ROW WHEN (NEW.status = 'connected') EXECUTE FUNCTION create_connection_watch();
