using System.Diagnostics;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Syntaskio.Jobs.Hosting;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Jobs.Queueing;

namespace Syntaskio.Tests.Integration;

/// <summary>
/// Scheduled jobs moved to the queue when they come due, not on a beat: Hangfire's own scheduler is set to poll
/// every 5 minutes here, so only <see cref="DueJobScheduler"/> can move a job in time. Scores are whole seconds, so a
/// job is due at the start of the second it was scheduled for.
/// </summary>
public sealed class DueJobSchedulerTests
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(250);

    [Test]
    public async Task Execute_MovesAnAnnouncedJobWhenItComesDue_WhileHangfiresOwnPollSleeps()
    {
        await using var setup = await Setup.StartAsync("hangfire_due_announced");
        var client = new BackgroundJobClient(setup.Storage, new JobFilterCollection { setup.Announcer });

        var (jobId, dueAt) = Schedule(client, TimeSpan.FromSeconds(2));
        var movedAt = await setup.WhenEnqueuedAsync(jobId);

        Assert.That(movedAt, Is.InRange(dueAt, dueAt + Tolerance));
    }

    [Test]
    public async Task Execute_MovesAJobScheduledBeforeItStarted_WhenItComesDue()
    {
        await using var setup = await Setup.CreateAsync("hangfire_due_restart");
        var (jobId, dueAt) = Schedule(new BackgroundJobClient(setup.Storage), TimeSpan.FromSeconds(2));

        setup.Start();
        var movedAt = await setup.WhenEnqueuedAsync(jobId);

        Assert.That(movedAt, Is.InRange(dueAt, dueAt + Tolerance));
    }

    [Test]
    public async Task Execute_MovesAnAnnouncedJobThatIsAlreadyDue_AtOnce()
    {
        await using var setup = await Setup.StartAsync("hangfire_due_now");
        var client = new BackgroundJobClient(setup.Storage, new JobFilterCollection { setup.Announcer });

        var scheduled = DateTime.UtcNow;
        var jobId = client.Schedule(() => Console.WriteLine("a retry already due"), TimeSpan.FromSeconds(-1));
        var movedAt = await setup.WhenEnqueuedAsync(jobId);

        // Within the commit grace, or a second more when the move meets a lock held a moment longer (the storage
        // retries a lock after a second): either way long before the fallback poll, and inside the 2 s a retry is
        // handed to Hangfire ahead of its due time (SyncRetryPolicy.HangfireLead).
        Assert.That(
            movedAt - scheduled,
            Is.LessThan(ScheduleWakeUps.CommitGrace + TimeSpan.FromSeconds(1) + Tolerance)
        );
    }

    // Scheduled so that the whole second it falls in starts at least a second from now.
    private static (string JobId, DateTime DueAt) Schedule(BackgroundJobClient client, TimeSpan atLeast)
    {
        var now = DateTime.UtcNow;
        var dueAt = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc) + atLeast;
        var jobId = client.Schedule(() => Console.WriteLine("a retry"), dueAt + TimeSpan.FromMilliseconds(500));
        return (jobId, dueAt);
    }

    private sealed class Setup : IAsyncDisposable
    {
        private readonly Npgsql.NpgsqlDataSource dataSource;
        private readonly DueJobScheduler scheduler;
        private BackgroundJobServer? server;

        private Setup(Npgsql.NpgsqlDataSource dataSource, string schema)
        {
            this.dataSource = dataSource;
            var options = new SyncWorkerOptions { SchedulePollingInterval = TimeSpan.FromMinutes(5) };
            Options = options;
            Storage = SyncJobsServiceCollectionExtensions.CreateStorage(dataSource, options, schema);
            var wakeUps = new ScheduleWakeUps(TimeProvider.System);
            Announcer = new ScheduleAnnouncementFilter(wakeUps);
            Schedule = new HangfireScheduleRepository(dataSource, schema);
            scheduler = new DueJobScheduler(Schedule, wakeUps);
        }

        public SyncWorkerOptions Options { get; }
        public JobStorage Storage { get; }
        public ScheduleAnnouncementFilter Announcer { get; }
        public HangfireScheduleRepository Schedule { get; }

        public static Task<Setup> CreateAsync(string schema) =>
            Task.FromResult(
                new Setup(
                    SyncJobsServiceCollectionExtensions.CreateDataSource(
                        new DatabaseOptions { ConnectionString = TestEnvironment.ConnectionString }
                    ),
                    schema
                )
            );

        // Started, and past the first look both schedulers take as the server starts: while one holds Hangfire's
        // scheduler lock, the other waits out the storage's lock retry (a second), which is not what is measured.
        public static async Task<Setup> StartAsync(string schema)
        {
            var setup = await CreateAsync(schema);
            setup.Start();
            var client = new BackgroundJobClient(setup.Storage, new JobFilterCollection { setup.Announcer });
            await setup.WhenEnqueuedAsync(client.Schedule(() => Console.WriteLine("first"), TimeSpan.FromSeconds(-1)));
            return setup;
        }

        // No worker serves the queue "nothing", so a moved job stays Enqueued for the test to see.
        public void Start() =>
            server = new BackgroundJobServer(
                new BackgroundJobServerOptions
                {
                    WorkerCount = 1,
                    Queues = ["nothing"],
                    SchedulePollingInterval = Options.SchedulePollingInterval,
                },
                Storage,
                [scheduler]
            );

        public async Task<DateTime> WhenEnqueuedAsync(string jobId)
        {
            using var connection = Storage.GetConnection();
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                if (connection.GetStateData(jobId)?.Name == EnqueuedState.StateName)
                    return DateTime.UtcNow;
                await Task.Delay(10);
            }
            Assert.Fail($"job {jobId} was never moved to the queue");
            return default;
        }

        public async ValueTask DisposeAsync()
        {
            server?.Dispose();
            await dataSource.DisposeAsync();
        }
    }
}
