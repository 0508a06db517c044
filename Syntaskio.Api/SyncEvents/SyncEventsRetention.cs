using Microsoft.Extensions.Options;
using Syntaskio.Api.Infrastructure;
using Syntaskio.Jobs.Lifecycle;

namespace Syntaskio.Api.SyncEvents;

public sealed class SyncEventsRetention(
    SyncLifecycleRepository events,
    IOptions<SyncEventsOptions> options,
    TimeProvider time
) : IRetentionPolicy
{
    public string Name => "sync events";

    public Task<int> DeleteExpiredAsync(CancellationToken cancellationToken) =>
        events.DeleteEventsOlderThanAsync(time.GetUtcNow().UtcDateTime - options.Value.Retention, cancellationToken);
}
