using Dapper;
using Npgsql;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// connection_watches (db/0015, db/0016): which connection's change feed is due, which of its containers a vendor
/// notified since its last read, who is reading it, and its cursor.
/// </summary>
public sealed class ConnectionWatchRepository(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// The NOTIFY channel that wakes watchers: a connection is due now (db/functions/create_connection_watch.sql).
    /// </summary>
    public const string WakeUpChannel = "syntaskio_connection_watch";

    /// <summary>
    /// A notified container no feed holds a cursor for: the connection's next read reads every container, and keeps
    /// its subscriptions (renewing those due, making those gone).
    /// </summary>
    public const string EveryContainer = "*";

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

    // A row is claimed for its provider's lease; the one that ends a poll clears it. A row is due when its poll is,
    // or at once when a vendor notified one of its containers (those first); the claim takes the notified containers,
    // so one notified while this read runs makes the row due again.
    private const string ClaimDueSql = $"""
        WITH due_now AS (
            SELECT due.connection_id, due.notified_containers, due.next_poll_at <= NOW() AS full_poll {ClaimableSql}
              AND (due.next_poll_at <= NOW() OR cardinality(due.notified_containers) > 0)
            ORDER BY cardinality(due.notified_containers) > 0 DESC, due.next_poll_at
            LIMIT @Batch
            FOR UPDATE OF due SKIP LOCKED)
        UPDATE connection_watches w
        SET claimed_until = NOW() + make_interval(secs => lease.seconds), notified_containers = ARRAY[]::text[]
        FROM due_now, provider_connections c, unnest(@Providers, @LeaseSeconds) AS lease(provider, seconds)
        WHERE w.connection_id = due_now.connection_id AND c.id = w.connection_id AND lease.provider = c.provider
        RETURNING w.cursor, due_now.notified_containers AS notified, due_now.full_poll,
            c.user_id, c.provider, c.id, c.base_url, c.encrypted_credentials, c.status
        """;

    // A full read schedules the next one; a read of notified containers only leaves that schedule as it was.
    private const string ReleaseSql = """
        UPDATE connection_watches SET cursor = COALESCE(@Cursor, cursor), claimed_until = NULL, polled_at = NOW(),
            next_poll_at = CASE WHEN @Full THEN NOW() + make_interval(secs => @IntervalSeconds)
                ELSE LEAST(next_poll_at, NOW() + make_interval(secs => @IntervalSeconds)) END,
            last_error = @Error
        WHERE connection_id = @ConnectionId
        """;

    private const string NotifiedSql = $"""
        UPDATE connection_watches w SET notified_containers = ARRAY(
            SELECT DISTINCT container FROM unnest(w.notified_containers || notified.containers) AS container)
        FROM (SELECT connection_id, array_agg(container) AS containers
              FROM unnest(@ConnectionIds, @Containers) AS pair(connection_id, container)
              GROUP BY connection_id) notified
        WHERE w.connection_id = notified.connection_id;
        SELECT pg_notify('{WakeUpChannel}', '')
        """;

    // The next time a watcher should look: when the soonest watched row becomes claimable and due (now, for a
    // notified one), counting the lease of a worker that may have died and a vendor's hold or open circuit, which
    // end without a NOTIFY; at most @Recheck away. Rows it may never claim (a provider not watched, an account to
    // reconnect) are not counted, or it would look again at once, forever; a reconnect NOTIFYs.
    private const string NextDueSql = """
        SELECT GREATEST(LEAST(
            MIN(GREATEST(
                CASE WHEN cardinality(due.notified_containers) > 0 THEN NOW() ELSE due.next_poll_at END,
                due.claimed_until, circuit.hold_until, circuit.open_until)) - NOW(),
            make_interval(secs => @RecheckSeconds)), INTERVAL '0')
        FROM connection_watches due JOIN provider_connections pc ON pc.id = due.connection_id
        LEFT JOIN provider_circuits circuit ON circuit.circuit_key = pc.provider || ':' || pc.id
        WHERE pc.provider = ANY(@Providers) AND pc.status = 'connected'
        """;

    /// <summary>
    /// Claims up to <paramref name="batch"/> due connections of these providers, each for its provider's lease
    /// (<paramref name="leases"/>, in the order of <paramref name="providers"/>).
    /// </summary>
    public async Task<IReadOnlyList<WatchedConnection>> ClaimDueAsync(
        string[] providers,
        TimeSpan[] leases,
        int batch,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var seconds = leases.Select(lease => lease.TotalSeconds).ToArray();
        var rows = await connection.QueryAsync<WatchRow>(
            new CommandDefinition(
                ClaimDueSql,
                new
                {
                    Providers = providers,
                    LeaseSeconds = seconds,
                    Batch = batch,
                },
                cancellationToken: cancellationToken
            )
        );
        return rows.Select(row => new WatchedConnection(
                row.UserId,
                row.Provider,
                row.Cursor,
                new StoredConnection
                {
                    Id = row.Id,
                    BaseUrl = row.BaseUrl,
                    EncryptedCredentials = row.EncryptedCredentials,
                    Status = row.Status,
                }
            )
            {
                Notified = row.FullPoll ? [] : row.Notified,
            })
            .ToList();
    }

    /// <summary>
    /// Ends a poll: the new cursor (null keeps the old one) and when to look next; after a read of notified
    /// containers only, the scheduled full read stays as it was unless <paramref name="nextIn"/> is sooner.
    /// </summary>
    public async Task ReleaseAsync(
        WatchedConnection watched,
        string? cursor,
        TimeSpan nextIn,
        string? error,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            new CommandDefinition(
                ReleaseSql,
                new
                {
                    ConnectionId = watched.Connection.Id,
                    Cursor = cursor,
                    Full = watched.Notified.Count == 0,
                    IntervalSeconds = nextIn.TotalSeconds,
                    Error = error,
                },
                cancellationToken: cancellationToken
            )
        );
    }

    /// <summary>Marks containers a vendor notified (each read at once) and wakes the watchers.</summary>
    public async Task NotifiedAsync(
        IReadOnlyCollection<(Guid ConnectionId, string Container)> notified,
        CancellationToken cancellationToken
    )
    {
        if (notified.Count == 0)
            return;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            new CommandDefinition(
                NotifiedSql,
                new
                {
                    ConnectionIds = notified.Select(each => each.ConnectionId).ToArray(),
                    Containers = notified.Select(each => each.Container).ToArray(),
                },
                cancellationToken: cancellationToken
            )
        );
    }

    /// <summary>How long until a watched connection is claimable and due, at most <paramref name="recheck"/>.</summary>
    public async Task<TimeSpan> NextDueInAsync(
        string[] providers,
        TimeSpan recheck,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var command = new CommandDefinition(
            NextDueSql,
            new { Providers = providers, RecheckSeconds = recheck.TotalSeconds },
            cancellationToken: cancellationToken
        );
        return await connection.ExecuteScalarAsync<TimeSpan?>(command) ?? recheck;
    }

    private sealed class WatchRow
    {
        public string? Cursor { get; init; }
        public string[] Notified { get; init; } = [];
        public bool FullPoll { get; init; }
        public Guid UserId { get; init; }
        public string Provider { get; init; } = "";
        public Guid Id { get; init; }
        public string BaseUrl { get; init; } = "";
        public byte[] EncryptedCredentials { get; init; } = [];
        public string Status { get; init; } = "";
    }
}

/// <summary>
/// A connection claimed for one read of its change feed, with the cursor its last read left. <see cref="Notified"/>
/// are the containers a vendor notified when only those need reading; empty, the whole feed is read.
/// </summary>
public sealed record WatchedConnection(Guid UserId, string Provider, string? Cursor, StoredConnection Connection)
{
    public IReadOnlyList<string> Notified { get; init; } = [];
}
