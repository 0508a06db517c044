using System.Threading.RateLimiting;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.Infrastructure;

/// <summary>
/// One user's write limit, kept in PostgreSQL (<see cref="UserWriteBucketRepository"/>) so every API node draws on
/// the same bucket. The rate limiting middleware asks synchronously first and, refused, asynchronously: the
/// synchronous answer is always "ask again", so the database is read once, on the asynchronous path.
/// </summary>
public sealed class SharedWriteLimiter(
    UserWriteBucketRepository buckets,
    string userKey,
    RateLimitOptions options,
    TimeProvider time
) : RateLimiter
{
    private long lastUsed = time.GetTimestamp();

    public override TimeSpan? IdleDuration => time.GetElapsedTime(Interlocked.Read(ref lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.AskAgain;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(
        int permitCount,
        CancellationToken cancellationToken
    )
    {
        Interlocked.Exchange(ref lastUsed, time.GetTimestamp());
        var wait = await buckets.TryTakeAsync(userKey, options.Burst, options.PermitsPerSecond, cancellationToken);
        return wait is { } retryAfter ? new Lease(false, retryAfter) : Lease.Granted;
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public static readonly Lease AskAgain = new(false, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
