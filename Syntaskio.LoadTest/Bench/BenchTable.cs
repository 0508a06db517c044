using System.Globalization;
using System.Text;
using Syntaskio.LoadTest.Running;

namespace Syntaskio.LoadTest.Bench;

/// <summary>Everything one bench run measured.</summary>
public sealed record BenchResults(
    BaselineResult? BaselineAlone,
    BaselineResult Baseline, double Sustained, List<LoadReport> Steps, LoadReport Latency, LoadReport Accept, OutageReport Outage, SoakReport Soak, double? PeakRssMb);

/// <summary>The bench's one table, figures beside their targets (issue 5).</summary>
public static class BenchTable
{
    public static string Render(BenchResults results, string environment)
    {
        var (baseline, latency, accept, outage, soak) = (results.Baseline, results.Latency, results.Accept, results.Outage, results.Soak);
        var text = new StringBuilder();
        void Row(string name, string value, string target) => text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} | {target} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"Syntaskio Sync benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {environment}, emulator latency 20 ms per call");
        text.AppendLine().AppendLine("| figure | measured | target |").AppendLine("| --- | --- | --- |");
        if (results.BaselineAlone is { } alone)
        {
            Row("raw Hangfire no-op jobs/s, enqueued and processed at once, alone on the machine", $"{alone.EnqueueAndProcessPerSecond:0}", "baseline");
            Row("raw Hangfire alone: enqueue only / drain a full queue, jobs/s", $"{alone.EnqueuePerSecond:0} / {alone.DrainPerSecond:0}", "for reference");
        }
        Row("raw Hangfire no-op jobs/s, enqueued and processed at once, beside the idle service", $"{baseline.EnqueueAndProcessPerSecond:0}", "for reference");
        Row("max sustained pipeline changes/s", $"{results.Sustained:0}", ">= 100");
        var reference = results.BaselineAlone ?? baseline;
        Row($"pipeline / baseline ({(results.BaselineAlone is null ? "beside the service" : "alone")})", $"{results.Sustained / reference.EnqueueAndProcessPerSecond:0.00}", ">= 0.6");
        Row("end to end at 20/s, ms p50 / p95 / p99", $"{latency.EndToEndMs.P50:0} / {latency.EndToEndMs.P95:0} / {latency.EndToEndMs.P99:0}", "p95 <= 300, p99 <= 1000");
        Row("POST to sync.completed on the event stream at 20/s, ms p50 / p95 / p99",
            latency.EventMs is { } events ? $"{events.P50:0} / {events.P95:0} / {events.P99:0}" : "not measured", "p95 <= 250");
        Row("API accept at 100/s, ms p50 / p99", $"{accept.AcceptMs.P50:0.0} / {accept.AcceptMs.P99:0.0}", "p99 <= 50");
        Row("60 s outage inside 50/s: landed / sent, drain after recovery", $"{outage.Run.Confirmed} / {outage.Run.Offered}, {outage.DrainAfterRecovery.TotalSeconds:0.0} s", "all, <= 60 s");
        Row($"soak at 50/s for {soak.Run.DurationSeconds:0} s: RSS after 1 min / end / max", $"{soak.RssAfterWarmUpMb:0} / {soak.RssAtEndMb:0} / {soak.RssMaxMb:0} MB ({soak.GrowthPercent:+0.0;-0.0}%), landed {soak.Run.Confirmed} / {soak.Run.Offered}", "no growth");
        Row("service peak RSS over the whole bench", results.PeakRssMb is { } rss ? $"{rss:0} MB" : "not measured (no --service-pid)", "<= 400 MB");
        text.AppendLine().AppendLine("Rate search: rate → confirmed/s, end-to-end p95 ms, errors").AppendLine();
        foreach (var step in results.Steps)
            text.AppendLine(CultureInfo.InvariantCulture, $"- {step.OfferedRatePerSecond:0}/s → {step.ConfirmedPerSecond:0.#}/s, p95 {step.EndToEndMs.P95:0}, errors {step.Errors}{(BenchCommand.Sustained(step) ? "" : " (not sustained)")}");
        return text.ToString();
    }
}
