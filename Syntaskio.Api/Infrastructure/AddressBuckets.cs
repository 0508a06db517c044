using System.Collections.Concurrent;

namespace Syntaskio.Api.Infrastructure;

/// <summary>
/// A token bucket per client address, in this node's memory, refilled by the time elapsed when it is next asked:
/// nothing runs between requests, so an idle node pays nothing for it. A bucket that has had time to fill is the same
/// as none and is dropped, at most once a refill time, by the request that finds the sweep due.
/// </summary>
public sealed class AddressBuckets(RateLimitOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Bucket> buckets = new(StringComparer.Ordinal);
    private readonly double perSecond = options.AddressPermitsPerMinute / 60.0;
    private readonly TimeSpan refill = TimeSpan.FromMinutes(
        (double)options.AddressBurst / options.AddressPermitsPerMinute
    );
    private long nextSweep = time.GetTimestamp();

    /// <summary>Addresses with a bucket now (a test's view of the sweep).</summary>
    public int Count => buckets.Count;

    /// <summary>Takes one of the address's tokens, or returns how long until one is there.</summary>
    public TimeSpan? TryTake(string address)
    {
        var now = time.GetTimestamp();
        SweepIfDue(now);
        while (true)
        {
            var bucket = buckets.GetOrAdd(address, _ => new Bucket(options.AddressBurst, now));
            lock (bucket)
                if (!bucket.Dropped)
                    return Take(bucket, now);
        }
    }

    private TimeSpan? Take(Bucket bucket, long now)
    {
        var tokens = Math.Min(options.AddressBurst, bucket.Tokens + Seconds(bucket.RefilledAt, now) * perSecond);
        bucket.RefilledAt = now;
        if (tokens >= 1)
        {
            bucket.Tokens = tokens - 1;
            return null;
        }
        bucket.Tokens = tokens;
        return TimeSpan.FromSeconds((1 - tokens) / perSecond);
    }

    private void SweepIfDue(long now)
    {
        var due = Interlocked.Read(ref nextSweep);
        if (now < due || Interlocked.CompareExchange(ref nextSweep, now + Ticks(refill), due) != due)
            return;
        foreach (var (address, bucket) in buckets)
            lock (bucket)
                if (time.GetElapsedTime(bucket.RefilledAt, now) >= refill)
                {
                    // A request that found this bucket just before waits on its lock, then takes a new one.
                    bucket.Dropped = true;
                    buckets.TryRemove(address, out _);
                }
    }

    private double Seconds(long from, long to) => time.GetElapsedTime(from, to).TotalSeconds;

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    private sealed class Bucket(double tokens, long refilledAt)
    {
        public double Tokens = tokens;
        public long RefilledAt = refilledAt;
        public bool Dropped;
    }
}
