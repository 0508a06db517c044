using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;
using Syntaskio.Providers.Inbound;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// change_subscriptions (db/0016): the vendor's subscriptions of each connection, and the proof (a hash of the
/// clientState) that a notification naming one came from the vendor.
/// </summary>
public sealed class ChangeSubscriptionRepository(NpgsqlDataSource dataSource)
{
    private const string ListSql = """
        SELECT subscription_id AS id, container_id, expires_at FROM change_subscriptions
        WHERE connection_id = @ConnectionId
        """;

    // One subscription per container: a new one for a container replaces the row of one the vendor lost, and a new
    // shared one replaces it for every connection that shares it.
    private const string SaveSql = """
        WITH saved AS (
            INSERT INTO change_subscriptions (subscription_id, connection_id, container_id, client_state_hash,
                                              expires_at, scope)
            VALUES (@Id, @ConnectionId, @ContainerId, @Hash, @ExpiresAt, @Scope)
            ON CONFLICT (connection_id, container_id) DO UPDATE SET subscription_id = EXCLUDED.subscription_id,
                client_state_hash = EXCLUDED.client_state_hash, expires_at = EXCLUDED.expires_at,
                scope = EXCLUDED.scope)
        UPDATE change_subscriptions SET subscription_id = @Id, client_state_hash = @Hash, expires_at = @ExpiresAt
        WHERE @Scope::text IS NOT NULL AND scope = @Scope AND container_id = @ContainerId
          AND connection_id <> @ConnectionId
        """;

    // A connection joins the subscription its scope (its company) already has, rather than making another.
    private const string JoinSql = """
        INSERT INTO change_subscriptions (subscription_id, connection_id, container_id, client_state_hash, expires_at,
                                          scope)
        SELECT subscription_id, @ConnectionId, container_id, client_state_hash, expires_at, scope
        FROM change_subscriptions WHERE scope = @Scope AND container_id = @ContainerId
        LIMIT 1
        ON CONFLICT (connection_id, container_id) DO NOTHING
        RETURNING subscription_id
        """;

    private const string LockScopeSql = "SELECT pg_advisory_lock(hashtextextended(@Scope, 0))";

    private const string UnlockScopeSql = "SELECT pg_advisory_unlock(hashtextextended(@Scope, 0))";

    // The subscriptions a connection alone holds: ended at the vendor when it goes.
    private const string HeldAloneSql = """
        SELECT s.subscription_id FROM change_subscriptions s
        WHERE s.connection_id = @ConnectionId AND NOT EXISTS (
            SELECT 1 FROM change_subscriptions o
            WHERE o.subscription_id = s.subscription_id AND o.connection_id <> s.connection_id)
        """;

    private const string RenewedSql = """
        UPDATE change_subscriptions SET expires_at = @ExpiresAt WHERE subscription_id = @Id
        """;

    private const string RemoveSql = "DELETE FROM change_subscriptions WHERE subscription_id = @Id";

    // Due for renewal at the next read of its connection.
    private const string ExpireSql = "UPDATE change_subscriptions SET expires_at = NOW() WHERE subscription_id = @Id";

    // A notification counts only when it names a subscription we hold and carries that subscription's clientState.
    private const string ConnectionsNotifiedSql = """
        SELECT DISTINCT s.subscription_id AS SubscriptionId, s.connection_id AS ConnectionId,
               s.container_id AS ContainerId
        FROM change_subscriptions s
        JOIN unnest(@Ids, @Hashes) AS notified(id, hash) ON notified.id = s.subscription_id
        WHERE s.client_state_hash = notified.hash
        """;

    // A callback that names its connections by the secret in its address counts for each whose person has the
    // record: a ticket, or the ticket a task of theirs is on. A company's callback is shared by its connections.
    private const string ConnectionOfRecordSql = """
        SELECT s.connection_id, s.container_id
        FROM change_subscriptions s JOIN provider_connections c ON c.id = s.connection_id
        WHERE s.client_state_hash = @Hash AND EXISTS (
            SELECT 1 FROM tasks t WHERE t.user_id = c.user_id AND t.source = c.provider
              AND (t.external_id = @RecordId OR t.external_container_id = @RecordId))
        """;

    public async Task<IReadOnlyList<ChangeSubscription>> ListAsync(Guid connectionId, CancellationToken token)
    {
        await using var connection = await dataSource.OpenConnectionAsync(token);
        var rows = await connection.QueryAsync<SubscriptionRow>(
            new CommandDefinition(ListSql, new { ConnectionId = connectionId }, cancellationToken: token)
        );
        return rows.Select(row => new ChangeSubscription(row.Id, row.ContainerId, row.ExpiresAt)).ToList();
    }

    public async Task SaveAsync(
        Guid connectionId,
        ChangeSubscription subscription,
        string clientState,
        string? scope,
        CancellationToken token
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(token);
        await connection.ExecuteAsync(
            new CommandDefinition(
                SaveSql,
                new
                {
                    subscription.Id,
                    ConnectionId = connectionId,
                    subscription.ContainerId,
                    Hash = HashOf(clientState),
                    ExpiresAt = subscription.ExpiresAt.ToUniversalTime(),
                    Scope = scope,
                },
                cancellationToken: token
            )
        );
    }

