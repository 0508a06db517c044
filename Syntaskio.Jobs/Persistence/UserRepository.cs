using Dapper;
using Npgsql;

namespace Syntaskio.Jobs.Persistence;

/// <summary>users: the identity provider's subject mapped to our user id.</summary>
public sealed class UserRepository(NpgsqlDataSource dataSource)
{
    private const string EnsureSql = """
        INSERT INTO users (external_id, email) VALUES (@ExternalId, @Email)
        ON CONFLICT (external_id) DO UPDATE SET email = COALESCE(EXCLUDED.email, users.email)
        RETURNING id
        """;

    public async Task<Guid> EnsureAsync(string externalId, string? email, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<Guid>(
            new CommandDefinition(
                EnsureSql,
                new { ExternalId = externalId, Email = email },
                cancellationToken: cancellationToken
            )
        );
    }
}
