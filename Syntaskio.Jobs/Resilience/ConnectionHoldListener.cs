using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Jobs.Resilience;

/// <summary>
/// Brings the holds other processes meet into this one: LISTENs on <see cref="ProviderCircuitRepository.HoldChannel"/>,
/// where every hold written to provider_circuits is announced as it commits, and reads every current hold whenever
/// it (re)connects, so a hold set while it was away is not missed.
/// </summary>
public sealed class ConnectionHoldListener(
    NpgsqlDataSource dataSource,
    ProviderCircuitRepository circuits,
    ConnectionHoldRegistry registry,
    ILogger<ConnectionHoldListener> logger
) : BackgroundService
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, notification) => Apply(notification.Payload);
                await using (
                    var listen = new NpgsqlCommand($"LISTEN {ProviderCircuitRepository.HoldChannel}", connection)
                )
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                foreach (var (key, until) in await circuits.ListHoldsAsync(stoppingToken))
                    registry.HoldUntil(key, until);
                while (!stoppingToken.IsCancellationRequested)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or IOException or TimeoutException)
            {
                logger.LogWarning("Listening for vendor holds failed ({Message}); listening again", exception.Message);
                await Task.Delay(ReconnectDelay, stoppingToken);
            }
        }
    }

    // "{circuit key}|{hold end in Unix milliseconds}"
    private void Apply(string payload)
    {
        var separator = payload.LastIndexOf('|');
        if (separator > 0 && long.TryParse(payload[(separator + 1)..], CultureInfo.InvariantCulture, out var ms))
            registry.HoldUntil(payload[..separator], DateTimeOffset.FromUnixTimeMilliseconds(ms));
    }
}
