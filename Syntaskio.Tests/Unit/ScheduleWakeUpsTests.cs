using System.Diagnostics;
using Syntaskio.Jobs.Queueing;

namespace Syntaskio.Tests.Unit;

public sealed class ScheduleWakeUpsTests
{
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(150);

    // The class waits by the system clock, the test measures with Stopwatch: they differ by a few microseconds.
    private static readonly TimeSpan Clocks = TimeSpan.FromMilliseconds(5);
    private ScheduleWakeUps wakeUps = null!;

    [SetUp]
    public void CreateWakeUps() => wakeUps = new ScheduleWakeUps(TimeProvider.System);

    [Test]
    public async Task WaitUntil_ReturnsAtTheAnnouncedTime_WhenAJobIsAnnouncedWhileItSleeps()
    {
        var clock = Stopwatch.StartNew();
        var waiting = Task.Run(() => wakeUps.WaitUntil(null, CancellationToken.None));
        wakeUps.Announce(DateTime.UtcNow.AddMilliseconds(400));

        await waiting.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.That(clock.Elapsed, Is.InRange(TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(400) + Slack));
    }

    [Test]
    public void WaitUntil_WakesAfterTheCommitGraceAndOnceMore_WhenAnAnnouncedJobWasAlreadyDue()
    {
        wakeUps.Announce(DateTime.UtcNow.AddSeconds(-1));

        var first = Timed(() => wakeUps.WaitUntil(null, CancellationToken.None));
        var second = Timed(() => wakeUps.WaitUntil(null, CancellationToken.None));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var third = Timed(() => wakeUps.WaitUntil(null, stop.Token));

        Assert.That(first, Is.InRange(ScheduleWakeUps.CommitGrace - Clocks, ScheduleWakeUps.CommitGrace + Slack));
        Assert.That(second, Is.InRange(ScheduleWakeUps.CommitGrace - Clocks, ScheduleWakeUps.CommitGrace + Slack));
        Assert.That(third, Is.GreaterThan(TimeSpan.FromMilliseconds(900)), "no third look without a new job");
    }

    [Test]
    public void WaitUntil_PausesBeforeLookingAgain_WhenTheScheduleIsStillDue()
    {
        var waited = Timed(() => wakeUps.WaitUntil(DateTime.UtcNow.AddSeconds(-5), CancellationToken.None));

        Assert.That(waited, Is.InRange(ScheduleWakeUps.RepeatPause, ScheduleWakeUps.RepeatPause + Slack));
    }

    [Test]
    public void WaitUntil_SleepsUntilTheEarliestScheduledJob_WhenNothingIsAnnounced()
    {
        var waited = Timed(() => wakeUps.WaitUntil(DateTime.UtcNow.AddMilliseconds(500), CancellationToken.None));

        Assert.That(waited, Is.InRange(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500) + Slack));
    }

    [Test]
    public void WaitUntil_WakesForAJobAnnouncedWhileAFollowUpLookIsPending()
    {
        wakeUps.Announce(DateTime.UtcNow.AddSeconds(-1));
        wakeUps.WaitUntil(null, CancellationToken.None);
        // A follow-up look is pending now; this job comes due after it.
        var clock = Stopwatch.StartNew();
        wakeUps.Announce(DateTime.UtcNow.AddMilliseconds(600));

        wakeUps.WaitUntil(null, CancellationToken.None);
        var followUp = clock.Elapsed;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        wakeUps.WaitUntil(null, stop.Token);

        Assert.That(followUp, Is.InRange(ScheduleWakeUps.CommitGrace - Clocks, ScheduleWakeUps.CommitGrace + Slack));
        Assert.That(
            clock.Elapsed,
            Is.InRange(TimeSpan.FromMilliseconds(600) - Clocks, TimeSpan.FromMilliseconds(600) + Slack),
            "the job announced during the follow-up was not forgotten with it"
        );
    }

    private static TimeSpan Timed(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed;
    }
}
