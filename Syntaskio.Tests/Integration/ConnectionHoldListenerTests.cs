using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Jobs.Resilience;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Integration;

/// <summary>
/// A hold written by one process reaches another on the real database: the listener here has a session of its own
/// and learns of holds only by NOTIFY (or, once, by reading them when it starts), as another process would.
/// </summary>
public sealed class ConnectionHoldListenerTests
{
    private static readonly TimeSpan Promise = TimeSpan.FromMilliseconds(50);

    [Test]
    public async Task AHoldWrittenElsewhere_ReachesThisProcess_Within50Ms()
    {
        await using var listenerSource = NpgsqlDataSource.Create(TestEnvironment.ConnectionString);
        await using var writerSource = NpgsqlDataSource.Create(TestEnvironment.ConnectionString);
        var writer = new ProviderCircuitRepository(writerSource);
        var (registry, listener) = Listener(listenerSource);
        await listener.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilListeningAsync(writer, registry);

            var delays = new List<TimeSpan>();
            for (var i = 0; i < 5; i++)
            {
                var key = $"microsoft:{Guid.NewGuid()}";
                var clock = Stopwatch.StartNew();
                if (i % 2 == 0)
                    await writer.HoldAsync(key, TimeSpan.FromSeconds(3), CancellationToken.None);
                else
                    await writer.RecordFailureAsync(key, 5, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(3), default);
                while (registry.HeldUntil(key) is null && clock.Elapsed < TimeSpan.FromSeconds(5))
                    await Task.Yield();
                delays.Add(clock.Elapsed);
            }

            TestContext.Out.WriteLine($"hold known elsewhere after: {string.Join(", ", delays.Select(Ms))}");
            Assert.That(delays, Has.All.LessThanOrEqualTo(Promise));
        }
        finally
        {
            await listener.StopAsync(CancellationToken.None);
        }
    }

    [Test]
    public async Task AHoldWrittenBeforeTheListenerStarted_IsKnown_WhenItStarts()
    {
        await using var dataSource = NpgsqlDataSource.Create(TestEnvironment.ConnectionString);
        var key = $"connectwise:{Guid.NewGuid()}";
        await new ProviderCircuitRepository(dataSource).HoldAsync(key, TimeSpan.FromMinutes(1), CancellationToken.None);
        var (registry, listener) = Listener(dataSource);

        await listener.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.ReturnsAsync(
                () => Task.FromResult(registry.HeldUntil(key)),
                until => until is not null,
                TimeSpan.FromSeconds(5),
                "the hold read at start"
            );
        }
        finally
        {
            await listener.StopAsync(CancellationToken.None);
        }
    }

    private static (ConnectionHoldRegistry, ConnectionHoldListener) Listener(NpgsqlDataSource dataSource)
    {
        var registry = new ConnectionHoldRegistry(
            new SyncRetryPolicy(Options.Create(new SyncRetryOptions()), TimeProvider.System),
            TimeProvider.System
        );
        var listener = new ConnectionHoldListener(
            dataSource,
            new ProviderCircuitRepository(dataSource),
            registry,
            NullLogger<ConnectionHoldListener>.Instance
        );
        return (registry, listener);
    }

    // LISTEN is in place once a hold written now arrives.
    private static async Task WaitUntilListeningAsync(ProviderCircuitRepository writer, ConnectionHoldRegistry registry)
    {
        var probe = $"probe:{Guid.NewGuid()}";
        await Eventually.ReturnsAsync(
            async () =>
            {
                await writer.HoldAsync(probe, TimeSpan.FromSeconds(10), CancellationToken.None);
                return registry.HeldUntil(probe);
            },
            until => until is not null,
            TimeSpan.FromSeconds(10),
            "the listener"
        );
    }

    private static string Ms(TimeSpan delay) => $"{delay.TotalMilliseconds:0.0} ms";
}
