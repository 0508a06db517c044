using Dapper;
using Npgsql;
using Syntaskio.Jobs.Security;
using Syntaskio.Providers;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// Token refresh in single flight per connection: the row stays locked (FOR UPDATE) while the provider's token
/// endpoint is called, so concurrent workers in any process wait and then reuse the new credentials instead of
/// spending (and, with rotating refresh tokens, invalidating) the same refresh token twice.
/// </summary>
public sealed class ConnectionCredentialStore(NpgsqlDataSource dataSource, CredentialProtector protector)
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
}
