using System.Globalization;
using System.Text;
using Syntaskio.LoadTest.Running;
using Syntaskio.LoadTest.Seeding;

namespace Syntaskio.LoadTest.Bench;

/// <summary>
/// The bench's search for the highest rate the pipeline sustains: rising rates until one is missed, then halving the
/// gap between the last rate kept and the first missed until it is within <see cref="Precision"/> of the rate kept.
/// A rate is sustained when its changes all land, at that rate, with end-to-end p95 under the bound.
/// </summary>
public static class RateSearch
{
    private static readonly double[] Rates = [25, 50, 100, 150, 200, 300, 400];
    public const double Precision = 0.05;

    /// <summary>The end-to-end p95 bound at the emulator's 20 ms per call.</summary>
    public const double DefaultP95BoundMs = 1000;

    public static Task<List<LoadReport>> RunAsync(
        LoadRunner runner,
        Func<int, Task<IReadOnlyList<SeededUser>>> seed,
        int seconds,
        TextWriter output,
        string label,
        double p95BoundMs = DefaultP95BoundMs
    ) =>
        SearchAsync(
            async rate =>
            {
                output.WriteLine($"{label} pipeline at {rate:0.#}/s [about {seconds + 5} s]");
                return await runner.RunAsync(
                    await seed((int)(rate * seconds)),
                    rate,
                    TimeSpan.FromSeconds(seconds),
                    TimeSpan.FromSeconds(60),
                    CancellationToken.None
                );
            },
            p95BoundMs
        );

    /// <summary>The search itself, over any way of running the pipeline at a rate.</summary>
    public static async Task<List<LoadReport>> SearchAsync(Func<double, Task<LoadReport>> runAt, double p95BoundMs)
    {
        var steps = new List<LoadReport>();
        async Task<bool> TryAsync(double rate)
        {
            var report = await runAt(rate);
            steps.Add(report);
            return Sustained(report, p95BoundMs);
        }
        var (kept, missed) = (0d, 0d);
        foreach (var rate in Rates)
        {
            if (!await TryAsync(rate))
            {
                missed = rate;
                break;
            }
            kept = rate;
        }
        while (kept > 0 && missed > 0 && missed - kept > Precision * kept)
        {
            var middle = Math.Round((kept + missed) / 2);
            if (await TryAsync(middle))
                kept = middle;
            else
                missed = middle;
        }
        return steps;
    }

    public static double SustainedRate(IEnumerable<LoadReport> steps, double p95BoundMs = DefaultP95BoundMs) =>
        steps
            .Where(step => Sustained(step, p95BoundMs))
            .Select(step => step.OfferedRatePerSecond)
            .DefaultIfEmpty(0)
            .Max();

    public static bool Sustained(LoadReport report, double p95BoundMs = DefaultP95BoundMs) =>
        report.Errors == 0
        && report.ConfirmedPerSecond >= 0.95 * report.OfferedRatePerSecond
        && report.EndToEndMs.P95 < p95BoundMs;

    /// <summary>The steps as a list under the bench's table.</summary>
    public static void Render(
        StringBuilder text,
        string title,
        List<LoadReport> steps,
        double p95BoundMs = DefaultP95BoundMs
    )
    {
        text.AppendLine()
            .AppendLine(
                CultureInfo.InvariantCulture,
                $"{title}: rate → confirmed/s, end-to-end p95 ms, errors, round trips and CPU ms per sync"
            )
            .AppendLine();
        foreach (var step in steps)
        {
            var cost = step.Work is { } work ? $", {work.Statements:0.0} round trips, {work.CpuMs:0.0} CPU ms" : "";
            text.AppendLine(
                CultureInfo.InvariantCulture,
                $"- {step.OfferedRatePerSecond:0}/s → {step.ConfirmedPerSecond:0.#}/s, p95 "
                    + $"{step.EndToEndMs.P95:0}, errors "
                    + $"{step.Errors}{cost}{(Sustained(step, p95BoundMs) ? "" : " (not sustained)")}"
            );
        }
    }
}
