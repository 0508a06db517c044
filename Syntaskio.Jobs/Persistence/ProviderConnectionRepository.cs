using Dapper;
using Npgsql;
using Syntaskio.Jobs.Security;
using Syntaskio.Providers;

namespace Syntaskio.Jobs.Persistence;

/// <summary>provider_connections: credentials are encrypted on the way in and decrypted only in memory.</summary>
public sealed class ProviderConnectionRepository(NpgsqlDataSource dataSource, CredentialProtector protector)
{
    private const string FindSql = """
        SELECT id, base_url, encrypted_credentials FROM provider_connections
        WHERE user_id = @UserId AND provider = @Provider
        """;

    private const string UpsertSql = """
        INSERT INTO provider_connections (user_id, provider, base_url, encrypted_credentials, token_expires_at)
        VALUES (@UserId, @Provider, @BaseUrl, @EncryptedCredentials, @TokenExpiresAt)
        ON CONFLICT (user_id, provider) DO UPDATE SET
            base_url = EXCLUDED.base_url, encrypted_credentials = EXCLUDED.encrypted_credentials,
            token_expires_at = EXCLUDED.token_expires_at, updated_at = NOW()
        """;

    public async Task<ProviderConnection?> FindAsync(Guid userId, string provider, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ConnectionRow>(
            new CommandDefinition(FindSql, new { UserId = userId, Provider = provider }, cancellationToken: cancellationToken));
        if (row is null) return null;
        var credentials = protector.Unprotect(row.EncryptedCredentials, userId, provider);
        return new ProviderConnection(row.Id, new Uri(row.BaseUrl), credentials);
    }

    public async Task SaveAsync(Guid userId, string provider, Uri baseUrl, string credentialsJson, DateTime? tokenExpiresAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(UpsertSql, new
        {
            UserId = userId,
            Provider = provider,
            BaseUrl = baseUrl.ToString(),
            EncryptedCredentials = protector.Protect(credentialsJson, userId, provider),
            TokenExpiresAt = tokenExpiresAt,
        }, cancellationToken: cancellationToken));
    }

    private sealed class ConnectionRow
    {
        public Guid Id { get; init; }
        public string BaseUrl { get; init; } = "";
        public byte[] EncryptedCredentials { get; init; } = [];
    }
}
