using Npgsql;

namespace Syntaskio.Jobs.Processing;

/// <summary>
/// Waits for PostgreSQL to answer again after a connection-level failure, asking every <see cref="PollInterval"/>.
/// A sync job that meets a restarting database waits here and carries on within that interval of it answering,
/// instead of failing into Hangfire's state-change retries (0, 1, 2, 3 s apart, and the database needed for them).
/// </summary>
public sealed class DatabaseAvailability(NpgsqlDataSource dataSource, TimeProvider time)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>True once the database answers; false when <paramref name="maxWait"/> passed first.</summary>
    public async Task<bool> WaitAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + maxWait;
        while (time.GetUtcNow() < deadline)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                await using var ping = new NpgsqlCommand("SELECT 1", connection);
                await ping.ExecuteScalarAsync(cancellationToken);
                return true;
            }
            catch (NpgsqlException exception) when (exception.IsTransient)
            {
                await Task.Delay(PollInterval, time, cancellationToken);
            }
        }
        return false;
    }

    /// <summary>A failure that says the database is away for now, not that a statement is wrong.</summary>
    public static bool IsOutage(Exception exception) => exception is NpgsqlException { IsTransient: true };
}
