using System.Collections.Concurrent;
using Syntaskio.Providers.Holds;

namespace Syntaskio.Jobs.Resilience;

/// <summary>
/// This process's view of the vendors' Retry-After holds, asked before every vendor call
/// (<see cref="ConnectionHoldHandler"/>). A hold met here is known at once; one set in another process arrives by
/// NOTIFY (<see cref="ConnectionHoldListener"/>). A hold only grows. Short holds are waited out in place
/// (<see cref="SyncRetryPolicy.HoldWaitInPlace"/>); a longer one throws, and the sync is deferred to its end.
/// </summary>
public sealed class ConnectionHoldRegistry(SyncRetryPolicy policy, TimeProvider time) : IConnectionHolds
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> holds = new();

    public void Hold(string connectionKey, TimeSpan retryAfter) =>
        HoldUntil(connectionKey, time.GetUtcNow() + retryAfter);

    public void HoldUntil(string connectionKey, DateTimeOffset until) =>
        holds.AddOrUpdate(connectionKey, until, (_, held) => held > until ? held : until);

    /// <summary>Until when <paramref name="connectionKey"/> is held, or null.</summary>
    public DateTimeOffset? HeldUntil(string connectionKey)
    {
        if (!holds.TryGetValue(connectionKey, out var until))
            return null;
        if (until > time.GetUtcNow())
            return until;
        holds.TryRemove(new KeyValuePair<string, DateTimeOffset>(connectionKey, until));
        return null;
    }

    public async Task WaitForAsync(string connectionKey, CancellationToken cancellationToken)
    {
        while (HeldUntil(connectionKey) is { } until)
        {
            var wait = until - time.GetUtcNow();
            if (wait > policy.HoldWaitInPlace)
                throw new ProviderHeldException(connectionKey, until);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, time, cancellationToken);
        }
    }
}
