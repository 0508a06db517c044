using Syntaskio.LoadTest.Bench;
using Syntaskio.LoadTest.Running;

namespace Syntaskio.UnitTests;

public sealed class BenchTableTests
{
    private static readonly Percentiles Latency = new(10, 20, 30, 40, 100);

    [Test]
    public void Render_HasEveryRowIssue14Names_WithItsFigures()
    {
        var table = BenchTable.Render(Results(), "2 cores");

        Assert.Multiple(() =>
        {
            Assert.That(table, Does.Contain("| database round trips per sync | 28.5 (the 100/s step) | <= 30 |"));
            Assert.That(
                table,
                Does.Contain(
                    "| CPU ms per sync, service + PostgreSQL | 30.0 (12.0 + 18.0), the 100/s step | <= 26.0 (1.3x "
                        + "the next row) |"
                )
            );
            Assert.That(
                table,
                Does.Contain(
                    "| CPU ms per raw Hangfire no-op job, + PostgreSQL | 20.0 (8.0 + 12.0), 37.5 round trips | "
                        + "reference |"
                )
            );
            Assert.That(table, Does.Contain("| max sustained pipeline changes/s | 150 | >= 200 |"));
            Assert.That(table, Does.Contain("| pipeline / baseline (alone) | 0.75 | >= 0.75 |"));
            Assert.That(table, Does.Contain("| API accept at 100/s, ms p99 | 30.0 (p50 10.0) | <= 50 |"));
            Assert.That(
                table,
                Does.Contain("| pipeline changes/s with 2,000,000 past syncs / empty | 0.67 (100 / 150) | >= 0.9 |")
            );
            Assert.That(table, Does.Contain("| our own writes shown as task.changed (echoes) | 0 of 50 | 0 |"));
            Assert.That(
                table,
                Does.Contain("ms p50 / p95 / p99 | 5000 / 9000 / 10500 (50 of 50 edits) | p95 <= 11000 |")
            );
            Assert.That(
                table,
                Does.Contain(
                    "with Graph's notifications, ms p50 / p95 / p99 | 100 / 300 / 400 (50 of 50 edits) | p95 <= 1000 |"
                )
            );
            Assert.That(
                table,
                Does.Contain("vendor requests per minute, service CPU | 8,000, 0.25 cores | for reference |")
            );
            Assert.That(
                table,
                Does.Contain(
                    "| pipeline changes/s beside 1,000 watched accounts / with no watching | 0.50 (75 / 150 at "
                        + "150/s offered) | >= 0.9 |"
                )
            );
        });
    }

    [Test]
    public void Render_HasTheSlowVendorAndAcceptRows_WithTheirFigures()
    {
        var slow = Step(300, true) with
        {
            OfferedRatePerSecond = 45,
            EndToEndBySourceMs = new Dictionary<string, Percentiles> { ["microsoft"] = new(700, 1100, 1300, 1400, 9) },
        };
        var results = Results() with
        {
            AcceptAtTwice = Step(300, true),
            SlowVendors = new VendorLatencyReport(300, [Step(50, true), Step(100, false)], slow),
        };

        var table = BenchTable.Render(results, "2 cores");

        Assert.Multiple(() =>
        {
            Assert.That(
                table,
                Does.Contain("| API accept at twice the sustained rate, ms p99 | 30.0 (p50 10.0, at 300/s) | <= 50 |")
            );
            Assert.That(
                table,
                Does.Contain(
                    "| max sustained pipeline changes/s at 300 ms per vendor call / at 20 ms | 0.33 (50 / 150)"
                )
            );
            Assert.That(
                table,
                Does.Contain(
                    "half the sustained rate, ms p95 | 1100 To Do, 20 every vendor (at 45/s) | <= 1500 for To Do |"
                )
            );
            Assert.That(table, Does.Contain("Rate search at 300 ms per vendor call"));
        });
    }

    internal static LoadReport Step(double rate, bool sustained, WorkPerUnit? work = null) =>
        new(
            rate,
            10,
            (int)(rate * 10),
            (int)(rate * 10),
            (int)(rate * 10),
            sustained ? 0 : 5,
            Latency,
            Latency,
            sustained ? rate : rate / 2,
            null,
            null,
            null,
            work
        );

    internal static BenchResults Results()
    {
        var accept = Step(100, true, new WorkPerUnit(1000, 28.5, 12, 18));
        var baseline = new BaselineResult(300, 150, 200, new WorkPerUnit(3000, 37.5, 8, 12));
        var soak = new SoakReport(Step(50, true), 250, 251, 260);
        return new BenchResults(
            baseline,
            baseline,
            [Step(100, true), Step(150, true), Step(200, false)],
            Step(20, true),
            accept,
            new OutageReport(Step(50, true), TimeSpan.FromSeconds(30)),
            soak,
            280,
            new HistoryReport([Step(100, true), Step(150, false)], accept, TimeSpan.FromSeconds(90)),
            new InboundReport(
                50,
                0,
                50,
                new Percentiles(5000, 9000, 10500, 10900, 50),
                TimeSpan.FromSeconds(10),
                new Percentiles(100, 300, 400, 450, 50)
            ),
            new WatcherCostReport(1000, 8000, 0.25, Step(150, true), Step(150, false))
        );
    }
}
