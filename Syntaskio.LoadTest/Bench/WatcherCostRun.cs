using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Syntaskio.LoadTest.Running;
using Syntaskio.LoadTest.Seeding;

namespace Syntaskio.LoadTest.Bench;

/// <summary>
/// What watching costs: the pipeline at a rate it cannot keep up with while no connection is polled (every
/// watch pushed a day ahead), then <see cref="Accounts"/> more connected accounts polling at the defaults (each
/// seeded user connects To Do, ConnectWise and Process Plan): their vendor requests per minute and the service's CPU
/// over a quiet minute, and the pipeline again at the same rate beside them.
/// </summary>
public sealed class WatcherCostRun(
    HttpClient sandbox,
    LoadRunner runner,
    string connectionString,
    Func<double> serviceCpuMs
)
{
    public const int Accounts = 1000;
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(60);

    // The longest default poll interval: by then every new account has had its first (whole) read.
    private static readonly TimeSpan FirstPolls = TimeSpan.FromSeconds(20);

    public async Task<WatcherCostReport> RunAsync(
        Func<int, Task<IReadOnlyList<SeededUser>>> seedLoad,
        Func<int, Task<IReadOnlyList<SeededUser>>> seedAccounts,
        double rate,
        TimeSpan duration
    )
    {
        var changes = (int)(rate * duration.TotalSeconds);
        var alone = await seedLoad(changes);
        await PauseEveryWatchAsync();
        var without = await runner.RunAsync(alone, rate, duration, TimeSpan.FromSeconds(60), CancellationToken.None);

        await seedAccounts((Accounts + 2) / 3);
        await Task.Delay(FirstPolls);
        var (requests, cpu) = (await VendorRequestsAsync(), serviceCpuMs());
        await Task.Delay(Quiet);
        var perMinute = (await VendorRequestsAsync() - requests) * TimeSpan.FromMinutes(1) / Quiet;
        var cores = (serviceCpuMs() - cpu) / Quiet.TotalMilliseconds;

        var beside = await seedLoad(changes);
        var with = await runner.RunAsync(beside, rate, duration, TimeSpan.FromSeconds(60), CancellationToken.None);
        return new WatcherCostReport(Accounts, perMinute, cores, without, with);
    }

    private async Task PauseEveryWatchAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var pause = new NpgsqlCommand(
            "UPDATE connection_watches SET next_poll_at = NOW() + INTERVAL '1 day'",
            connection
        );
        await pause.ExecuteNonQueryAsync();
    }

    private async Task<long> VendorRequestsAsync()
    {
        var stats = await sandbox.GetFromJsonAsync<JsonObject>("/_sandbox/stats");
        return stats!["requests"]!.AsObject().Sum(each => (long)each.Value!);
    }
}

/// <summary>
/// Watching <see cref="Accounts"/> accounts: vendor requests per minute and service CPU (cores) while quiet, and the
/// pipeline at one rate without any watching and beside it.
/// </summary>
public sealed record WatcherCostReport(
    int Accounts,
    double VendorRequestsPerMinute,
    double ServiceCores,
    LoadReport Without,
    LoadReport Beside
)
{
    public double ThroughputRatio =>
        Without.ConfirmedPerSecond > 0 ? Beside.ConfirmedPerSecond / Without.ConfirmedPerSecond : 0;
}
