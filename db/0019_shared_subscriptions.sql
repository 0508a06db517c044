-- One ConnectWise callback per company, shared by that company's connections: each connection keeps a row naming
-- the shared callback (the same subscription id and clientState hash), and scope says what it is shared by
-- ({site}|{companyId}; NULL for a subscription of one connection's own, as Graph's per-list ones are).
ALTER TABLE change_subscriptions DROP CONSTRAINT change_subscriptions_pkey;
ALTER TABLE change_subscriptions DROP CONSTRAINT change_subscriptions_connection_id_container_id_key;
ALTER TABLE change_subscriptions ADD PRIMARY KEY (connection_id, container_id);
ALTER TABLE change_subscriptions ADD COLUMN scope TEXT;
DROP INDEX idx_change_subscriptions_client_state_hash;
CREATE INDEX idx_change_subscriptions_client_state_hash ON change_subscriptions(client_state_hash);
CREATE INDEX idx_change_subscriptions_subscription_id ON change_subscriptions(subscription_id);
CREATE INDEX idx_change_subscriptions_scope ON change_subscriptions(scope, container_id) WHERE scope IS NOT NULL;
