using Npgsql;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.SyncEvents;

/// <summary>
/// One LISTEN connection per API process: the sync_jobs trigger's NOTIFY names the user, and the hub wakes that
/// user's streams here. Events written by any process (a worker elsewhere, another API node) reach every node; so
/// does a stream closed by a newer one of its person, opened on any node.
/// </summary>
public sealed class SyncEventListener(NpgsqlDataSource dataSource, SyncEventHub hub, ILogger<SyncEventListener> logger)
    : BackgroundService
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, notification) =>
                {
                    if (notification.Channel != EventStreamRepository.ClosesChannel)
                        hub.Signal(notification.Payload);
                    else if (Guid.TryParse(notification.Payload, out var streamId))
                        hub.Supersede(streamId);
                };
                var channels = $"LISTEN {SyncEventRepository.Channel}; LISTEN {EventStreamRepository.ClosesChannel}";
                await using (var listen = new NpgsqlCommand(channels, connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                hub.SignalAll();
                while (true)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
                when (exception is NpgsqlException or System.Net.Sockets.SocketException or IOException)
            {
                // Streams keep serving from the database on their fallback poll meanwhile.
                logger.LogWarning(
                    "Sync event listener lost its database connection ({Message}); reconnecting",
                    exception.Message
                );
            }
            if (!await DelayAsync(ReconnectDelay, stoppingToken))
                return;
        }
    }

    private static async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
