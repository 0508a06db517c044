using Microsoft.Extensions.Options;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.SyncEvents;

/// <summary>Deletes events past the retention once an hour. Every API node runs it; the DELETE is idempotent.</summary>
public sealed class SyncEventRetention(SyncEventRepository events, IOptions<SyncEventsOptions> options, TimeProvider time, ILogger<SyncEventRetention> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                var deleted = await events.DeleteOlderThanAsync(time.GetUtcNow().UtcDateTime - options.Value.Retention, stoppingToken);
                if (deleted > 0) logger.LogInformation("Deleted {Count} sync events past retention", deleted);
            }
            catch (Npgsql.NpgsqlException exception)
            {
                logger.LogWarning("Sync event retention skipped this hour: {Message}", exception.Message);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
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
