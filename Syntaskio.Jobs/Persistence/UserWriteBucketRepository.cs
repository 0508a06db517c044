using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Syntaskio.Jobs.Scheduling;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// user_write_buckets: a user's write budget, shared by every API node; one statement a write. Every change passes it
/// before its transaction, so it draws from the <see cref="AcceptPool"/> too.
/// </summary>
public sealed class UserWriteBucketRepository([FromKeyedServices(AcceptPool.Key)] NpgsqlDataSource dataSource)
{
    // Refill by elapsed time and take one token in the one statement; when none is there, the row is left as it
    // was and the statement answers how long until one is.
    private const string TakeTokenSql = """
        WITH taken AS (
            INSERT INTO user_write_buckets AS b (user_key, tokens, refilled_at) VALUES (@Key, @Capacity - 1, NOW())
            ON CONFLICT (user_key) DO UPDATE SET
                tokens = LEAST(@Capacity, b.tokens + EXTRACT(EPOCH FROM NOW() - b.refilled_at) * @PerSecond) - 1,
                refilled_at = NOW()
            WHERE LEAST(@Capacity, b.tokens + EXTRACT(EPOCH FROM NOW() - b.refilled_at) * @PerSecond) >= 1
            RETURNING 0::float8 AS wait)
        SELECT wait FROM taken
        UNION ALL
        SELECT GREATEST(0.001,
            (1 - LEAST(@Capacity, tokens + EXTRACT(EPOCH FROM NOW() - refilled_at) * @PerSecond)) / @PerSecond)
        FROM user_write_buckets WHERE user_key = @Key AND NOT EXISTS (SELECT 1 FROM taken)
        """;

    private const string DeleteRefilledSql =
        "DELETE FROM user_write_buckets WHERE refilled_at < NOW() - make_interval(secs => @RefillSeconds)";

    /// <summary>Takes one of the user's tokens, or returns how long until one is there.</summary>
    public async Task<TimeSpan?> TryTakeAsync(
        string userKey,
        int capacity,
        double perSecond,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var wait = await connection.QueryFirstOrDefaultAsync<double?>(
            new CommandDefinition(
                TakeTokenSql,
                new
                {
                    Key = userKey,
                    Capacity = (double)capacity,
                    PerSecond = perSecond,
                },
                cancellationToken: cancellationToken
            )
        );
        return wait is > 0 ? TimeSpan.FromSeconds(wait.Value) : null;
    }

    /// <summary>Deletes the buckets untouched for <paramref name="refill"/>: full again, the same as no row.</summary>
    public async Task<int> DeleteRefilledAsync(TimeSpan refill, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(
            new CommandDefinition(
                DeleteRefilledSql,
                new { RefillSeconds = refill.TotalSeconds },
                cancellationToken: cancellationToken
            )
        );
    }
}
