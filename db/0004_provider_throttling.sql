-- Per provider connection limits shared by every worker: concurrency slots with leases (a crashed holder's slot
-- frees itself when its lease ends) and a token bucket for calls per minute.
CREATE TABLE provider_call_slots (
    circuit_key TEXT NOT NULL,
    slot        INTEGER NOT NULL,
    holder      UUID,
    lease_until TIMESTAMPTZ,
    PRIMARY KEY (circuit_key, slot)
);

CREATE TABLE provider_rate_buckets (
    circuit_key TEXT PRIMARY KEY,
    tokens      DOUBLE PRECISION NOT NULL,
    refilled_at TIMESTAMPTZ NOT NULL
);
