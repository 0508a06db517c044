using Microsoft.Extensions.Options;

namespace Syntaskio.Api.SyncEvents;

/// <summary>
/// Open event streams per client address on this API node (Sync:Events:MaxStreamsPerAddress). Each node counts its
/// own: an address spread over several nodes by the load balancer may hold that many on each.
/// </summary>
public sealed class EventStreamAddressLimit(IOptions<SyncEventsOptions> options)
{
    private readonly Dictionary<string, int> open = new(StringComparer.Ordinal);

    /// <summary>A place for one more stream from <paramref name="address"/>, or null when it has its limit.</summary>
    public IDisposable? TryAcquire(string address)
    {
        lock (open)
        {
            var count = open.GetValueOrDefault(address);
            if (count >= options.Value.MaxStreamsPerAddress)
                return null;
            open[address] = count + 1;
        }
        return new Place(this, address);
    }

    private void Release(string address)
    {
        lock (open)
        {
            if (open.TryGetValue(address, out var count) && count > 1)
                open[address] = count - 1;
            else
                open.Remove(address);
        }
    }

    private sealed class Place(EventStreamAddressLimit limit, string address) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
                limit.Release(address);
        }
    }
}
