-- Users come from the identity provider: external_id is the token's `sub`.
CREATE TABLE users (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    external_id TEXT NOT NULL UNIQUE,
    email       TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

-- One connection per user and provider. Credentials are AES-GCM ciphertext: a dump shows no token in clear.
CREATE TABLE provider_connections (
    id                    UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id               UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    provider              TEXT NOT NULL CHECK (provider IN ('microsoft', 'connectwise', 'processplan')),
    base_url              TEXT NOT NULL,
    encrypted_credentials BYTEA NOT NULL,
    token_expires_at      TIMESTAMPTZ,
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    UNIQUE (user_id, provider)
);

-- external_container_id is the object that holds the task at the vendor: a To Do list, a ticket, a process.
CREATE TABLE tasks (
    id                    UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id               UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    source                TEXT NOT NULL CHECK (source IN ('microsoft', 'connectwise', 'processplan')),
    kind                  TEXT NOT NULL,
    external_id           TEXT NOT NULL,
    external_container_id TEXT,
    title                 TEXT NOT NULL,
    status                TEXT NOT NULL CHECK (status IN ('pending', 'in_progress', 'completed')),
    created_at            TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_tasks_user_id ON tasks(user_id);
CREATE UNIQUE INDEX idx_tasks_external_key
    ON tasks(user_id, source, kind, COALESCE(external_container_id, ''), external_id);

-- The story's schema, plus the Hangfire job that carries it and the client's idempotency key.
CREATE TABLE sync_jobs (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    task_id         UUID NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    user_id         UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    source          TEXT NOT NULL,
    action          TEXT NOT NULL CHECK (action IN ('complete', 'reopen', 'start', 'update')),
    target_status   TEXT NOT NULL,
    original_data   JSONB,
    attempts        INTEGER DEFAULT 0,
    max_attempts    INTEGER DEFAULT 5,
    status          TEXT DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
    error           TEXT,
    scheduled_at    TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    processed_at    TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    hangfire_job_id TEXT,
    idempotency_key TEXT,
    UNIQUE (user_id, idempotency_key)
);
CREATE INDEX idx_sync_jobs_status ON sync_jobs(status);
CREATE INDEX idx_sync_jobs_scheduled_at ON sync_jobs(scheduled_at);
CREATE INDEX idx_sync_jobs_user_id ON sync_jobs(user_id);
CREATE INDEX idx_sync_jobs_task_id ON sync_jobs(task_id, created_at DESC);

-- One row per provider call: the audit trail of every attempt.
CREATE TABLE sync_attempts (
    id          BIGSERIAL PRIMARY KEY,
    sync_job_id UUID NOT NULL REFERENCES sync_jobs(id) ON DELETE CASCADE,
    attempt     INTEGER NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    duration_ms INTEGER NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('succeeded', 'retryable_error', 'permanent_error')),
    http_status INTEGER,
    error       TEXT
);
CREATE INDEX idx_sync_attempts_sync_job_id ON sync_attempts(sync_job_id);
