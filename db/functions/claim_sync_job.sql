-- Claiming a sync job for a write, in one call: lock the task, check it, claim the job (or supersede it), read
-- the connection and its circuit. It is a function rather than one statement because the checks must see every
-- change committed while this claim waited for the task's lock: in READ COMMITTED each statement of a function takes
-- a fresh snapshot, where one statement keeps the snapshot it started with. Outcome: 'claimed' (with the work),
-- 'done', 'superseded' or 'busy'.
--
-- Which states a job may be claimed or superseded from is SyncLifecycle's to say: the caller passes them as
-- claimable. A processing job counts as running (so a dashboard Requeue of it must not write it twice) while its
-- claim is younger than the lease. The expected vendor status is what we last saw at the vendor, unless the change
-- is forced (the user's "push ours"). due_at is when a retry may call the provider: Hangfire may start it early.
DROP FUNCTION IF EXISTS claim_sync_job(UUID, DOUBLE PRECISION, BOOLEAN);
CREATE OR REPLACE FUNCTION claim_sync_job(
    job_id UUID, lease_seconds DOUBLE PRECISION, reclaim BOOLEAN, claimable TEXT[])
RETURNS TABLE (
    outcome TEXT, id UUID, user_id UUID, source TEXT, target_status TEXT, restore_state TEXT,
    expected_vendor_status TEXT, attempts INTEGER, created_at TIMESTAMPTZ, due_at TIMESTAMPTZ,
    deferred_since TIMESTAMPTZ, kind TEXT, external_id TEXT, external_container_id TEXT,
    connection_id UUID, connection_base_url TEXT, connection_credentials BYTEA, connection_status TEXT,
    circuit_failures INTEGER, circuit_open_until TIMESTAMPTZ, circuit_hold_until TIMESTAMPTZ)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    job_status TEXT;
    has_newer BOOLEAN;
    is_running BOOLEAN;
    sibling_in_flight BOOLEAN;
    lease INTERVAL := make_interval(secs => lease_seconds);
BEGIN
    SELECT j.status INTO job_status
    FROM sync_jobs j JOIN tasks t ON t.id = j.task_id
    WHERE j.id = job_id
    FOR UPDATE OF t;
    IF NOT FOUND OR NOT (job_status = ANY (claimable)) THEN
        RETURN QUERY SELECT 'done'::TEXT, NULL::UUID, NULL::UUID, NULL, NULL, NULL, NULL, NULL::INTEGER,
            NULL::TIMESTAMPTZ, NULL::TIMESTAMPTZ, NULL::TIMESTAMPTZ, NULL, NULL, NULL, NULL::UUID, NULL, NULL::BYTEA,
            NULL, NULL::INTEGER, NULL::TIMESTAMPTZ, NULL::TIMESTAMPTZ;
        RETURN;
    END IF;

    SELECT j.task_version < t.version,
           j.status = 'processing' AND j.updated_at > NOW() - lease,
           EXISTS (SELECT 1 FROM sync_jobs s WHERE s.task_id = j.task_id AND s.id <> j.id AND s.status = 'processing'
                   AND s.updated_at > NOW() - lease)
    INTO has_newer, is_running, sibling_in_flight
    FROM sync_jobs j JOIN tasks t ON t.id = j.task_id
    WHERE j.id = job_id;

    IF has_newer THEN
        UPDATE sync_jobs SET status = 'superseded', error = NULL, processed_at = NOW(), updated_at = NOW(),
            provider_result = jsonb_build_object('superseded', true,
                'detail', 'a newer change to this task was requested; no write was made')
        WHERE sync_jobs.id = job_id;
        RETURN QUERY SELECT 'superseded'::TEXT, NULL::UUID, NULL::UUID, NULL, NULL, NULL, NULL, NULL::INTEGER,
            NULL::TIMESTAMPTZ, NULL::TIMESTAMPTZ, NULL::TIMESTAMPTZ, NULL, NULL, NULL, NULL::UUID, NULL, NULL::BYTEA,
            NULL, NULL::INTEGER, NULL::TIMESTAMPTZ, NULL::TIMESTAMPTZ;
        RETURN;
    END IF;
    IF (is_running AND NOT reclaim) OR sibling_in_flight THEN
        RETURN QUERY SELECT 'busy'::TEXT, NULL::UUID, NULL::UUID, NULL, NULL, NULL, NULL, NULL::INTEGER,
            NULL::TIMESTAMPTZ, NULL::TIMESTAMPTZ, NULL::TIMESTAMPTZ, NULL, NULL, NULL, NULL::UUID, NULL, NULL::BYTEA,
            NULL, NULL::INTEGER, NULL::TIMESTAMPTZ, NULL::TIMESTAMPTZ;
        RETURN;
    END IF;

    -- Attempts count provider calls, so the claim returns the next call's number.
    RETURN QUERY
    WITH claimed AS (
        UPDATE sync_jobs SET status = 'processing', updated_at = NOW()
        WHERE sync_jobs.id = job_id
        RETURNING sync_jobs.id, sync_jobs.user_id, sync_jobs.source, sync_jobs.task_id, sync_jobs.target_status,
                  sync_jobs.original_data, sync_jobs.attempts, sync_jobs.created_at, sync_jobs.scheduled_at,
                  sync_jobs.deferred_since)
    SELECT 'claimed'::TEXT, c.id, c.user_id, c.source, c.target_status,
           NULLIF((c.original_data->'restore')::TEXT, 'null'),
           CASE WHEN (c.original_data->>'force')::BOOLEAN THEN NULL ELSE t.vendor_status END,
           c.attempts + 1, c.created_at, c.scheduled_at, c.deferred_since,
           t.kind, t.external_id, t.external_container_id,
           pc.id, pc.base_url, pc.encrypted_credentials, pc.status,
           pcirc.consecutive_failures, pcirc.open_until, pcirc.hold_until
    FROM claimed c
    JOIN tasks t ON t.id = c.task_id
    LEFT JOIN provider_connections pc ON pc.user_id = c.user_id AND pc.provider = c.source
    LEFT JOIN provider_circuits pcirc ON pcirc.circuit_key = c.source || ':' || pc.id;
END;
$$;
