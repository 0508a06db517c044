using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Syntaskio.LoadTest.Running;
using Syntaskio.LoadTest.Seeding;

namespace Syntaskio.LoadTest.Bench;

/// <summary>
/// bench: in one run on one machine, (1) the raw Hangfire no-op baseline, (2) the full pipeline at rising offered
/// rates until it stops keeping up (the highest rate whose changes all land, at that rate, with p95 under 1 s),
/// (3) the pipeline at 20 changes/s for latency and (4) at 100/s for the API's accept latency. One table.
/// </summary>
public static class BenchCommand
{
    private static readonly double[] Rates = [25, 50, 100, 150, 200, 300, 400];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(
        CommandLine options, Func<int, Task<IReadOnlyList<SeededUser>>> seed, LoadRunner runner, Func<double?> peakRssMb, TextWriter output)
    {
        var seconds = options.Number("step-seconds", 10, 1, 600);
        var connectionString = new ConfigurationBuilder().AddEnvironmentVariables().Build().GetConnectionString("Syntaskio")
            ?? throw new ArgumentException("ConnectionStrings__Syntaskio is not set.");

        output.WriteLine("(1) raw Hangfire no-op baseline");
        var baseline = await HangfireBaseline.JobsPerSecondAsync(connectionString, 3000, CancellationToken.None);

        var steps = new List<LoadReport>();
        foreach (var rate in Rates)
        {
            output.WriteLine($"(2) pipeline at {rate}/s");
            var report = await runner.RunAsync(await seed((int)(rate * seconds)), rate, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(60), CancellationToken.None);
            steps.Add(report);
            if (!Sustained(report)) break;
        }
        var sustained = steps.Where(Sustained).Select(step => step.OfferedRatePerSecond).DefaultIfEmpty(0).Max();

        output.WriteLine("(3) pipeline at 20/s for latency");
        var latency = await runner.RunAsync(await seed(20 * seconds), 20, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(60), CancellationToken.None);
        output.WriteLine("(4) pipeline at 100/s for accept latency");
        var accept = await runner.RunAsync(await seed(100 * seconds), 100, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(60), CancellationToken.None);

        var table = Table(baseline, sustained, steps, latency, accept, peakRssMb(), options.Text("environment", $"{Environment.ProcessorCount} cores"));
        var directory = options.Text("out-dir", Path.Combine("bench", "results"));
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "latest.md"), table);
        await File.WriteAllTextAsync(Path.Combine(directory, "latest.json"), JsonSerializer.Serialize(new { baseline, sustained, steps, latency, accept }, Json));
        output.WriteLine(table);
        return 0;
    }

    private static bool Sustained(LoadReport report) =>
        report.Errors == 0 && report.ConfirmedPerSecond >= 0.95 * report.OfferedRatePerSecond && report.EndToEndMs.P95 < 1000;

    private static string Table(double baseline, double sustained, List<LoadReport> steps, LoadReport latency, LoadReport accept, double? rssMb, string environment)
    {
        var text = new StringBuilder();
        void Row(string name, string value, string target) => text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} | {target} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"Syntaskio Sync benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {environment}, emulator latency 20 ms per call");
        text.AppendLine().AppendLine("| figure | measured | target |").AppendLine("| --- | --- | --- |");
        Row("raw Hangfire no-op jobs/s (same storage and workers)", $"{baseline:0}", "baseline");
        Row("max sustained pipeline changes/s", $"{sustained:0}", ">= 100");
        Row("pipeline / baseline", $"{sustained / baseline:0.00}", ">= 0.6");
        Row("end to end at 20/s, ms p50 / p95 / p99", $"{latency.EndToEndMs.P50:0} / {latency.EndToEndMs.P95:0} / {latency.EndToEndMs.P99:0}", "p95 <= 300, p99 <= 1000");
        Row("API accept at 100/s, ms p99", $"{accept.AcceptMs.P99:0.0}", "<= 50");
        Row("service peak RSS over the whole bench", rssMb is { } rss ? $"{rss:0} MB" : "not measured (no --service-pid)", "<= 400 MB");
        text.AppendLine().AppendLine("Rate search (10 s steps): rate → confirmed/s, end-to-end p95 ms, errors").AppendLine();
        foreach (var step in steps)
            text.AppendLine(CultureInfo.InvariantCulture, $"- {step.OfferedRatePerSecond:0}/s → {step.ConfirmedPerSecond:0.#}/s, p95 {step.EndToEndMs.P95:0}, errors {step.Errors}{(Sustained(step) ? "" : " (not sustained)")}");
        return text.ToString();
    }
}
