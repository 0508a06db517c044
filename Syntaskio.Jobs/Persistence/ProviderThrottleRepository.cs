using Dapper;
using Npgsql;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// provider_call_slots and provider_rate_buckets: each operation one conditional statement, no locks held.
/// </summary>
public sealed class ProviderThrottleRepository(NpgsqlDataSource dataSource)
{
    private const string EnsureSlotsSql = """
        INSERT INTO provider_call_slots (circuit_key, slot) SELECT @Key, s FROM generate_series(1, @Slots) s ON
            CONFLICT DO NOTHING
        """;

    private const string AcquireSlotSql = """
        UPDATE provider_call_slots SET holder = @Holder, lease_until = NOW() + make_interval(secs => @LeaseSeconds)
        WHERE (circuit_key, slot) = (
            SELECT circuit_key, slot FROM provider_call_slots
            WHERE circuit_key = @Key AND slot <= @Slots AND (holder IS NULL OR holder = @Holder OR lease_until < NOW())
            ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING slot
        """;

    private const string RenewSlotSql = """
        UPDATE provider_call_slots SET lease_until = NOW() + make_interval(secs => @LeaseSeconds) WHERE circuit_key =
            @Key AND holder = @Holder
        """;

    private const string ReleaseSlotSql = """
        UPDATE provider_call_slots SET holder = NULL, lease_until = NULL WHERE circuit_key = @Key AND holder = @Holder
        """;

    // Refill by elapsed time, then take one token only if one is there; RETURNING nothing means none was.
    private const string TakeTokenSql = """
        INSERT INTO provider_rate_buckets AS b (circuit_key, tokens, refilled_at) VALUES (@Key, @Capacity - 1, NOW())
        ON CONFLICT (circuit_key) DO UPDATE SET
            tokens = LEAST(@Capacity, b.tokens + EXTRACT(EPOCH FROM NOW() - b.refilled_at) * @PerSecond) - 1,
            refilled_at = NOW()
        WHERE LEAST(@Capacity, b.tokens + EXTRACT(EPOCH FROM NOW() - b.refilled_at) * @PerSecond) >= 1
        RETURNING tokens
        """;

    private const string TokensNowSql = """
        SELECT LEAST(@Capacity, tokens + EXTRACT(EPOCH FROM NOW() - refilled_at) * @PerSecond) FROM
            provider_rate_buckets WHERE circuit_key = @Key
        """;

    public async Task<bool> TryAcquireSlotAsync(
        string key,
        int slots,
        Guid holder,
        TimeSpan lease,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new
        {
            Key = key,
            Slots = slots,
            Holder = holder,
            LeaseSeconds = lease.TotalSeconds,
        };
        if (
            await connection.QuerySingleOrDefaultAsync<int?>(
                new CommandDefinition(AcquireSlotSql, parameters, cancellationToken: cancellationToken)
            )
            is not null
        )
            return true;
        if (
            await connection.ExecuteAsync(
                new CommandDefinition(EnsureSlotsSql, parameters, cancellationToken: cancellationToken)
            ) == 0
        )
            return false;
        return await connection.QuerySingleOrDefaultAsync<int?>(
            new CommandDefinition(AcquireSlotSql, parameters, cancellationToken: cancellationToken)
        )
            is not null;
    }

    public async Task RenewSlotAsync(string key, Guid holder, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            new CommandDefinition(
                RenewSlotSql,
                new
                {
                    Key = key,
                    Holder = holder,
                    LeaseSeconds = lease.TotalSeconds,
                },
                cancellationToken: cancellationToken
            )
        );
    }

    public async Task ReleaseSlotAsync(string key, Guid holder)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(ReleaseSlotSql, new { Key = key, Holder = holder });
    }

    /// <summary>Takes a token, or returns how long until one is there.</summary>
    public async Task<TimeSpan?> TryTakeTokenAsync(string key, int perMinute, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new
        {
            Key = key,
            Capacity = Math.Max(1.0, perMinute / 10.0),
            PerSecond = perMinute / 60.0,
        };
        if (
            await connection.QuerySingleOrDefaultAsync<double?>(
                new CommandDefinition(TakeTokenSql, parameters, cancellationToken: cancellationToken)
            )
            is not null
        )
            return null;
        var tokens = await connection.QuerySingleOrDefaultAsync<double?>(
            new CommandDefinition(TokensNowSql, parameters, cancellationToken: cancellationToken)
        ) ?? 0;
        return TimeSpan.FromSeconds(Math.Max(0.05, (1 - tokens) / parameters.PerSecond));
    }
}
