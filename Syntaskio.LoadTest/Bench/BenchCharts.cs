using ScottPlot;
using Syntaskio.LoadTest.Running;

namespace Syntaskio.LoadTest.Bench;

/// <summary>
/// The bench's pictures, written next to its table: the rate searches (offered against confirmed, with end-to-end
/// p95), the outage (sent, landed and backlog second by second) and CPU per sync beside a no-op Hangfire job.
/// </summary>
public static class BenchCharts
{
    private const int Width = 900;
    private const int Height = 500;

    public static void Write(BenchResults results, string directory)
    {
        RateSearchChart(results).SavePng(Path.Combine(directory, "rate-search.png"), Width, Height);
        if (results.Outage.Run.Timeline is { } timeline)
            OutageChart(timeline).SavePng(Path.Combine(directory, "outage.png"), Width, Height);
        if (results.Accept.Work is { } sync && results.BaselineAlone?.Work is { } noOp)
            CpuChart(sync, noOp).SavePng(Path.Combine(directory, "cpu-per-sync.png"), Width, Height);
    }

    private static Plot RateSearchChart(BenchResults results)
    {
        var plot = new Plot();
        plot.Title("Rate search: confirmed against offered, and end-to-end p95");
        plot.XLabel("offered changes/s");
        plot.YLabel("confirmed changes/s");
        plot.Axes.Right.Label.Text = "end-to-end p95, ms";
        var searches = new List<(string Name, List<LoadReport> Steps)> { ("20 ms a vendor call", results.Steps) };
        if (results.SlowVendors is { } slow)
            searches.Add(($"{slow.LatencyMs} ms a vendor call", slow.Steps));
        searches.Add(($"20 ms, {BenchCommand.PastSyncs:N0} past syncs", results.History.Steps));
        foreach (var (name, steps) in searches)
        {
            var ordered = steps.OrderBy(step => step.OfferedRatePerSecond).ToList();
            var offered = ordered.Select(step => step.OfferedRatePerSecond).ToArray();
            var confirmed = plot.Add.Scatter(offered, ordered.Select(step => step.ConfirmedPerSecond).ToArray());
            confirmed.LegendText = $"confirmed/s, {name}";
            var p95 = plot.Add.Scatter(offered, ordered.Select(step => step.EndToEndMs.P95).ToArray());
            p95.LegendText = $"p95 ms, {name}";
            p95.LinePattern = LinePattern.Dashed;
            p95.Axes.YAxis = plot.Axes.Right;
        }
        var top = results.Steps.Concat(results.History.Steps).Max(step => step.OfferedRatePerSecond);
        var ideal = plot.Add.Line(0, 0, top, top);
        ideal.LegendText = "confirmed = offered";
        ideal.LinePattern = LinePattern.Dotted;
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static Plot OutageChart(LoadTimeline timeline)
    {
        var plot = new Plot();
        plot.Title("60 s provider outage inside 50 changes/s");
        plot.XLabel("seconds from the first change");
        plot.YLabel("changes");
        var seconds = Enumerable.Range(0, timeline.Sent.Length).Select(second => (double)second).ToArray();
        plot.Add.Scatter(seconds, timeline.Sent.Select(count => (double)count).ToArray()).LegendText = "sent /s";
        plot.Add.Scatter(seconds, timeline.Landed.Select(count => (double)count).ToArray()).LegendText = "landed /s";
        var backlog = plot.Add.Scatter(seconds, timeline.Backlog().Select(count => (double)count).ToArray());
        backlog.LegendText = "backlog (sent, not landed)";
        backlog.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "backlog";
        var (from, to) = (OutageRun.Lead.TotalSeconds, (OutageRun.Lead + OutageRun.Outage).TotalSeconds);
        plot.Add.HorizontalSpan(from, to).LegendText = "every provider answering 503";
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static Plot CpuChart(WorkPerUnit sync, WorkPerUnit noOp)
    {
        var plot = new Plot();
        plot.Title("CPU ms per sync beside a no-op Hangfire job (the 100/s step)");
        plot.YLabel("CPU ms");
        var bars = new List<Bar>();
        foreach (var (position, work) in new[] { (1d, noOp), (2d, sync) })
        {
            bars.Add(
                new Bar
                {
                    Position = position,
                    ValueBase = 0,
                    Value = work.ServiceCpuMs,
                    FillColor = Colors.SteelBlue,
                }
            );
            bars.Add(
                new Bar
                {
                    Position = position,
                    ValueBase = work.ServiceCpuMs,
                    Value = work.CpuMs,
                    FillColor = Colors.Orange,
                }
            );
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks([1, 2], ["raw Hangfire no-op job", "a sync"]);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "service", FillColor = Colors.SteelBlue });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "PostgreSQL", FillColor = Colors.Orange });
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.Margins(bottom: 0);
        return plot;
    }
}
