using Microsoft.Extensions.Time.Testing;
using Syntaskio.Api.Infrastructure;

namespace Syntaskio.UnitTests;

/// <summary>AddressBuckets on a fake clock: a burst, a refill by elapsed time, and full buckets dropped.</summary>
public sealed class AddressBucketsTests
{
    private const string Address = "203.0.113.7";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));

    // Three at once, then one a second: a full bucket refills in 3 s.
    private AddressBuckets Buckets() =>
        new(new RateLimitOptions { AddressBurst = 3, AddressPermitsPerMinute = 60 }, time);

    [Test]
    public void TryTake_RefusesWithTheWaitForTheNextToken_WhenTheBurstIsSpent()
    {
        var buckets = Buckets();
        var burst = Enumerable.Range(0, 3).Select(_ => buckets.TryTake(Address)).ToList();
        time.Advance(TimeSpan.FromSeconds(0.25));

        Assert.That(burst, Has.All.Null, "the burst passes");
        Assert.That(
            buckets.TryTake(Address),
            Is.EqualTo(TimeSpan.FromSeconds(0.75)).Within(TimeSpan.FromMilliseconds(1))
        );
        Assert.That(buckets.TryTake("198.51.100.1"), Is.Null, "another address has its own bucket");
    }

    [Test]
    public void TryTake_GrantsOneTokenPerRefillPeriod_WhenTimePasses()
    {
        var buckets = Buckets();
        for (var i = 0; i < 3; i++)
            buckets.TryTake(Address);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(buckets.TryTake(Address), Is.Null, "one token after a second");
        Assert.That(buckets.TryTake(Address), Is.Not.Null, "and only one");
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.That(
            Enumerable.Range(0, 4).Select(_ => buckets.TryTake(Address) is null),
            Is.EqualTo(new[] { true, true, true, false }),
            "refilled to the burst, no more"
        );
    }

    [Test]
    public void TryTake_DropsTheBucketsThatHaveRefilled_WhenTheSweepIsDue()
    {
        var buckets = Buckets();
        buckets.TryTake(Address);
        time.Advance(TimeSpan.FromSeconds(2));
        buckets.TryTake("198.51.100.1");
        Assert.That(buckets.Count, Is.EqualTo(2), "a sweep runs at most once a refill time");

        time.Advance(TimeSpan.FromSeconds(1.5));
        buckets.TryTake("192.0.2.1");

        Assert.That(buckets.Count, Is.EqualTo(2), "the first address's bucket, full again, is gone; the second stays");
        Assert.That(buckets.TryTake(Address), Is.Null);
    }
}
