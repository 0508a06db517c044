using System.Security.Cryptography;
using Dapper;
using Npgsql;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// Short-lived tickets that stand in for a bearer token where a browser cannot send one (EventSource). A ticket sits
/// in a URL (history, logs), so it opens one stream once, before it expires; the page asks for a new one for each
/// reconnect. Only its SHA-256 is stored.
/// </summary>
public sealed class EventTicketRepository(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string IssueSql = """
        WITH expired AS (DELETE FROM event_tickets WHERE expires_at < NOW())
        INSERT INTO event_tickets (ticket_hash, user_id, subject, expires_at)
        SELECT @Hash, u.id, u.external_id, @ExpiresAt FROM users u WHERE u.external_id = @Subject
        """;

    // Deleted as it is redeemed: of two requests with one ticket, only the first finds the row.
    private const string RedeemSql =
        "DELETE FROM event_tickets WHERE ticket_hash = @Hash AND expires_at > NOW() RETURNING subject";

    /// <summary>A new ticket for the user, or null when the service has no such user.</summary>
    public async Task<(string Ticket, DateTime ExpiresAt)?> IssueAsync(
        string subject,
        TimeSpan lifetime,
        CancellationToken cancellationToken
    )
    {
        var ticket = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var expiresAt = time.GetUtcNow().UtcDateTime + lifetime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(
            new CommandDefinition(
                IssueSql,
                new
                {
                    Hash = Hash(ticket),
                    Subject = subject,
                    ExpiresAt = expiresAt,
                },
                cancellationToken: cancellationToken
            )
        );
        return rows == 1 ? (ticket, expiresAt) : null;
    }

    /// <summary>The subject the ticket was issued to, or null when it is unknown, used or expired.</summary>
    public async Task<string?> RedeemAsync(string ticket, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(
            new CommandDefinition(RedeemSql, new { Hash = Hash(ticket) }, cancellationToken: cancellationToken)
        );
    }

    private static byte[] Hash(string ticket) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ticket));
}
