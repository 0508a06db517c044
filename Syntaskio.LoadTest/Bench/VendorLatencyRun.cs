using Syntaskio.LoadTest.Running;
using Syntaskio.LoadTest.Seeding;

namespace Syntaskio.LoadTest.Bench;

/// <summary>
/// The pipeline at a real vendor's speed: every emulated vendor answers in <see cref="LatencyMs"/>, the rate search
/// runs again (a rate is sustained with end-to-end p95 under <see cref="P95BoundMs"/>), then a run at half the
/// sustained rate measures end to end and the API's accept. The emulator's usual 20 ms comes back afterwards.
/// </summary>
public sealed class VendorLatencyRun(HttpClient sandbox, LoadRunner runner, int usualLatencyMs)
{
    public const int LatencyMs = 300;
    public const double P95BoundMs = 1500;

    public async Task<VendorLatencyReport> RunAsync(
        Func<int, Task<IReadOnlyList<SeededUser>>> seed,
        int seconds,
        TextWriter output
    )
    {
        await SetLatencyAsync(LatencyMs);
        try
        {
            var steps = await RateSearch.RunAsync(runner, seed, seconds, output, "(11)", P95BoundMs);
            var half = Math.Max(5, Math.Round(RateSearch.SustainedRate(steps, P95BoundMs) / 2));
            output.WriteLine($"(11) pipeline at {half}/s, half the sustained rate, for latency");
            var latency = await runner.RunAsync(
                await seed((int)(half * seconds)),
                half,
                TimeSpan.FromSeconds(seconds),
                TimeSpan.FromSeconds(60),
                CancellationToken.None
            );
            return new VendorLatencyReport(LatencyMs, steps, latency);
        }
        finally
        {
            await SetLatencyAsync(usualLatencyMs);
        }
    }

    private async Task SetLatencyAsync(int latencyMs)
    {
        await SandboxFaults.ClearAsync(sandbox);
        await SandboxFaults.ForEveryProviderAsync(sandbox, status: 0, latencyMs, TimeSpan.FromHours(1));
    }
}

/// <summary>The rate search and the latency run at <see cref="LatencyMs"/> per vendor call.</summary>
public sealed record VendorLatencyReport(int LatencyMs, List<LoadReport> Steps, LoadReport Latency)
{
    public double Sustained => RateSearch.SustainedRate(Steps, VendorLatencyRun.P95BoundMs);
}
