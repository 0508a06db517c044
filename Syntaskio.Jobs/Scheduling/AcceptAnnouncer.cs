using System.Threading.Channels;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Syntaskio.Jobs.Queueing;

namespace Syntaskio.Jobs.Scheduling;

/// <summary>
/// Sends the NOTIFYs an accepted change's own transaction leaves out (<see cref="AcceptPool.AnnounceAfterCommit"/>):
/// the queue's wake-up for its Hangfire job and its person's event stream's. PostgreSQL serialises the commits of all
/// notifying transactions under one lock, so a request that notified waited for the workers' commits; here the
/// request only hands its change over, once committed, and the announcements of every change accepted meanwhile go
/// in one transaction. A change whose process dies before its announcement is still found by the queue's fallback
/// poll, and its event is read with the stream's next one.
/// </summary>
public sealed class AcceptAnnouncer(NpgsqlDataSource dataSource, ILogger<AcceptAnnouncer> logger) : BackgroundService
{
    // A NOTIFY per job (a worker wakes for each; identical ones in one transaction would fold into one) and per person.
    // The events' channel is spelled out: TableWriterMapTests finds every place that announces events by that text.
    private const string AnnounceSql = $"""
        SELECT pg_notify('{NotifiedJobQueue.Channel}', job) FROM unnest(@Jobs) AS job
        UNION ALL
        SELECT pg_notify('sync_events', subject) FROM unnest(@Subjects) AS subject
        """;

    private const int MaxBatch = 500;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    private readonly Channel<(string? Job, string Subject)> pending = Channel.CreateUnbounded<(string?, string)>(
        new UnboundedChannelOptions { SingleReader = true }
    );

    /// <summary>
    /// Announces a committed change of <paramref name="subject"/>'s: its events, and its Hangfire job when it has one.
    /// </summary>
    public void Announce(string subject, string? hangfireJobId = null) =>
        pending.Writer.TryWrite((hangfireJobId, subject));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(string? Job, string Subject)>();
        try
        {
            // A batch that failed is sent again whether or not more changes arrive.
            while (batch.Count > 0 || await pending.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && pending.Reader.TryRead(out var change))
                    batch.Add(change);
                if (await TrySendAsync(batch, stoppingToken))
                    batch.Clear();
                else
                    await Task.Delay(RetryDelay, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            while (pending.Reader.TryRead(out var change))
                batch.Add(change);
            if (batch.Count > 0)
                await TrySendAsync(batch, CancellationToken.None);
        }
    }

    private async Task<bool> TrySendAsync(
        List<(string? Job, string Subject)> batch,
        CancellationToken cancellationToken
    )
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var parameters = new
            {
                Jobs = batch.Where(change => change.Job is not null).Select(change => change.Job!).ToArray(),
                Subjects = batch.Select(change => change.Subject).Distinct().ToArray(),
            };
            await connection.ExecuteAsync(
                new CommandDefinition(AnnounceSql, parameters, cancellationToken: cancellationToken)
            );
            return true;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            logger.LogWarning(
                "Announcing {Count} accepted changes failed ({Message}); trying again",
                batch.Count,
                exception.Message
            );
            return false;
        }
    }
}
