using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;
using Syntaskio.Jobs.Security;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// oauth_states: a sign-in to connect an account, from the authorize URL to its callback. The state is stored only as
/// its SHA-256 and works once, for its owner, until it expires; the PKCE verifier is encrypted like a credential.
/// </summary>
public sealed class OAuthStateRepository(NpgsqlDataSource dataSource, CredentialProtector protector, TimeProvider time)
{
    private const string IssueSql = """
        WITH expired AS (DELETE FROM oauth_states WHERE expires_at < NOW())
        INSERT INTO oauth_states (state_hash, user_id, provider, encrypted_verifier, expires_at)
        VALUES (@Hash, @UserId, @Provider, @EncryptedVerifier, @ExpiresAt)
        """;

    private const string RedeemSql = """
        DELETE FROM oauth_states WHERE state_hash = @Hash AND provider = @Provider
        RETURNING user_id, encrypted_verifier, expires_at > NOW() AS live
        """;

    /// <summary>A new state for <paramref name="userId"/>'s sign-in, holding its PKCE verifier.</summary>
    public async Task<string> IssueAsync(
        Guid userId,
        string provider,
        string verifier,
        TimeSpan lifetime,
        CancellationToken cancellationToken
    )
    {
        var state = Convert
            .ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=')
            .Replace('+', '-')
            .Replace('/', '_');
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            new CommandDefinition(
                IssueSql,
                new
                {
                    Hash = Hash(state),
                    UserId = userId,
                    Provider = provider,
                    EncryptedVerifier = protector.Protect(verifier, userId, $"{provider}-oauth"),
                    ExpiresAt = time.GetUtcNow().UtcDateTime + lifetime,
                },
                cancellationToken: cancellationToken
            )
        );
        return state;
    }

    /// <summary>Spends the state: its owner and verifier, or null when it is unknown, used or expired.</summary>
    public async Task<(Guid UserId, string Verifier)?> RedeemAsync(
        string state,
        string provider,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<StateRow>(
            new CommandDefinition(
                RedeemSql,
                new { Hash = Hash(state), Provider = provider },
                cancellationToken: cancellationToken
            )
        );
        if (row is not { Live: true })
            return null;
        return (row.UserId, protector.Unprotect(row.EncryptedVerifier, row.UserId, $"{provider}-oauth"));
    }

    private static byte[] Hash(string state) => SHA256.HashData(Encoding.UTF8.GetBytes(state));

    private sealed class StateRow
    {
        public Guid UserId { get; init; }
        public byte[] EncryptedVerifier { get; init; } = [];
        public bool Live { get; init; }
    }
}
