using Syntaskio.LoadTest.Bench;
using Syntaskio.LoadTest.Running;

namespace Syntaskio.UnitTests;

public sealed class BenchChartsTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G'];

    [Test]
    public void Write_DrawsTheRateSearchTheOutageAndCpuPerSync_AsPngFiles()
    {
        var directory = Directory.CreateTempSubdirectory("bench-charts-").FullName;
        var outage = BenchTableTests.Step(50, true) with
        {
            Timeline = LoadTimeline.Of(
                Enumerable.Range(0, 900).Select(i => DateTimeOffset.UnixEpoch.AddSeconds(i / 10.0)).ToList(),
                Enumerable.Range(0, 900).Select(i => DateTimeOffset.UnixEpoch.AddSeconds(70 + i / 20.0)).ToList()
            ),
        };
        var results = BenchTableTests.Results() with
        {
            Outage = new OutageReport(outage, TimeSpan.FromSeconds(40)),
            SlowVendors = new VendorLatencyReport(
                300,
                [BenchTableTests.Step(50, true)],
                BenchTableTests.Step(25, true)
            ),
        };

        BenchCharts.Write(results, directory);

        foreach (var chart in new[] { "rate-search.png", "outage.png", "cpu-per-sync.png" })
            Assert.That(File.ReadAllBytes(Path.Combine(directory, chart)).Take(4), Is.EqualTo(PngSignature), chart);
        Directory.Delete(directory, recursive: true);
    }

    [Test]
    public void Backlog_CountsSentNotYetLanded_SecondBySecond()
    {
        var start = DateTimeOffset.UnixEpoch;
        var timeline = LoadTimeline.Of([start, start.AddSeconds(0.5), start.AddSeconds(1)], [start.AddSeconds(2.5)])!;

        Assert.That(timeline.Backlog(), Is.EqualTo(new[] { 2, 3, 2, 2 }));
    }
}
