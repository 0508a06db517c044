using Syntaskio.LoadTest.Running;
using Syntaskio.LoadTest.Seeding;

namespace Syntaskio.LoadTest.Bench;

/// <summary>
/// A long steady run that samples the service's resident memory every <see cref="SampleEvery"/>. Growth is judged
/// from the end of the first minute (warm-up: JIT, pools, caches) to the end of the run.
/// </summary>
public sealed class SoakRun(LoadRunner runner, Func<double?> rssMb)
{
    public static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(10);

    public async Task<SoakReport> RunAsync(IReadOnlyList<SeededUser> users, double rate, TimeSpan duration)
    {
        var samples = new List<(TimeSpan At, double Mb)>();
        using var stop = new CancellationTokenSource();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(SampleEvery);
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                    if (rssMb() is { } mb)
                        lock (samples)
                            samples.Add((clock.Elapsed, mb));
            }
            catch (OperationCanceledException)
            {
                // The run is over.
            }
        });
        var report = await runner.RunAsync(users, rate, duration, TimeSpan.FromSeconds(60), CancellationToken.None);
        await stop.CancelAsync();
        await sampler;
        var warm = samples.Where(sample => sample.At >= TimeSpan.FromMinutes(1)).ToList();
        return new SoakReport(
            report,
            warm.FirstOrDefault().Mb,
            warm.LastOrDefault().Mb,
            samples.Count == 0 ? 0 : samples.Max(sample => sample.Mb)
        );
    }
}

/// <summary>RSS after the first minute, at the end and at its highest, in MB.</summary>
public sealed record SoakReport(LoadReport Run, double RssAfterWarmUpMb, double RssAtEndMb, double RssMaxMb)
{
    public double GrowthPercent => RssAfterWarmUpMb > 0 ? (RssAtEndMb - RssAfterWarmUpMb) / RssAfterWarmUpMb * 100 : 0;
}
