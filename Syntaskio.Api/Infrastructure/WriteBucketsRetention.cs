using Microsoft.Extensions.Options;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.Infrastructure;

/// <summary>
/// A user's write bucket that has refilled is the same as none, so it is deleted: the table holds only the users
/// writing now, not every user who ever wrote.
/// </summary>
public sealed class WriteBucketsRetention(UserWriteBucketRepository buckets, IOptions<RateLimitOptions> options)
    : IRetentionPolicy
{
    public string Name => "refilled write buckets";

    public Task<int> DeleteExpiredAsync(CancellationToken cancellationToken) =>
        buckets.DeleteRefilledAsync(
            TimeSpan.FromSeconds((double)options.Value.Burst / options.Value.PermitsPerSecond),
            cancellationToken
        );
}
