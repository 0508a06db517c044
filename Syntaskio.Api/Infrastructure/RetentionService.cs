namespace Syntaskio.Api.Infrastructure;

/// <summary>Data kept for a while and then deleted (events, audit rows).</summary>
public interface IRetentionPolicy
{
    string Name { get; }

    /// <summary>Deletes what is past retention; returns how many rows went.</summary>
    Task<int> DeleteExpiredAsync(CancellationToken cancellationToken);
}

/// <summary>Applies every retention policy once an hour. Every API node runs it; each DELETE is idempotent.</summary>
public sealed class RetentionService(
    IEnumerable<IRetentionPolicy> policies,
    TimeProvider time,
    ILogger<RetentionService> logger
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            foreach (var policy in policies)
            {
                try
                {
                    var deleted = await policy.DeleteExpiredAsync(stoppingToken);
                    if (deleted > 0)
                        logger.LogInformation("Deleted {Count} {What} past retention", deleted, policy.Name);
                }
                catch (Npgsql.NpgsqlException exception)
                {
                    logger.LogWarning(
                        "Retention of {What} skipped this hour: {Message}",
                        policy.Name,
                        exception.Message
                    );
                }
            }
        } while (await NextHourAsync(timer, stoppingToken));
    }

    private static async Task<bool> NextHourAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
