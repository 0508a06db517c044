using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Syntaskio.Jobs.Resilience;
using Syntaskio.Providers;

namespace Syntaskio.UnitTests;

/// <summary>SyncRetryPolicy on a fake clock: every decision of when a sync calls its vendor again.</summary>
public sealed class SyncRetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider time = new(Now);

    private SyncRetryPolicy Policy(SyncRetryOptions? options = null) =>
        new(Options.Create(options ?? new SyncRetryOptions()), time);

    [TestCase(0, 1)]
    [TestCase(1, 2)]
    [TestCase(2, 4)]
    [TestCase(3, 8)]
    [TestCase(4, 16)]
    public void NextState_WaitsTheStorysDelay_WhenTheVendorFailsTransiently(int retriesSoFar, int seconds)
    {
        var (state, spends) = Policy().NextState(new TransientProviderException("503", 503), retriesSoFar)!.Value;

        Assert.That(state.DueAt, Is.EqualTo(Now.UtcDateTime.AddSeconds(seconds)));
        Assert.That(state.EnqueueAt, Is.EqualTo(state.DueAt - SyncRetryPolicy.HangfireLead));
        Assert.That((spends, state.Deferred), Is.EqualTo((true, false)));
    }

    [Test]
    public void NextState_WaitsForRetryAfter_WhenItIsLongerThanTheDelay()
    {
        var throttled = new TransientProviderException("429", 429, retryAfter: TimeSpan.FromSeconds(7));

        var (state, _) = Policy().NextState(throttled, retriesSoFar: 1)!.Value;

        Assert.That(state.DueAt, Is.EqualTo(Now.UtcDateTime.AddSeconds(7)));
        Assert.That(state.Reason, Does.Contain("Retry-After of 7 s"));
    }

    [Test]
    public void NextState_KeepsTheDelay_WhenRetryAfterIsShorter()
    {
        var throttled = new TransientProviderException("429", 429, retryAfter: TimeSpan.FromSeconds(1));

        var (state, _) = Policy().NextState(throttled, retriesSoFar: 3)!.Value;

        Assert.That(state.DueAt, Is.EqualTo(Now.UtcDateTime.AddSeconds(8)));
    }

    [Test]
    public void NextState_LeavesTheJobFailed_WhenItsRetriesAreSpent() =>
        Assert.That(Policy().NextState(new TransientProviderException("503"), SyncRetryPolicy.Backoff.Count), Is.Null);

    [Test]
    public void NextState_LeavesTheJobFailed_WhenTheRefusalIsPermanentOrAConflict()
    {
        Assert.That(Policy().NextState(new PermanentProviderException("403"), 0), Is.Null);
        Assert.That(Policy().NextState(new ProviderConflictException("microsoft", "x", "y", "z"), 0), Is.Null);
    }

    [Test]
    public void NextState_RetriesOnTheStorysDelay_WhenTheFailureIsUnknown()
    {
        var (state, spends) = Policy().NextState(new InvalidOperationException("a bug"), retriesSoFar: 0)!.Value;

        Assert.That((state.DueAt, spends), Is.EqualTo((Now.UtcDateTime.AddSeconds(1), true)));
    }

    [Test]
    public void NextState_DefersWithoutSpendingARetry_WhenTheJobWaitsForItsVendor()
    {
        var until = Now.UtcDateTime.AddSeconds(30);

        var (state, spends) = Policy().NextState(new SyncDeferredException(until, "circuit open"), 5)!.Value;

        Assert.That((state.DueAt, state.Deferred, spends), Is.EqualTo((until, true, false)));
    }

    [Test]
    public void NextState_DefersOneSecond_WhenTheDatabaseDidNotAnswer()
    {
        var (state, spends) = Policy().NextState(new NpgsqlException("gone"), 5)!.Value;

        Assert.That(state.DueAt, Is.EqualTo(Now.UtcDateTime + SyncRetryPolicy.DatabaseRetryDelay));
        Assert.That((state.Deferred, spends), Is.EqualTo((true, false)));
    }

    [Test]
    public async Task WaitUntilDueAsync_WaitsOutTheLead_WhenHangfireStartedTheJobEarly()
    {
        var dueAt = Now.UtcDateTime.AddSeconds(2);

        var waiting = Policy().WaitUntilDueAsync(dueAt, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.That(waiting.IsCompleted, Is.False, "not before it is due");
        time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.That(await waiting, Is.True);
    }

    [Test]
    public async Task WaitUntilDueAsync_ReturnsAtOnce_WhenTheJobIsDue() =>
        Assert.That(await Policy().WaitUntilDueAsync(Now.UtcDateTime, CancellationToken.None), Is.False);

    [Test]
    public void DefersTooLong_SaysSo_OnlyPastMaxDeferral()
    {
        var policy = Policy(new SyncRetryOptions { MaxDeferral = TimeSpan.FromMinutes(10) });
        var since = Now.UtcDateTime;

        Assert.That(policy.DefersTooLong(since, since.AddMinutes(10)), Is.False);
        Assert.That(policy.DefersTooLong(since, since.AddMinutes(10).AddSeconds(1)), Is.True);
    }

    [Test]
    public void MaxCalls_IsTheFirstCallAndEveryRetry() => Assert.That(SyncRetryPolicy.MaxCalls, Is.EqualTo(6));
}