    public async Task RenewedAsync(string subscriptionId, DateTimeOffset expiresAt, CancellationToken token)
    {
        await using var connection = await dataSource.OpenConnectionAsync(token);
        await connection.ExecuteAsync(
            new CommandDefinition(
                RenewedSql,
                new { Id = subscriptionId, ExpiresAt = expiresAt.ToUniversalTime() },
                cancellationToken: token
            )
        );
    }

    public async Task RemoveAsync(string subscriptionId, CancellationToken token)
    {
        await using var connection = await dataSource.OpenConnectionAsync(token);
        await connection.ExecuteAsync(
            new CommandDefinition(RemoveSql, new { Id = subscriptionId }, cancellationToken: token)
        );
    }

    /// <summary>The connections and containers that notifications name with their subscription's own clientState.
    /// </summary>
    public async Task<IReadOnlyList<NotifiedSubscription>> ConnectionsNotifiedAsync(
        IReadOnlyList<(string SubscriptionId, string ClientState)> notifications,
        CancellationToken token
    )
    {
        if (notifications.Count == 0)
            return [];
        await using var connection = await dataSource.OpenConnectionAsync(token);
        var rows = await connection.QueryAsync<NotifiedSubscription>(
            new CommandDefinition(
                ConnectionsNotifiedSql,
                new
                {
                    Ids = notifications.Select(each => each.SubscriptionId).ToArray(),
                    Hashes = notifications.Select(each => HashOf(each.ClientState)).ToArray(),
                },
                cancellationToken: token
            )
        );
        return rows.ToList();
    }

    /// <summary>The vendor asked for a subscription to be renewed: its connection's next read renews it.</summary>
    public async Task ExpireAsync(string subscriptionId, CancellationToken token)
    {
        await using var connection = await dataSource.OpenConnectionAsync(token);
        await connection.ExecuteAsync(
            new CommandDefinition(ExpireSql, new { Id = subscriptionId }, cancellationToken: token)
        );
    }

    /// <summary>
    /// The connection and container whose subscription's secret this is, when its person has the record as a task.
    /// </summary>
    public async Task<IReadOnlyList<(Guid ConnectionId, string Container)>> ConnectionsOfRecordAsync(
        string secret,
        string recordId,
        CancellationToken token
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(token);
        var rows = await connection.QueryAsync<(Guid, string)>(
            new CommandDefinition(
                ConnectionOfRecordSql,
                new { Hash = HashOf(secret), RecordId = recordId },
                cancellationToken: token
            )
        );
        return rows.ToList();
    }

    /// <summary>
    /// Makes <paramref name="connectionId"/> a holder of the subscription its <paramref name="scope"/> already has
    /// for the container: its id, or null when the scope has none yet.
    /// </summary>
    public async Task<string?> JoinAsync(Guid connectionId, string scope, string containerId, CancellationToken token)
    {
        await using var connection = await dataSource.OpenConnectionAsync(token);
        return await connection.QuerySingleOrDefaultAsync<string?>(
            new CommandDefinition(
                JoinSql,
                new
                {
                    ConnectionId = connectionId,
                    Scope = scope,
                    ContainerId = containerId,
                },
                cancellationToken: token
            )
        );
    }

    /// <summary>
    /// Holds the scope's subscriptions until disposed, in every process: connections of one company polled at once
    /// would otherwise each make a callback. Held for a vendor call or two, so waiting for it is short.
    /// </summary>
    public async Task<IAsyncDisposable> LockScopeAsync(string scope, CancellationToken token)
    {
        var connection = await dataSource.OpenConnectionAsync(token);
        await connection.ExecuteAsync(
            new CommandDefinition(LockScopeSql, new { Scope = scope }, cancellationToken: token)
        );
        return new ScopeLock(connection, scope);
    }

    private sealed class ScopeLock(NpgsqlConnection connection, string scope) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await connection.ExecuteAsync(UnlockScopeSql, new { Scope = scope });
            await connection.DisposeAsync();
        }
    }

    /// <summary>The subscriptions no connection but <paramref name="connectionId"/> holds.</summary>
    public async Task<IReadOnlyList<string>> HeldAloneAsync(Guid connectionId, CancellationToken token)
    {
        await using var connection = await dataSource.OpenConnectionAsync(token);
        var rows = await connection.QueryAsync<string>(
            new CommandDefinition(HeldAloneSql, new { ConnectionId = connectionId }, cancellationToken: token)
        );
        return rows.ToList();
    }

    // The clientState is a random secret of 256 bits: a plain hash keeps it out of the database, and matching hashes
    // in SQL leaks nothing an attacker can use.
    private static byte[] HashOf(string clientState) => SHA256.HashData(Encoding.UTF8.GetBytes(clientState));

    private sealed class SubscriptionRow
    {
        public string Id { get; init; } = "";
        public string ContainerId { get; init; } = "";
        public DateTime ExpiresAt { get; init; }
    }
}

/// <summary>A subscription a notification named with its own clientState: whose, and for which container.</summary>
public sealed record NotifiedSubscription(string SubscriptionId, Guid ConnectionId, string ContainerId);
