using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Npgsql;
using Syntaskio.Jobs.Lifecycle;
using Syntaskio.Jobs.Monitoring;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Jobs.Processing;
using Syntaskio.Jobs.Resilience;
using Syntaskio.Providers;

namespace Syntaskio.UnitTests;

/// <summary>What SyncJobStateFilter writes to sync_jobs for each of Hangfire's state changes, with no
/// database.</summary>
public sealed class SyncJobStateFilterTests
{
    private static readonly DateTime Now = new(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);
    private readonly Guid syncJobId = Guid.NewGuid();
    private Mock<ISyncJobStateWriter> jobs = null!;
    private Mock<IStorageConnection> connection = null!;
    private ServiceProvider services = null!;

    // NUnit runs every test on one instance of the fixture: each gets fresh mocks here.
    [SetUp]
    public void CreateMocks()
    {
        jobs = new Mock<ISyncJobStateWriter>(MockBehavior.Strict);
        connection = new Mock<IStorageConnection>();
        services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    }

    [TearDown]
    public void DisposeMetrics() => services.Dispose();

    [Test]
    public void OnStateApplied_KeepsWhatTheSourceShows_WhenTheFailureIsAConflict()
    {
        jobs.Setup(j => j.MarkFailed(syncJobId, It.IsAny<string>(), "conflict", "notStarted", false))
            .Returns("microsoft");
        var conflict = new ProviderConflictException("Microsoft To Do", "completed", "notStarted", "completed", false);

        Apply(new FailedState(conflict), ProcessingState.StateName);

        jobs.VerifyAll();
    }

    [Test]
    public void OnStateApplied_MarksTheSyncFailedForGood_WhenSupportDeletesIt()
    {
        jobs.Setup(j => j.MarkDeleted(syncJobId, It.Is<string>(e => e.Contains("deleted")))).Returns("microsoft");

        Apply(new DeletedState(), FailedState.StateName);

        jobs.VerifyAll();
    }

    [Test]
    public void OnStateApplied_RecordsTheDueTimeAndDeferral_WhenARunEndsInARetry()
    {
        var due = Now.AddSeconds(30);
        jobs.Setup(j => j.MarkRetrying(syncJobId, "Deferred: circuit open", due, true)).Returns("microsoft");

        Apply(new SyncRetryState(due, deferred: true, "Deferred: circuit open"), ProcessingState.StateName);

        jobs.VerifyAll();
    }

    [Test]
    public void OnStateApplied_WritesNothing_WhenARetryIsScheduledOutsideARun()
    {
        Apply(new SyncRetryState(Now, deferred: false, "Retry"), EnqueuedState.StateName);

        jobs.VerifyNoOtherCalls();
    }

    [Test]
    public void OnStateApplied_MarksTheSyncRequeued_WhenSupportRequeuesADeadLetter()
    {
        jobs.Setup(j => j.MarkRequeued(syncJobId));

        Apply(new EnqueuedState(), FailedState.StateName);

        jobs.VerifyAll();
    }

    [Test]
    public void OnStateApplied_WritesNothing_WhenTheJobIsNotASync()
    {
        Apply(
            new FailedState(new InvalidOperationException("not ours")),
            ProcessingState.StateName,
            Job.FromExpression(() => Console.WriteLine("another job"))
        );

        jobs.VerifyNoOtherCalls();
    }

    [TestCase("Failed")]
    [TestCase("Deleted")]
    public void OnStateElection_GivesFreshRetries_WhenADeadLetterIsRequeued(string from)
    {
        Elect(new EnqueuedState(), from);

        connection.Verify(c => c.SetJobParameter("1", "RetryCount", It.Is<string>(v => v.Trim('"') == "0")));
    }

    [Test]
    public void OnStateElection_KeepsTheRetryCount_WhenARetryComesDue()
    {
        Elect(new EnqueuedState(), ScheduledState.StateName);

        connection.Verify(c => c.SetJobParameter(It.IsAny<string>(), "RetryCount", It.IsAny<string>()), Times.Never);
    }

    private SyncJobStateFilter Filter() =>
        new(
            jobs.Object,
            new SyncMetrics(
                services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
                NpgsqlDataSource.Create("Host=unused")
            )
        );

    private ApplyStateContext Context(IState newState, string oldState, Job? job = null) =>
        new(
            new Mock<JobStorage>().Object,
            connection.Object,
            new Mock<IWriteOnlyTransaction>().Object,
            new BackgroundJob(
                "1",
                job ?? Job.FromExpression<SyncTaskJob>(sync => sync.RunAsync(syncJobId, CancellationToken.None)),
                Now
            ),
            newState,
            oldState
        );

    private void Apply(IState newState, string oldState, Job? job = null)
    {
        var context = Context(newState, oldState, job);
        Filter().OnStateApplied(context, context.Transaction);
    }

    private void Elect(IState candidate, string currentState) =>
        Filter().OnStateElection(new ElectStateContext(Context(candidate, currentState)));
}
