using System.Globalization;
using System.Text;
using System.Text.Json;
using Syntaskio.LoadTest.Running;
using Syntaskio.LoadTest.Seeding;

namespace Syntaskio.LoadTest.Bench;

/// <summary>
/// bench: in one run on one machine, (1) the raw Hangfire no-op baseline, (2) the full pipeline at rising offered rates
/// until it stops keeping up (<see cref="RateSearch"/>), (3) the pipeline at 20 changes/s for latency (at the vendor
/// and on the event stream), (4) at 100/s and at twice the sustained rate for the API's accept latency, (5) a 60 s
/// provider outage inside a 50/s run, (6) a soak at 50/s watching memory, (7) changes made at the
/// vendor and our own writes read back, (8) steps (2) and (4) again over 2,000,000 past syncs, and (9) what watching
/// 1,000 more accounts costs, (10) what an open event stream costs the API's memory, and (11) steps (2) and (3) again
/// with every vendor answering in 300 ms. Steps (2) and (4) also count database round trips and CPU per sync.
/// </summary>
public static class BenchCommand
{
    public const int PastSyncs = 2_000_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(
        CommandLine options,
        Func<int, Task<IReadOnlyList<SeededUser>>> seed,
        LoadRunner runner,
        OutageRun outageRun,
        SoakRun soakRun,
        InboundRun inboundRun,
        WatcherCostRun watcherCostRun,
        StreamMemoryRun streamMemoryRun,
        IdleRun idleRun,
        VendorLatencyRun vendorLatencyRun,
        Func<int, Task<IReadOnlyList<SeededUser>>> seedAccounts,
        Func<double?> peakRssMb,
        TextWriter output
    )
    {
        var seconds = options.Number("step-seconds", 10, 1, 600);
        var soakSeconds = options.Number("soak-seconds", 300, 10, 86_400);
        var progress = new BenchProgress(output);
        var run = TimeSpan.FromSeconds(seconds + 5);
        // One step of the pipeline at a rate for the step's seconds, on users of its own.
        async Task<LoadReport> AtRateAsync(double rate, int settleSeconds = 60, bool watchEvents = false) =>
            await runner.RunAsync(
                await seed((int)(rate * seconds)),
                rate,
                TimeSpan.FromSeconds(seconds),
                TimeSpan.FromSeconds(settleSeconds),
                CancellationToken.None,
                watchEvents
            );
        progress.Step("(1) raw Hangfire no-op baseline, beside the idle service", TimeSpan.FromSeconds(30));
        var baseline = await HangfireBaseline.MeasureAsync(
            LoadCommands.ConnectionString(),
            3000,
            workers: 20,
            enqueuers: 4,
            CancellationToken.None
        );
        // build.ps1 bench measures it alone too, before the service starts: the service's idle workers also wake
        // on the baseline's NOTIFYs (the channel is the same for every schema), which slows the figure above.
        var alone = options.Text("baseline-alone", "") is { Length: > 0 } file
            ? JsonSerializer.Deserialize<BaselineResult>(await File.ReadAllTextAsync(file), Json)
            : null;

        progress.Step(
            $"(1b) the idle service for {IdleRun.Duration.TotalSeconds:0} s, after {IdleRun.Settle.TotalSeconds:0} s",
            IdleRun.Settle + IdleRun.Duration
        );
        var idle = await idleRun.RunAsync();
        var steps = await RateSearch.RunAsync(runner, seed, seconds, output, "(2)");

        progress.Step("(3) pipeline at 20/s for latency, with every user's event stream open", run);
        var latency = await AtRateAsync(20, watchEvents: true);
        progress.Step("(4) pipeline at 100/s for accept latency", run);
        var accept = await AtRateAsync(100);
        var twice = 2 * Math.Max(25, RateSearch.SustainedRate(steps));
        progress.Step($"(4b) pipeline at {twice:0}/s, twice the sustained rate, for accept latency", 3 * run);
        var acceptAtTwice = await AtRateAsync(twice, settleSeconds: 120);
        progress.Step("(5) pipeline at 50/s for 90 s with every provider down for 60 s of it", TimeSpan.FromMinutes(3));
        var outage = await outageRun.RunAsync(await seed(50 * 90), 50, TimeSpan.FromSeconds(90));
        progress.Step($"(6) soak at 50/s for {soakSeconds} s", TimeSpan.FromSeconds(soakSeconds + 10));
        var soak = await soakRun.RunAsync(await seed(50 * soakSeconds), 50, TimeSpan.FromSeconds(soakSeconds));

        progress.Step(
            "(7) changes made at the vendor, and our own writes read back, with every event stream open",
            TimeSpan.FromMinutes(1)
        );
        var inbound = await inboundRun.RunAsync(await seed(600), changes: 50, rate: 5);
        progress.Step($"(8) {PastSyncs:N0} past syncs seeded, then steps (2) and (4) again", TimeSpan.FromMinutes(6));
        var seeded = await HistorySeeder.SeedAsync(LoadCommands.ConnectionString(), PastSyncs);
        output.WriteLine($"seeded in {seeded.TotalSeconds:0} s");
        var historySteps = await RateSearch.RunAsync(runner, seed, seconds, output, "(8)");
        var historyAccept = await AtRateAsync(100);
        // A rate the pipeline cannot keep up with, so each run's confirmed/s is what it can do.
        var saturating = Math.Max(50, 1.5 * RateSearch.SustainedRate(steps));
        progress.Step(
            $"(9) watching {WatcherCostRun.Accounts:N0} more accounts, beside the pipeline at {saturating:0}/s",
            TimeSpan.FromMinutes(3)
        );
        var watcherCost = await watcherCostRun.RunAsync(seed, seedAccounts, saturating, TimeSpan.FromSeconds(seconds));
        progress.Step(
            $"(10) {StreamMemoryRun.People * StreamMemoryRun.StreamsEach:N0} open event streams of "
                + $"{StreamMemoryRun.People} people",
            TimeSpan.FromMinutes(1)
        );
        var streamMemory = await streamMemoryRun.RunAsync(await seedAccounts(StreamMemoryRun.People));
        progress.Step(
            $"(11) the rate search again with every vendor answering in {VendorLatencyRun.LatencyMs} ms",
            TimeSpan.FromMinutes(5)
        );
        var slowVendors = await vendorLatencyRun.RunAsync(seed, seconds, output);

        var results = new BenchResults(
            alone,
            baseline,
            steps,
            latency,
            accept,
            outage,
            soak,
            peakRssMb(),
            new HistoryReport(historySteps, historyAccept, seeded),
            inbound,
            watcherCost,
            streamMemory,
            idle,
            acceptAtTwice,
            slowVendors
        );
        var table = BenchTable.Render(results, options.Text("environment", $"{Environment.ProcessorCount} cores"));
        var directory = options.Text("out-dir", Path.Combine("bench", "results"));
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "latest.md"), table);
        await File.WriteAllTextAsync(Path.Combine(directory, "latest.json"), JsonSerializer.Serialize(results, Json));
        BenchCharts.Write(results, directory);
        output.WriteLine(table);
        return 0;
    }
}
