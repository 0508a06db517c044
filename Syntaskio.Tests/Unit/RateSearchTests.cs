using Syntaskio.LoadTest.Bench;
using Syntaskio.LoadTest.Running;

namespace Syntaskio.UnitTests;

public sealed class RateSearchTests
{
    [Test]
    public async Task SearchAsync_FindsTheSustainedRateWithinFivePercent_WhenItLiesBetweenTwoSteps()
    {
        const double capacity = 118;
        var tried = new List<double>();

        var steps = await RateSearch.SearchAsync(
            rate =>
            {
                tried.Add(rate);
                return Task.FromResult(Report(rate, rate <= capacity ? rate : rate / 2));
            },
            RateSearch.DefaultP95BoundMs
        );

        var found = RateSearch.SustainedRate(steps);
        TestContext.Out.WriteLine($"tried {string.Join(", ", tried)}; found {found}");
        Assert.That(found, Is.InRange(capacity * (1 - RateSearch.Precision), capacity));
        Assert.That(tried.Take(4), Is.EqualTo(new[] { 25d, 50, 100, 150 }), "rising steps until the first miss");
    }

    [Test]
    public void Sustained_IsFalse_WhenTheP95IsOverTheBound()
    {
        var report = Report(100, 100, p95Ms: 1200);

        Assert.That(RateSearch.Sustained(report), Is.False);
        Assert.That(RateSearch.Sustained(report, p95BoundMs: 1500), Is.True);
    }

    private static LoadReport Report(double offered, double confirmed, double p95Ms = 200)
    {
        var latency = new Percentiles(100, p95Ms, p95Ms, p95Ms, 10);
        return new LoadReport(
            offered,
            10,
            (int)(offered * 10),
            (int)(offered * 10),
            (int)(confirmed * 10),
            0,
            latency,
            latency,
            confirmed,
            null
        );
    }
}
