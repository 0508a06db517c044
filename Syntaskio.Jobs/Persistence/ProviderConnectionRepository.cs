using Dapper;
using Npgsql;
using Syntaskio.Jobs.Security;
using Syntaskio.Providers;

namespace Syntaskio.Jobs.Persistence;

/// <summary>provider_connections: credentials are encrypted on the way in and decrypted only in memory.</summary>
public sealed class ProviderConnectionRepository(NpgsqlDataSource dataSource, CredentialProtector protector)
    : IConnectionCredentialStore
{
    private const string LockSql = """
        SELECT user_id, provider, encrypted_credentials FROM provider_connections WHERE id = @Id FOR UPDATE
        """;

    private const string SaveSql = """
        UPDATE provider_connections SET encrypted_credentials = @EncryptedCredentials, token_expires_at = @ExpiresAt,
            updated_at = NOW()
        WHERE id = @Id
        """;

    private const string FindSql = """
        SELECT id, base_url, encrypted_credentials, status FROM provider_connections
        WHERE user_id = @UserId AND provider = @Provider
        """;

    private const string FindForSubjectSql = """
        SELECT u.id AS user_id, c.id, c.base_url, c.encrypted_credentials, c.status
        FROM provider_connections c JOIN users u ON u.id = c.user_id
        WHERE u.external_id = @Subject AND c.provider = @Provider
        """;

    // db/functions/record_connection_event.sql tells the person's event stream.
    private const string MarkNeedsReconnectSql = """
        UPDATE provider_connections SET status = 'needs_reconnect', last_error = @Error, updated_at = NOW() WHERE id
            = @Id
        """;

    // Connecting again starts afresh: connected, with the new account and no error.
    private const string UpsertSql = """
        INSERT INTO provider_connections (user_id, provider, base_url, encrypted_credentials, token_expires_at, account)
        VALUES (@UserId, @Provider, @BaseUrl, @EncryptedCredentials, @TokenExpiresAt, @Account)
        ON CONFLICT (user_id, provider) DO UPDATE SET
            base_url = EXCLUDED.base_url, encrypted_credentials = EXCLUDED.encrypted_credentials,
            token_expires_at = EXCLUDED.token_expires_at, account = EXCLUDED.account, status = 'connected',
            last_error = NULL, connected_at = NOW(), updated_at = NOW()
        """;

    private const string ListSql = """
        SELECT c.provider, c.status, c.account, c.connected_at, c.last_error
        FROM provider_connections c JOIN users u ON u.id = c.user_id
        WHERE u.external_id = @Subject
        ORDER BY c.provider
        """;

    // The credentials row goes; the Hangfire ids of the user's syncs still waiting for this provider come back, so
    // they can be failed as disconnected (connecting again does not re-run them: the person retries them).
    private const string DeleteSql = """
        WITH removed AS (
            DELETE FROM provider_connections c USING users u
            WHERE u.id = c.user_id AND u.external_id = @Subject AND c.provider = @Provider
            RETURNING c.user_id)
        SELECT EXISTS (SELECT 1 FROM removed) AS found,
               ARRAY(SELECT j.hangfire_job_id FROM sync_jobs j JOIN removed r ON r.user_id = j.user_id
                     WHERE j.source = @Provider AND j.status IN ('pending', 'processing')
                       AND j.hangfire_job_id IS NOT NULL) AS waiting
        """;

    public async Task<ProviderConnection?> FindAsync(Guid userId, string provider, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<StoredConnection>(
            new CommandDefinition(
                FindSql,
                new { UserId = userId, Provider = provider },
                cancellationToken: cancellationToken
            )
        );
        return row is null ? null : Unprotect(row, userId, provider);
    }

    /// <summary>The person's connection to <paramref name="provider"/>, decrypted; null when there is none.</summary>
    public async Task<ProviderConnection?> FindForSubjectAsync(
        string subject,
        string provider,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Guid, StoredConnection, (Guid UserId, StoredConnection Row)>(
            new CommandDefinition(
                FindForSubjectSql,
                new { Subject = subject, Provider = provider },
                cancellationToken: cancellationToken
            ),
            (userId, row) => (userId, row),
            splitOn: "id"
        );
        return rows.SingleOrDefault() is { Row: not null } found ? Unprotect(found.Row, found.UserId, provider) : null;
    }

    /// <summary>A stored connection, read elsewhere (the sync claim), with its credentials decrypted.</summary>
    public ProviderConnection Unprotect(StoredConnection row, Guid userId, string provider) =>
        new(
            row.Id,
            new Uri(row.BaseUrl),
            protector.Unprotect(row.EncryptedCredentials, userId, provider),
            row.Status == "needs_reconnect"
        );

    /// <summary>The vendor refused the connection's grant or keys: it waits for the person to connect again.</summary>
    public async Task MarkNeedsReconnectAsync(Guid id, string error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            new CommandDefinition(
                MarkNeedsReconnectSql,
                new { Id = id, Error = error },
                cancellationToken: cancellationToken
            )
        );
    }

    public async Task<IReadOnlyList<ConnectionSummary>> ListAsync(string subject, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ConnectionSummary>(
            new CommandDefinition(ListSql, new { Subject = subject }, cancellationToken: cancellationToken)
        );
        return rows.AsList();
    }

    /// <summary>
    /// Deletes the caller's connection; null when there was none, else the Hangfire ids of its waiting syncs.
    /// </summary>
    public async Task<IReadOnlyList<string>?> DeleteAsync(
        string subject,
        string provider,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var result = await connection.QuerySingleAsync<(bool Found, string[] Waiting)>(
            new CommandDefinition(
                DeleteSql,
                new { Subject = subject, Provider = provider },
                cancellationToken: cancellationToken
            )
        );
        return result.Found ? result.Waiting : null;
    }

    public async Task SaveAsync(
        Guid userId,
        string provider,
        Uri baseUrl,
        string credentialsJson,
        DateTime? tokenExpiresAt,
        CancellationToken cancellationToken,
        string? account = null
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            new CommandDefinition(
                UpsertSql,
                new
                {
                    UserId = userId,
                    Provider = provider,
                    BaseUrl = baseUrl.ToString(),
                    EncryptedCredentials = protector.Protect(credentialsJson, userId, provider),
                    TokenExpiresAt = tokenExpiresAt,
                    Account = account,
                },
                cancellationToken: cancellationToken
            )
        );
    }

    /// <summary>A connection as its owner sees it: never its credentials.</summary>
    /// <summary>
    /// Token refresh in single flight per connection: the row stays locked (FOR UPDATE) while the provider's token
    /// endpoint is called, so concurrent workers in any process wait and then reuse the new credentials instead of
    /// spending (and, with rotating refresh tokens, invalidating) the same refresh token twice.
    /// </summary>
    public async Task<string> RefreshAsync(
        ProviderConnection connection,
        string staleCredentialsJson,
        Func<string, CancellationToken, Task<RefreshedCredentials>> refresh,
        CancellationToken cancellationToken
    )
    {
        await using var db = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var row = await db.QuerySingleOrDefaultAsync<LockedRow>(
            new CommandDefinition(LockSql, new { connection.Id }, transaction, cancellationToken: cancellationToken)
        ) ?? throw new PermanentProviderException("The provider connection was removed: connect the account again.");
        var stored = protector.Unprotect(row.EncryptedCredentials, row.UserId, row.Provider);
        if (stored != staleCredentialsJson)
        {
            await transaction.CommitAsync(cancellationToken);
            return stored;
        }

        var refreshed = await refresh(stored, cancellationToken);
        await db.ExecuteAsync(
            new CommandDefinition(
                SaveSql,
                new
                {
                    connection.Id,
                    EncryptedCredentials = protector.Protect(refreshed.CredentialsJson, row.UserId, row.Provider),
                    ExpiresAt = refreshed.ExpiresAt?.UtcDateTime,
                },
                transaction,
                cancellationToken: cancellationToken
            )
        );
        await transaction.CommitAsync(cancellationToken);
        return refreshed.CredentialsJson;
    }

    private sealed class LockedRow
    {
        public Guid UserId { get; init; }
        public string Provider { get; init; } = "";
        public byte[] EncryptedCredentials { get; init; } = [];
    }

    public sealed class ConnectionSummary
    {
        public string Provider { get; init; } = "";
        public string Status { get; init; } = "";
        public string? Account { get; init; }
        public DateTime ConnectedAt { get; init; }
        public string? LastError { get; init; }
    }
}
