-- The per-user write limit: one token bucket per user for every API node, refilled by elapsed time in
-- the statement that takes a token, so nodes share a budget rather than each keeping its own in memory.
CREATE TABLE user_write_buckets (
    user_key    TEXT PRIMARY KEY,
    tokens      DOUBLE PRECISION NOT NULL,
    refilled_at TIMESTAMPTZ NOT NULL
);
