using Dapper;
using Npgsql;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// connection_watches (db/0015): which connection's change feed is due, who is reading it, and its cursor.
/// </summary>
public sealed class ConnectionWatchRepository(NpgsqlDataSource dataSource)
{
    /// <summary>The NOTIFY channel that wakes watchers: a connection is due now (db/0016).</summary>
    public const string WakeUpChannel = "syntaskio_connection_watch";

    // The rows a watcher may claim: watched providers' connected accounts, not held by another worker's lease.
    // Connections that need reconnecting, and those of providers not watched, wait; so does a connection the vendor
    // asked to wait (Retry-After) or whose circuit is open (provider_circuits, keyed as the sync pipeline keys it).
    private const string ClaimableSql = """
        FROM connection_watches due JOIN provider_connections pc ON pc.id = due.connection_id
        LEFT JOIN provider_circuits circuit ON circuit.circuit_key = pc.provider || ':' || pc.id
        WHERE pc.provider = ANY(@Providers) AND pc.status = 'connected'
          AND (due.claimed_until IS NULL OR due.claimed_until < NOW())
          AND COALESCE(GREATEST(circuit.hold_until, circuit.open_until), '-infinity') <= NOW()
        """;

    // A row is claimed for its provider's lease; the one that ends a poll clears it. The claim's poll answers any
    // request for a poll made before it.
    private const string ClaimDueSql = $"""
        UPDATE connection_watches w
        SET claimed_until = NOW() + make_interval(secs => lease.seconds), poll_requested = FALSE
        FROM provider_connections c, unnest(@Providers, @LeaseSeconds) AS lease(provider, seconds)
        WHERE c.id = w.connection_id AND lease.provider = c.provider AND w.connection_id IN (
            SELECT due.connection_id {ClaimableSql} AND due.next_poll_at <= NOW()
            ORDER BY due.next_poll_at
            LIMIT @Batch
            FOR UPDATE OF due SKIP LOCKED)
        RETURNING w.cursor, c.user_id, c.provider, c.id, c.base_url, c.encrypted_credentials, c.status
        """;

    // A poll asked for while this one ran (a notification of a change it may have missed) is due at once.
    private const string ReleaseSql = """
        UPDATE connection_watches SET cursor = COALESCE(@Cursor, cursor), claimed_until = NULL, polled_at = NOW(),
            next_poll_at = CASE WHEN poll_requested THEN NOW()
                ELSE NOW() + make_interval(secs => @IntervalSeconds) END,
            last_error = @Error
        WHERE connection_id = @ConnectionId
        """;

    private const string PollNowSql = $"""
        UPDATE connection_watches SET poll_requested = TRUE, next_poll_at = LEAST(next_poll_at, NOW())
        WHERE connection_id = ANY(@ConnectionIds);
        SELECT pg_notify('{WakeUpChannel}', '')
        """;

    // The next time a watcher should look: the soonest claimable row, at most @Recheck away (a hold or a dead
    // worker's lease ends without a NOTIFY). Counting rows it may not claim (a provider not watched) would make it
    // look again at once, forever.
    private const string NextDueSql = $"""
        SELECT GREATEST(LEAST(MIN(due.next_poll_at) - NOW(), make_interval(secs => @RecheckSeconds)), INTERVAL '0')
        {ClaimableSql}
        """;

    /// <summary>
    /// Claims up to <paramref name="batch"/> due connections of these providers, each for its provider's lease
    /// (<paramref name="leases"/>, in the order of <paramref name="providers"/>).
    /// </summary>
    public async Task<IReadOnlyList<WatchedConnection>> ClaimDueAsync(
        string[] providers, TimeSpan[] leases, int batch, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var seconds = leases.Select(lease => lease.TotalSeconds).ToArray();
        var rows = await connection.QueryAsync<WatchRow>(new CommandDefinition(ClaimDueSql,
            new { Providers = providers, LeaseSeconds = seconds, Batch = batch },
            cancellationToken: cancellationToken));
        return rows.Select(row => new WatchedConnection(row.UserId, row.Provider, row.Cursor, new StoredConnection
        {
            Id = row.Id, BaseUrl = row.BaseUrl, EncryptedCredentials = row.EncryptedCredentials, Status = row.Status,
        })).ToList();
    }

    /// <summary>Ends a poll: the new cursor (null keeps the old one) and when to look next.</summary>
    public async Task ReleaseAsync(
        Guid connectionId, string? cursor, TimeSpan nextIn, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(ReleaseSql, new
        {
            ConnectionId = connectionId, Cursor = cursor, IntervalSeconds = nextIn.TotalSeconds, Error = error,
        }, cancellationToken: cancellationToken));
    }

    /// <summary>Marks the connections due now (also after a poll running now) and wakes the watchers.</summary>
    public async Task PollNowAsync(IReadOnlyCollection<Guid> connectionIds, CancellationToken cancellationToken)
    {
        if (connectionIds.Count == 0) return;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            PollNowSql, new { ConnectionIds = connectionIds.ToArray() }, cancellationToken: cancellationToken));
    }

    /// <summary>How long until a claimable connection is due, at most <paramref name="recheck"/>.</summary>
    public async Task<TimeSpan> NextDueInAsync(
        string[] providers, TimeSpan recheck, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var command = new CommandDefinition(NextDueSql,
            new { Providers = providers, RecheckSeconds = recheck.TotalSeconds }, cancellationToken: cancellationToken);
        return await connection.ExecuteScalarAsync<TimeSpan?>(command) ?? recheck;
    }

    private sealed class WatchRow
    {
        public string? Cursor { get; init; }
        public Guid UserId { get; init; }
        public string Provider { get; init; } = "";
        public Guid Id { get; init; }
        public string BaseUrl { get; init; } = "";
        public byte[] EncryptedCredentials { get; init; } = [];
        public string Status { get; init; } = "";
    }
}

/// <summary>A connection claimed for one poll of its change feed, with the cursor its last poll left.</summary>
public sealed record WatchedConnection(Guid UserId, string Provider, string? Cursor, StoredConnection Connection);
