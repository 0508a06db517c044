using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Syntaskio.Jobs.Intake;
using Syntaskio.Jobs.Lifecycle;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Jobs.Processing;
using Syntaskio.Jobs.Queueing;
using Syntaskio.Jobs.Resilience;
using Syntaskio.Providers;
using Syntaskio.Providers.Calls;
using Syntaskio.Providers.Holds;
using Syntaskio.Providers.Inbound;

namespace Syntaskio.Jobs.Inbound;

/// <summary>
/// Runs in every worker process: claims the connections whose poll is due (any number of processes share them, none
/// twice), reads each one's change feed from its cursor and applies what changed (<see
/// cref="SyncLifecycleRepository"/>'s vendor change: not over a change of ours in flight, and never our own write
/// coming back). A connection's lease is its poll interval, so a killed worker's connections are read again within one.
/// Between polls it sleeps until the next is due or a NOTIFY says one is due now (a vendor's notification, a new
/// connection). Each poll also reads, one by one, the tasks whose write's outcome was never learned: a feed reports a
/// change once, maybe while that write was still being retried, so only a read of the task itself settles it.
/// </summary>
public sealed class ConnectionWatcher(
    ConnectionWatchRepository watches,
    ProviderConnectionRepository connections,
    TaskReader tasks,
    TaskCatalogue catalogue,
    SyncLifecycleRepository lifecycle,
    ProviderRouter router,
    ProviderThrottle throttle,
    ProviderCircuitRepository circuits,
    ChangeSubscriptions subscriptions,
    NpgsqlDataSource dataSource,
    IOptions<InboundOptions> options,
    TimeProvider time,
    ILogger<ConnectionWatcher> logger
) : BackgroundService
{
    private const int ParallelPolls = 4;
    private static readonly TimeSpan OutagePause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BusyRetry = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var watched = ProviderRouter.Watched;
        var leases = watched.Select(settings.PollIntervalOf).ToArray();
        using var wakeUps = new QueueWakeUps(dataSource, ConnectionWatchRepository.WakeUpChannel);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var due = await watches.ClaimDueAsync(watched, leases, settings.BatchSize, stoppingToken);
                var parallel = new ParallelOptions
                {
                    MaxDegreeOfParallelism = ParallelPolls,
                    CancellationToken = stoppingToken,
                };
                await Parallel.ForEachAsync(due, parallel, async (each, token) =>
                    await PollAsync(each, settings.PollIntervalOf(each.Provider), token)
                );
                if (due.Count < settings.BatchSize)
                {
                    var nextDue = await watches.NextDueInAsync(watched, settings.RecheckInterval, stoppingToken);
                    await wakeUps.WaitAsync(nextDue, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (DatabaseAvailability.IsOutage(exception))
            {
                await Task.Delay(OutagePause, time, stoppingToken);
            }
        }
    }

    /// <summary>One read of a connection's feed; a failure is kept on the watch row and tried again later.</summary>
    public async Task PollAsync(WatchedConnection watched, TimeSpan interval, CancellationToken cancellationToken)
    {
        string? cursor = null;
        string? error = null;
        var nextIn = interval;
        string? key = null;
        try
        {
            var connection = connections.Unprotect(watched.Connection, watched.UserId, watched.Provider);
            key = ProviderCircuitBreaker.KeyFor(watched.Provider, connection);
            IReadOnlyList<KnownTask>? knownTasks = null;
            KnownTasks known = async token =>
                knownTasks ??= await tasks.ListKnownAsync(watched.UserId, watched.Provider, token);
            TaskChangePage? page = null;
            IReadOnlyList<VendorTaskChange> settled = [];
            var unconfirmed = await tasks.ListUnconfirmedAsync(watched.UserId, watched.Provider, cancellationToken);
            // Writes come first: a connection whose request budget they are using is read again shortly instead.
            // The slot is held for the vendor's calls only, not while the changes are applied here.
            var feed = router.FeedOf(watched.Provider)
                ?? throw new InvalidOperationException($"{watched.Provider} has no change feed to watch.");
            var holder = Guid.NewGuid();
            using var scope = VendorCallScope.For(key);
            await using (var room = await throttle.TryEnterNowAsync(watched.Provider, key, holder, cancellationToken))
            {
                if (room is null)
                    nextIn = BusyRetry < interval ? BusyRetry : interval;
                else
                {
                    page = await feed.ReadChangesAsync(
                        connection,
                        watched.Cursor,
                        known,
                        watched.Notified,
                        cancellationToken
                    );
                    if (unconfirmed.Count > 0)
                        settled = await feed.ReadTasksAsync(connection, unconfirmed, cancellationToken);
                }
            }
            if (page is not null)
            {
                var listChanged = false;
                foreach (var change in await OwnChangesAsync(page, known, cancellationToken))
                    listChanged |= await ApplyAsync(watched, change, page.CoversOnlyThisAccount, cancellationToken);
                foreach (var change in settled)
                    listChanged |= await ApplyAsync(watched, change, addsNew: false, cancellationToken);
                if (listChanged)
                    await lifecycle.RecordTaskListChangedAsync(watched.UserId, watched.Provider, cancellationToken);
                cursor = page.Cursor;
                if (page.Containers is { } containers)
                    await subscriptions.KeepAsync(
                        watched,
                        connection,
                        router.SubscriptionsOf(watched.Provider),
                        containers,
                        cancellationToken
                    );
            }
        }
        // A hold that began during the read: the connection is read again when it ends. Not a failure.
        catch (ProviderHeldException held)
        {
            var untilEnd = held.Until - time.GetUtcNow();
            nextIn = untilEnd > TimeSpan.Zero ? untilEnd : TimeSpan.Zero;
        }
        // Anything one feed throws (a refusal, a cursor it cannot read, an answer it cannot parse) is that
        // connection's problem: it must not end the watcher, and with it the worker process. The database away is not.
        catch (Exception exception)
            when (exception is not OperationCanceledException && !DatabaseAvailability.IsOutage(exception))
        {
            error = exception.Message;
            logger.LogWarning(
                "Reading {Provider}'s changes for connection {ConnectionId} failed: {Error}",
                watched.Provider,
                watched.Connection.Id,
                exception.Message
            );
            // The vendor's Retry-After to a read holds the connection's writes too, as one to a write holds reads.
            if (exception is TransientProviderException { RetryAfter: { } retryAfter } && key is not null)
                await circuits.HoldAsync(key, retryAfter, CancellationToken.None);
        }
        await watches.ReleaseAsync(watched, cursor, nextIn, error, CancellationToken.None);
    }

    // A feed of a whole company's records (ConnectWise's ticket search) is cut to the person's own tasks here, in
    // memory: applying each record would cost a statement for every ticket anyone in the company touched.
    private static async Task<IEnumerable<VendorTaskChange>> OwnChangesAsync(
        TaskChangePage page,
        KnownTasks known,
        CancellationToken cancellationToken
    )
    {
        if (page.CoversOnlyThisAccount)
            return page.Changes;
        var own = (await known(cancellationToken))
            .Select(task => (task.Kind, task.ContainerId, task.ExternalId))
            .ToHashSet();
        return page.Changes.Where(change => own.Contains((change.Kind, change.ContainerId, change.ExternalId)));
    }

    // A task new at the vendor is added (when the feed shows only the account's own), and one removed there is
    // removed, as the intake route would do it. True when the person's list of tasks changed.
    private async Task<bool> ApplyAsync(
        WatchedConnection watched,
        VendorTaskChange change,
        bool addsNew,
        CancellationToken token
    )
    {
        if (change.Removed)
        {
            var removal = new IntakeRemoval(watched.Provider, change.ContainerId, change.ExternalId);
            return await catalogue.RemoveManyAsync(watched.UserId, [removal], token) > 0;
        }
        if (change.Status is not { } status)
            return false;
        var seen = new VendorChange(
            watched.UserId,
            watched.Provider,
            change.Kind,
            change.ContainerId,
            change.ExternalId,
            change.Title,
            status.ToName(),
            change.VendorStatus,
            change.ModifiedAt
        );
        var outcome = await lifecycle.ApplyVendorChangeAsync(seen, token);
        if (outcome == VendorChangeOutcome.Missing && addsNew)
        {
            var added = new IntakeTask(
                seen.Source,
                seen.Kind,
                seen.ContainerId,
                seen.ExternalId,
                seen.Title ?? seen.ExternalId,
                seen.Status,
                seen.VendorStatus
            );
            return (await catalogue.UpsertManyAsync(watched.UserId, [added], token)).Created > 0;
        }
        if (outcome == VendorChangeOutcome.Applied)
        {
            logger.LogInformation(
                "{Provider} task {ExternalId} changed at the vendor to {VendorStatus}",
                watched.Provider,
                change.ExternalId,
                change.VendorStatus
            );
        }
        return false;
    }
}
