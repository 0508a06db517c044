using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Syntaskio.Jobs.Processing;
using Syntaskio.Jobs.Resilience;
using Syntaskio.Providers;

namespace Syntaskio.UnitTests;

/// <summary>
/// SyncRetryFilter's verdicts, as Hangfire tests its own filters: a state election with a fake clock.
/// </summary>
public sealed class SyncRetryFilterTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider time = new(Now);

    [Test]
    public void OnStateElection_SchedulesTheStorysDelay_WhenTheProviderFailsTransiently()
    {
        var state = Elect(new TransientProviderException("503"), retriesSoFar: 2);

        var retry = (SyncRetryState)state;
        Assert.That(retry.DueAt, Is.EqualTo(Now.UtcDateTime.AddSeconds(4)), "the third retry waits 4 s");
        Assert.That(retry.EnqueueAt, Is.EqualTo(retry.DueAt - SyncRetryPolicy.HangfireLead));
        Assert.That(retry.Deferred, Is.False);
    }

    [Test]
    public void OnStateElection_WaitsForRetryAfter_WhenItIsLongerThanTheDelay()
    {
        var state = Elect(
            new TransientProviderException("429", 429, retryAfter: TimeSpan.FromSeconds(7)),
            retriesSoFar: 0
        );

        Assert.That(((SyncRetryState)state).DueAt, Is.EqualTo(Now.UtcDateTime.AddSeconds(7)));
    }

    [Test]
    public void OnStateElection_DefersUntilTheCircuitOpens_WithoutSpendingARetry()
    {
        var state = Elect(new SyncDeferredException(Now.UtcDateTime.AddSeconds(30), "circuit open"), retriesSoFar: 5);

        var retry = (SyncRetryState)state;
        Assert.That(retry.Deferred, Is.True);
        Assert.That(retry.DueAt, Is.EqualTo(Now.UtcDateTime.AddSeconds(30)));
    }

    [Test]
    public void OnStateElection_LeavesTheJobFailed_WhenItsRetriesAreSpent()
    {
        Assert.That(Elect(new TransientProviderException("503"), retriesSoFar: 5), Is.InstanceOf<FailedState>());
    }

    [Test]
    public void OnStateElection_LeavesTheJobFailed_WhenTheFailureIsPermanent()
    {
        Assert.That(Elect(new PermanentProviderException("403"), retriesSoFar: 0), Is.InstanceOf<FailedState>());
    }

    private IState Elect(Exception failure, int retriesSoFar)
    {
        var connection = new Mock<IStorageConnection>();
        connection
            .Setup(c => c.GetJobParameter("1", "RetryCount"))
            .Returns(retriesSoFar.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var job = Job.FromExpression<SyncTaskJob>(sync => sync.RunAsync(Guid.NewGuid(), CancellationToken.None));
        var apply = new ApplyStateContext(
            new Mock<JobStorage>().Object,
            connection.Object,
            new Mock<IWriteOnlyTransaction>().Object,
            new BackgroundJob("1", job, Now.UtcDateTime),
            new FailedState(failure),
            ProcessingState.StateName
        );
        var election = new ElectStateContext(apply);

        new SyncRetryFilter(new SyncRetryPolicy(Options.Create(new SyncRetryOptions()), time)).OnStateElection(
            election
        );
        return election.CandidateState;
    }
}
