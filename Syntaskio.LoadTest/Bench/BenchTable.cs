using System.Globalization;
using System.Text;
using Syntaskio.LoadTest.Running;

namespace Syntaskio.LoadTest.Bench;

/// <summary>Everything one bench run measured.</summary>
public sealed record BenchResults(
    BaselineResult? BaselineAlone,
    BaselineResult Baseline,
    List<LoadReport> Steps,
    LoadReport Latency,
    LoadReport Accept,
    OutageReport Outage,
    SoakReport Soak,
    double? PeakRssMb,
    HistoryReport History,
    InboundReport Inbound,
    WatcherCostReport WatcherCost,
    StreamMemoryReport? StreamMemory = null,
    IdleReport? Idle = null,
    LoadReport? AcceptAtTwice = null,
    VendorLatencyReport? SlowVendors = null
)
{
    public double Sustained => RateSearch.SustainedRate(Steps);
}

/// <summary>The rate search and the 100/s step again, over <see cref="BenchCommand.PastSyncs"/> past syncs.</summary>
public sealed record HistoryReport(List<LoadReport> Steps, LoadReport Accept, TimeSpan SeedTime)
{
    public double Sustained => RateSearch.SustainedRate(Steps);
}

/// <summary>The bench's one table, figures beside their targets.</summary>
public static class BenchTable
{
    public static string Render(BenchResults results, string environment)
    {
        var (baseline, latency, accept, outage, soak) = (
            results.Baseline,
            results.Latency,
            results.Accept,
            results.Outage,
            results.Soak
        );
        var text = new StringBuilder();
        void Row(string name, string value, string target) =>
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} | {target} |");
        text.AppendLine(
            CultureInfo.InvariantCulture,
            $"Syntaskio Sync benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {environment}, emulator latency "
                + $"20 ms per call"
        );
        text.AppendLine().AppendLine("| figure | measured | target |").AppendLine("| --- | --- | --- |");
        if (results.BaselineAlone is { } alone)
        {
            Row(
                "raw Hangfire no-op jobs/s, enqueued and processed at once, alone on the machine",
                $"{alone.EnqueueAndProcessPerSecond:0}",
                "baseline"
            );
            Row(
                "raw Hangfire alone: enqueue only / drain a full queue, jobs/s",
                $"{alone.EnqueuePerSecond:0} / {alone.DrainPerSecond:0}",
                "for reference"
            );
        }
        Row(
            "raw Hangfire no-op jobs/s, enqueued and processed at once, beside the idle service",
            $"{baseline.EnqueueAndProcessPerSecond:0}",
            "for reference"
        );
        var (work, reference) = (accept.Work, results.BaselineAlone?.Work);
        Row(
            "database round trips per sync",
            work is null ? "not measured" : $"{work.Statements:0.0} (the 100/s step)",
            "<= 30"
        );
        Row(
            "CPU ms per sync, service + PostgreSQL",
            work is null
                ? "not measured"
                : $"{work.CpuMs:0.0} ({work.ServiceCpuMs:0.0} + {work.DatabaseCpuMs:0.0}), the 100/s step",
            reference is null ? "<= 1.3x the next row" : $"<= {1.3 * reference.CpuMs:0.0} (1.3x the next row)"
        );
        Row(
            "CPU ms per raw Hangfire no-op job, + PostgreSQL",
            reference is null
                ? "not measured"
                : $"{reference.CpuMs:0.0} ({reference.ServiceCpuMs:0.0} + {reference.DatabaseCpuMs:0.0}), "
                    + $"{reference.Statements:0.0} round trips",
            "reference"
        );
        Row("max sustained pipeline changes/s", $"{results.Sustained:0}", ">= 200");
        var baselineRate = (results.BaselineAlone ?? baseline).EnqueueAndProcessPerSecond;
        Row(
            $"pipeline / baseline ({(results.BaselineAlone is null ? "beside the service" : "alone")})",
            $"{results.Sustained / baselineRate:0.00}",
            ">= 0.75"
        );
        Row(
            "end to end at 20/s, ms p50 / p95 / p99",
            $"{latency.EndToEndMs.P50:0} / {latency.EndToEndMs.P95:0} / {latency.EndToEndMs.P99:0}",
            "p95 <= 300, p99 <= 1000"
        );
        Row(
            "POST to sync.completed on the event stream at 20/s, ms p50 / p95 / p99",
            latency.EventMs is { } events ? $"{events.P50:0} / {events.P95:0} / {events.P99:0}" : "not measured",
            "p95 <= 250"
        );
        Row("API accept at 100/s, ms p99", $"{accept.AcceptMs.P99:0.0} (p50 {accept.AcceptMs.P50:0.0})", "<= 50");
        Row(
            "API accept at twice the sustained rate, ms p99",
            results.AcceptAtTwice is { } twice
                ? $"{twice.AcceptMs.P99:0.0} (p50 {twice.AcceptMs.P50:0.0}, at {twice.OfferedRatePerSecond:0}/s)"
                : "not measured",
            "<= 50"
        );
        var history = results.History;
        Row(
            $"pipeline changes/s with {BenchCommand.PastSyncs:N0} past syncs / empty",
            results.Sustained > 0
                ? $"{history.Sustained / results.Sustained:0.00} ({history.Sustained:0} / {results.Sustained:0})"
                : $"n/a ({history.Sustained:0} / {results.Sustained:0})",
            ">= 0.9"
        );
        Row(
            $"CPU ms per sync at 100/s with {BenchCommand.PastSyncs:N0} past syncs / empty",
            history.Accept.Work is { } after && work is not null
                ? $"{after.CpuMs / work.CpuMs:0.00} ({after.CpuMs:0.0} / {work.CpuMs:0.0})"
                : "not measured",
            "for reference"
        );
        Row(
            "60 s outage inside 50/s: landed / sent, drain after recovery",
            $"{outage.Run.Confirmed} / {outage.Run.Offered}, {outage.DrainAfterRecovery.TotalSeconds:0.0} s",
            "all, <= 60 s"
        );
        Row(
            $"soak at 50/s for {soak.Run.DurationSeconds:0} s: RSS after 1 min / end / max",
            $"{soak.RssAfterWarmUpMb:0} / {soak.RssAtEndMb:0} / {soak.RssMaxMb:0} MB "
                + $"({soak.GrowthPercent:+0.0;-0.0}%), landed {soak.Run.Confirmed} / {soak.Run.Offered}",
            "no growth"
        );
        var inbound = results.Inbound;
        Row(
            $"vendor edit to task.changed on the stream, polling every {inbound.PollInterval.TotalSeconds:0} s, "
                + $"ms p50 / p95 / p99",
            $"{inbound.LagMs.P50:0} / {inbound.LagMs.P95:0} / {inbound.LagMs.P99:0} ({inbound.LagMs.Count} of "
                + $"{inbound.Edits} edits)",
            $"p95 <= {(inbound.PollInterval + TimeSpan.FromSeconds(1)).TotalMilliseconds:0}"
        );
        Row(
            "vendor edit to task.changed on the stream, with Graph's notifications, ms p50 / p95 / p99",
            $"{inbound.NotifiedLagMs.P50:0} / {inbound.NotifiedLagMs.P95:0} / {inbound.NotifiedLagMs.P99:0} "
                + $"({inbound.NotifiedLagMs.Count} of {inbound.Edits} edits)",
            "p95 <= 1000"
        );
        Row("our own writes shown as task.changed (echoes)", $"{inbound.Echoes} of {inbound.OwnWrites}", "0");
        var cost = results.WatcherCost;
        Row(
            $"watching {cost.Accounts:N0} more accounts at the default polls: vendor requests per minute, service CPU",
            $"{cost.VendorRequestsPerMinute:N0}, {cost.ServiceCores:0.00} cores",
            "for reference"
        );
        Row(
            $"pipeline changes/s beside {cost.Accounts:N0} watched accounts / with no watching",
            $"{cost.ThroughputRatio:0.00} ({cost.Beside.ConfirmedPerSecond:0.#} / "
                + $"{cost.Without.ConfirmedPerSecond:0.#} "
                + $"at {cost.Without.OfferedRatePerSecond:0}/s offered)",
            ">= 0.9"
        );
        Row(
            $"memory per open event stream, KB ({StreamMemoryRun.People * StreamMemoryRun.StreamsEach:N0} streams of "
                + $"{StreamMemoryRun.People} people)",
            results.StreamMemory?.KbPerStream is { } kb
                ? $"{kb:0.0} (RSS {results.StreamMemory.BeforeMb:0} → {results.StreamMemory.AfterMb:0} MB)"
                : "not measured",
            "<= 64"
        );
        Row(
            "idle CPU, service + PostgreSQL, % of a core (60 s, the demo's connections watched, no changes)",
            results.Idle is { } idle
                ? $"{idle.TotalPercent:0.0} ({idle.ServicePercent:0.0} + {idle.DatabasePercent:0.0})"
                : "not measured",
            "<= 1"
        );
        SlowVendorRows(Row, results);
        Row(
            "service peak RSS over the whole bench",
            results.PeakRssMb is { } rss ? $"{rss:0} MB" : "not measured (no --service-pid)",
            "<= 400 MB"
        );
        RateSearch.Render(text, "Rate search", results.Steps);
        RateSearch.Render(
            text,
            $"Rate search with {BenchCommand.PastSyncs:N0} past syncs (seeded in {history.SeedTime.TotalSeconds:0} s)",
            history.Steps
        );
        if (results.SlowVendors is { } slow)
            RateSearch.Render(
                text,
                $"Rate search at {slow.LatencyMs} ms per vendor call (sustained: p95 under "
                    + $"{VendorLatencyRun.P95BoundMs:0} ms)",
                slow.Steps,
                VendorLatencyRun.P95BoundMs
            );
        return text.ToString();
    }

    private static void SlowVendorRows(Action<string, string, string> row, BenchResults results)
    {
        if (results.SlowVendors is not { } slow)
            return;
        var ms = slow.LatencyMs;
        row(
            $"max sustained pipeline changes/s at {ms} ms per vendor call / at 20 ms",
            results.Sustained > 0
                ? $"{slow.Sustained / results.Sustained:0.00} ({slow.Sustained:0} / {results.Sustained:0})"
                : $"n/a ({slow.Sustained:0} / 0)",
            ">= 0.9"
        );
        var latency = slow.Latency;
        var todo = latency.EndToEndBySourceMs?.GetValueOrDefault("microsoft");
        row(
            $"end to end at {ms} ms per vendor call, half the sustained rate, ms p95",
            $"{(todo is null ? "n/a" : todo.P95.ToString("0", CultureInfo.InvariantCulture))} To Do, "
                + $"{latency.EndToEndMs.P95:0} every vendor (at {latency.OfferedRatePerSecond:0}/s)",
            "<= 1500 for To Do"
        );
        row(
            $"API accept at {ms} ms per vendor call, half the sustained rate, ms p99",
            $"{latency.AcceptMs.P99:0.0} (p50 {latency.AcceptMs.P50:0.0})",
            "<= 50"
        );
    }
}
