-- Circuit breaker and provider back-pressure state per provider connection, shared by every worker process.
-- open_until in the future: no call may be made (the circuit is open, or the provider's Retry-After holds).
CREATE TABLE provider_circuits (
    circuit_key          TEXT PRIMARY KEY,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    open_until           TIMESTAMPTZ,
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
