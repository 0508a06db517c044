using Microsoft.Extensions.Options;
using Syntaskio.Api.Infrastructure;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.SyncEvents;

public sealed class SyncEventsRetention(SyncEventRepository events, IOptions<SyncEventsOptions> options, TimeProvider time) : IRetentionPolicy
{
    public string Name => "sync events";

    public Task<int> DeleteExpiredAsync(CancellationToken cancellationToken) =>
        events.DeleteOlderThanAsync(time.GetUtcNow().UtcDateTime - options.Value.Retention, cancellationToken);
}
