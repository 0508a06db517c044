using Syntaskio.LoadTest.Running;
using Syntaskio.LoadTest.Seeding;

namespace Syntaskio.LoadTest.Bench;

/// <summary>
/// A provider outage inside a steady run: every provider answers 503 for <see cref="Outage"/>, starting
/// <see cref="Lead"/> into the run. Reports whether every change still landed and how long after recovery the
/// last one did (the backlog's drain time).
/// </summary>
public sealed class OutageRun(HttpClient sandbox, LoadRunner runner, int providerLatencyMs)
{
    public static readonly TimeSpan Lead = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);

    public async Task<OutageReport> RunAsync(IReadOnlyList<SeededUser> users, double rate, TimeSpan duration)
    {
        var outage = Task.Run(async () =>
        {
            await Task.Delay(Lead);
            // Faults are met in the order they were added: the outage goes first, the usual latency after it.
            await SandboxFaults.ClearAsync(sandbox);
            await SandboxFaults.ForEveryProviderAsync(sandbox, status: 503, providerLatencyMs, Outage);
            await SandboxFaults.ForEveryProviderAsync(sandbox, status: 0, providerLatencyMs, TimeSpan.FromHours(1));
            return DateTimeOffset.UtcNow + Outage;
        });
        var report = await runner.RunAsync(
            users,
            rate,
            duration,
            settle: Outage + TimeSpan.FromMinutes(3),
            CancellationToken.None
        );
        var recoveredAt = await outage;
        var drain = report.LastConfirmedAt is { } last && last > recoveredAt ? last - recoveredAt : TimeSpan.Zero;
        return new OutageReport(report, drain);
    }
}

/// <summary>The run's figures and the time from the provider's recovery to the last change landing.</summary>
public sealed record OutageReport(LoadReport Run, TimeSpan DrainAfterRecovery);
