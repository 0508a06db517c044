using Microsoft.Extensions.Options;

namespace Syntaskio.Jobs.Resilience;

/// <summary>
/// Keeps each provider connection within its limits (<see cref="ProviderLimitOptions"/>) across all workers: a
/// sync waits briefly in place for a concurrency slot and a rate token; past MaxWait it is deferred instead,
/// spending no retry. The provider should then never have to answer 429 for our volume.
/// </summary>
public sealed class ProviderThrottle(ProviderThrottleRepository repository, IOptionsMonitor<ProviderLimitOptions> limits, TimeProvider time)
{
    // A crashed holder's slot frees itself after this: longer than any sync's calls take with their timeouts.
    private static readonly TimeSpan SlotLease = TimeSpan.FromMinutes(2);

    public async Task<IAsyncDisposable> EnterAsync(string source, string key, Guid holder, CancellationToken cancellationToken)
    {
        var options = limits.Get(source);
        var deadline = time.GetUtcNow() + options.MaxWait;
        if (options.SyncsPerMinute > 0) await TakeTokenAsync(source, key, options.SyncsPerMinute, deadline, cancellationToken);
        if (options.MaxConcurrentSyncs <= 0) return NoSlot.Instance;
        await AcquireSlotAsync(source, key, options.MaxConcurrentSyncs, holder, deadline, cancellationToken);
        return new Slot(repository, key, holder);
    }

    private async Task TakeTokenAsync(string source, string key, int perMinute, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        while (await repository.TryTakeTokenAsync(key, perMinute, cancellationToken) is { } wait)
        {
            var readyAt = time.GetUtcNow() + wait;
            if (readyAt > deadline)
                throw new SyncDeferredException(readyAt.UtcDateTime, $"{source} allows {perMinute} syncs a minute per connection; this one waits its turn.");
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private async Task AcquireSlotAsync(string source, string key, int slots, Guid holder, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var pause = TimeSpan.FromMilliseconds(20);
        while (!await repository.TryAcquireSlotAsync(key, slots, holder, SlotLease, cancellationToken))
        {
            if (time.GetUtcNow() + pause > deadline)
                throw new SyncDeferredException(time.GetUtcNow().UtcDateTime.AddSeconds(1), $"{source} allows {slots} concurrent syncs per connection; this one waits its turn.");
            await Task.Delay(pause, time, cancellationToken);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 200));
        }
    }

    private sealed class Slot(ProviderThrottleRepository repository, string key, Guid holder) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => new(repository.ReleaseSlotAsync(key, holder));
    }

    private sealed class NoSlot : IAsyncDisposable
    {
        public static readonly NoSlot Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
