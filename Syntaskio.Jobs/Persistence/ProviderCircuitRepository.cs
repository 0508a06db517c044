using Dapper;
using Npgsql;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// provider_circuits: conditional UPDATEs, no locks, so any number of workers can share one circuit. Besides the
/// breaker's state it keeps the vendor's Retry-After hold on the connection (db/0009), and announces it.
/// </summary>
public sealed class ProviderCircuitRepository(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Every hold written here is announced on this channel as it commits ("{key}|{end in Unix ms}"), so every
    /// process holds the connection within milliseconds (Resilience.ConnectionHoldListener).
    /// </summary>
    public const string HoldChannel = "provider_holds";

    private const string AnnounceHold =
        $"pg_notify('{HoldChannel}', circuit_key || '|' || (EXTRACT(EPOCH FROM hold_until) * 1000)::bigint)";

    private const string ReadSql = """
        SELECT consecutive_failures, open_until, hold_until FROM provider_circuits WHERE circuit_key = @Key
        """;

    // Only one worker wins the half-open trial: the others see the window it set and stay deferred.
    private const string ClaimTrialSql = """
        UPDATE provider_circuits SET open_until = NOW() + make_interval(secs => @WindowSeconds), updated_at = NOW()
        WHERE circuit_key = @Key AND (open_until IS NULL OR open_until <= NOW())
        RETURNING open_until
        """;

    // A hold only ever grows: GREATEST ignores NULLs, so no Retry-After keeps the hold there is.
    private const string RecordFailureSql = $"""
        WITH recorded AS (
            INSERT INTO provider_circuits AS c (circuit_key, consecutive_failures, open_until, hold_until)
            VALUES (@Key, 1, CASE WHEN 1 >= @Threshold THEN NOW() + make_interval(secs => @OpenSeconds) END,
                    NOW() + make_interval(secs => @RetryAfterSeconds))
            ON CONFLICT (circuit_key) DO UPDATE SET
                consecutive_failures = c.consecutive_failures + 1,
                open_until = CASE WHEN c.consecutive_failures + 1 >= @Threshold
                                  THEN NOW() + make_interval(secs => @OpenSeconds) ELSE c.open_until END,
                hold_until = GREATEST(c.hold_until, NOW() + make_interval(secs => @RetryAfterSeconds)),
                updated_at = NOW()
            RETURNING circuit_key, open_until, hold_until)
        SELECT GREATEST(open_until, hold_until),
               (SELECT {AnnounceHold} WHERE @RetryAfterSeconds::double precision IS NOT NULL)
        FROM recorded
        """;

    // The vendor's Retry-After to a read: a hold like a write's, but no failure of the connection's writes.
    private const string HoldSql = $"""
        WITH held AS (
            INSERT INTO provider_circuits AS c (circuit_key, hold_until)
            VALUES (@Key, NOW() + make_interval(secs => @RetryAfterSeconds))
            ON CONFLICT (circuit_key) DO UPDATE SET
                hold_until = GREATEST(c.hold_until, NOW() + make_interval(secs => @RetryAfterSeconds)),
                updated_at = NOW()
            RETURNING circuit_key, hold_until)
        SELECT {AnnounceHold} FROM held
        """;

    private const string ListHoldsSql = """
        SELECT circuit_key, hold_until FROM provider_circuits WHERE hold_until > NOW()
        """;

    private const string RecordSuccessSql = """
        UPDATE provider_circuits SET consecutive_failures = 0, open_until = NULL, updated_at = NOW()
        WHERE circuit_key = @Key AND (consecutive_failures <> 0 OR open_until IS NOT NULL)
        """;

    /// <summary>Holds every call on the connection for <paramref name="retryAfter"/>, as its vendor asked.</summary>
    public async Task HoldAsync(string key, TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            new CommandDefinition(
                HoldSql,
                new { Key = key, RetryAfterSeconds = retryAfter.TotalSeconds },
                cancellationToken: cancellationToken
            )
        );
    }

    /// <summary>Every connection held now, and until when.</summary>
    public async Task<IReadOnlyList<(string Key, DateTimeOffset Until)>> ListHoldsAsync(
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Key, DateTime Until)>(
            new CommandDefinition(ListHoldsSql, cancellationToken: cancellationToken)
        );
        return rows.Select(row => (row.Key, new DateTimeOffset(DateTime.SpecifyKind(row.Until, DateTimeKind.Utc))))
            .ToList();
    }

    public async Task<CircuitState?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<CircuitState>(
            new CommandDefinition(ReadSql, new { Key = key }, cancellationToken: cancellationToken)
        );
    }

    public async Task<DateTime?> TryClaimTrialAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DateTime?>(
            new CommandDefinition(
                ClaimTrialSql,
                new { Key = key, WindowSeconds = window.TotalSeconds },
                cancellationToken: cancellationToken
            )
        );
    }

    /// <summary>Counts a retryable failure; returns until when the connection must not be called, if at all.</summary>
    public async Task<DateTime?> RecordFailureAsync(
        string key,
        int threshold,
        TimeSpan openFor,
        TimeSpan? retryAfter,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<DateTime?>(
            new CommandDefinition(
                RecordFailureSql,
                new
                {
                    Key = key,
                    Threshold = threshold,
                    OpenSeconds = openFor.TotalSeconds,
                    RetryAfterSeconds = retryAfter?.TotalSeconds,
                },
                cancellationToken: cancellationToken
            )
        );
    }

    public async Task RecordSuccessAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            new CommandDefinition(RecordSuccessSql, new { Key = key }, cancellationToken: cancellationToken)
        );
    }
}
