using Microsoft.Extensions.Options;
using Npgsql;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Jobs.Resilience;

/// <summary>
/// Keeps each provider connection within its limits (<see cref="ProviderLimitOptions"/>) across all workers: a
/// sync waits briefly in place for a concurrency slot and a rate token; past MaxWait it is deferred instead,
/// spending no retry. The provider should then never have to answer 429 for our volume.
/// </summary>
public sealed class ProviderThrottle(
    ProviderThrottleRepository repository,
    IOptionsMonitor<ProviderLimitOptions> limits,
    TimeProvider time
)
{
    // A slot's lease is renewed while its holder runs, so a killed worker's slot frees itself within one lease.
    private static readonly TimeSpan SlotLease = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan SlotRenewal = TimeSpan.FromSeconds(5);

    public async Task<IAsyncDisposable> EnterAsync(
        string source,
        string key,
        Guid holder,
        CancellationToken cancellationToken
    )
    {
        var options = limits.Get(source);
        var deadline = time.GetUtcNow() + options.MaxWait;
        if (options.SyncsPerMinute > 0)
            await TakeTokenAsync(source, key, options.SyncsPerMinute, deadline, cancellationToken);
        if (options.MaxConcurrentSyncs <= 0)
            return NoSlot.Instance;
        await AcquireSlotAsync(source, key, options.MaxConcurrentSyncs, holder, deadline, cancellationToken);
        return new Slot(repository, key, holder, time);
    }

    /// <summary>
    /// Room for one call that must not take it from a sync (the vendor watcher's read): a free slot and a token now,
    /// or null at once, never waiting.
    /// </summary>
    public async Task<IAsyncDisposable?> TryEnterNowAsync(
        string source,
        string key,
        Guid holder,
        CancellationToken cancellationToken
    )
    {
        var options = limits.Get(source);
        var slot = (IAsyncDisposable)NoSlot.Instance;
        if (options.MaxConcurrentSyncs > 0)
        {
            var slots = options.MaxConcurrentSyncs;
            if (!await repository.TryAcquireSlotAsync(key, slots, holder, SlotLease, cancellationToken))
                return null;
            slot = new Slot(repository, key, holder, time);
        }
        if (
            options.SyncsPerMinute > 0
            && await repository.TryTakeTokenAsync(key, options.SyncsPerMinute, cancellationToken) is not null
        )
        {
            await slot.DisposeAsync();
            return null;
        }
        return slot;
    }

    private async Task TakeTokenAsync(
        string source,
        string key,
        int perMinute,
        DateTimeOffset deadline,
        CancellationToken cancellationToken
    )
    {
        while (await repository.TryTakeTokenAsync(key, perMinute, cancellationToken) is { } wait)
        {
            var readyAt = time.GetUtcNow() + wait;
            if (readyAt > deadline)
                throw new SyncDeferredException(
                    readyAt.UtcDateTime,
                    $"{source} allows {perMinute} syncs a minute per connection; this one waits its turn."
                );
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private async Task AcquireSlotAsync(
        string source,
        string key,
        int slots,
        Guid holder,
        DateTimeOffset deadline,
        CancellationToken cancellationToken
    )
    {
        var pause = TimeSpan.FromMilliseconds(20);
        while (!await repository.TryAcquireSlotAsync(key, slots, holder, SlotLease, cancellationToken))
        {
            if (time.GetUtcNow() + pause > deadline)
                throw new SyncDeferredException(
                    time.GetUtcNow().UtcDateTime.AddSeconds(1),
                    $"{source} allows {slots} concurrent syncs per connection; this one waits its turn."
                );
            await Task.Delay(pause, time, cancellationToken);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 200));
        }
    }

    private sealed class Slot : IAsyncDisposable
    {
        private readonly ProviderThrottleRepository repository;
        private readonly string key;
        private readonly Guid holder;
        private readonly CancellationTokenSource stop = new();
        private readonly Task renewal;

        public Slot(ProviderThrottleRepository repository, string key, Guid holder, TimeProvider time)
        {
            (this.repository, this.key, this.holder) = (repository, key, holder);
            renewal = RenewAsync(time);
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await renewal;
            stop.Dispose();
            await repository.ReleaseSlotAsync(key, holder);
        }

        private async Task RenewAsync(TimeProvider time)
        {
            using var timer = new PeriodicTimer(SlotRenewal, time);
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                {
                    try
                    {
                        await repository.RenewSlotAsync(key, holder, SlotLease, stop.Token);
                    }
                    catch (NpgsqlException)
                    {
                        // The database is away: the lease may lapse, which only lets another sync in early.
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The holder finished and released the slot.
            }
        }
    }

    private sealed class NoSlot : IAsyncDisposable
    {
        public static readonly NoSlot Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
