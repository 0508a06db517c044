using System.Globalization;
using System.Text;

namespace Syntaskio.LoadTest.Running;

/// <summary>One load run's figures: what was offered, accepted and confirmed at the vendor, and how fast.</summary>
public sealed record LoadReport(
    double OfferedRatePerSecond,
    double DurationSeconds,
    int Offered,
    int Accepted,
    int Confirmed,
    int Errors,
    Percentiles AcceptMs,
    Percentiles EndToEndMs,
    double ConfirmedPerSecond,
    double? ServicePeakRssMb,
    DateTimeOffset? LastConfirmedAt = null,
    Percentiles? EventMs = null,
    WorkPerUnit? Work = null,
    IReadOnlyDictionary<string, Percentiles>? EndToEndBySourceMs = null,
    LoadTimeline? Timeline = null
)
{
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| figure | value |").AppendLine("| --- | --- |");
        void Row(string name, string value) => text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} |");
        Row("offered rate", $"{OfferedRatePerSecond:0.#}/s for {DurationSeconds:0.#} s ({Offered} changes)");
        Row("accepted (202)", $"{Accepted}");
        Row("confirmed at the vendor", $"{Confirmed} ({ConfirmedPerSecond:0.#}/s)");
        Row("errors", $"{Errors}");
        Row("API accept ms p50 / p95 / p99 / max", Format(AcceptMs));
        Row("end to end ms p50 / p95 / p99 / max", Format(EndToEndMs));
        if (EventMs is { } events)
            Row("POST to sync.completed on the stream ms p50 / p95 / p99 / max", Format(events));
        if (Work is { } work)
        {
            Row("database round trips per sync (pg_stat_statements)", $"{work.Statements:0.0}");
            Row(
                "CPU ms per sync, service + PostgreSQL",
                $"{work.CpuMs:0.00} ({work.ServiceCpuMs:0.00} + {work.DatabaseCpuMs:0.00})"
            );
        }
        Row("service peak RSS", ServicePeakRssMb is { } rss ? $"{rss:0} MB" : "not measured (pass --service-pid)");
        return text.ToString();
    }

    private static string Format(Percentiles p) =>
        string.Create(CultureInfo.InvariantCulture, $"{p.P50:0.#} / {p.P95:0.#} / {p.P99:0.#} / {p.Max:0.#}");
}
