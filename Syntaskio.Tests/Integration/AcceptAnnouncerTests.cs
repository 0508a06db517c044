using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Syntaskio.Jobs.Hosting;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Jobs.Queueing;
using Syntaskio.Jobs.Scheduling;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Integration;

/// <summary>
/// The accept path's NOTIFYs: its connections send none in their transactions, and AcceptAnnouncer sends them after
/// commit, one a job and one a person.
/// </summary>
public sealed class AcceptAnnouncerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Announce_NotifiesEveryJobAndEveryPerson_AfterTheChangesCommitted()
    {
        await using var dataSource = DataSource();
        await using var listener = await Listener.StartAsync(dataSource);
        var announcer = new AcceptAnnouncer(dataSource, NullLogger<AcceptAnnouncer>.Instance);
        await announcer.StartAsync(CancellationToken.None);

        var (first, second) = ($"subject-{Guid.NewGuid()}", $"subject-{Guid.NewGuid()}");
        var (job, other) = ($"{Random.Shared.NextInt64()}", $"{Random.Shared.NextInt64()}");

        announcer.Announce(first, job);
        announcer.Announce(first, other);
        announcer.Announce(second);
        await listener.ReceivedAsync(SyncEventRepository.Channel, second);
        await listener.ReceivedAsync(NotifiedJobQueue.Channel, other);
        await announcer.StopAsync(CancellationToken.None);

        // Other tests' workers may notify on the same channels meanwhile: only this test's payloads count.
        Assert.That(listener.On(NotifiedJobQueue.Channel, job, other), Is.EquivalentTo(new[] { job, other }));
        Assert.That(listener.On(SyncEventRepository.Channel, first, second), Is.EquivalentTo(new[] { first, second }));
    }

    [Test]
    public async Task AnEventWrittenOnTheAcceptPool_IsNotAnnouncedByItsTransaction()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        await using var dataSource = DataSource();
        await using var acceptPool = DataSource(AcceptPool.AnnounceAfterCommit);
        await using var listener = await Listener.StartAsync(dataSource);

        await EmitEventAsync(acceptPool, user.UserId);
        // Notifications arrive in commit order: once this one is in, the one before would have been too.
        await EmitEventAsync(dataSource, user.UserId);
        await listener.ReceivedAsync(SyncEventRepository.Channel, user.Subject);

        Assert.That(listener.On(SyncEventRepository.Channel, user.Subject), Has.Count.EqualTo(1));
    }

    private static NpgsqlDataSource DataSource(string? sessionOptions = null) =>
        SyncJobsServiceCollectionExtensions.CreateDataSource(
            new DatabaseOptions { ConnectionString = TestEnvironment.ConnectionString },
            sessionOptions: sessionOptions
        );

    private static async Task EmitEventAsync(NpgsqlDataSource dataSource, Guid userId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "SELECT emit_sync_event(@user, 'sync.pending', NULL, NULL, 'open', 0, NULL, NULL, NULL, NULL)",
            connection
        );
        command.Parameters.AddWithValue("user", userId);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A connection LISTENing on the queue's and the events' channels, collecting what arrives.</summary>
    private sealed class Listener : IAsyncDisposable
    {
        private readonly ConcurrentQueue<(string Channel, string Payload)> received = new();
        private readonly CancellationTokenSource stop = new();
        private NpgsqlConnection connection = null!;
        private Task waiting = Task.CompletedTask;

        public static async Task<Listener> StartAsync(NpgsqlDataSource dataSource)
        {
            var listener = new Listener { connection = await dataSource.OpenConnectionAsync() };
            listener.connection.Notification += (_, e) => listener.received.Enqueue((e.Channel, e.Payload));
            await using (
                var listen = new NpgsqlCommand(
                    $"LISTEN {NotifiedJobQueue.Channel}; LISTEN {SyncEventRepository.Channel}",
                    listener.connection
                )
            )
                await listen.ExecuteNonQueryAsync();
            listener.waiting = listener.WaitAsync();
            return listener;
        }

        public Task ReceivedAsync(string channel, string payload) =>
            Eventually.ReturnsAsync(
                () => Task.FromResult(On(channel, payload).Count),
                arrived => arrived > 0,
                Deadline,
                $"{payload} on {channel}"
            );

        public IReadOnlyList<string> On(string channel, params string[] payloads) =>
            received
                .Where(note => note.Channel == channel && payloads.Contains(note.Payload))
                .Select(note => note.Payload)
                .ToList();

        private async Task WaitAsync()
        {
            try
            {
                while (!stop.IsCancellationRequested)
                    await connection.WaitAsync(stop.Token);
            }
            catch (OperationCanceledException) { }
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await waiting;
            await connection.DisposeAsync();
            stop.Dispose();
        }
    }
}
