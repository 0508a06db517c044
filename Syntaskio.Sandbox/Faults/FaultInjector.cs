using System.Collections.Concurrent;

namespace Syntaskio.Sandbox.Faults;

/// <summary>
/// Queued faults per provider, consumed one request at a time (outages last until their end instead).
/// </summary>
public sealed class FaultInjector(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Queue<FaultSlot>> queues = new(StringComparer.OrdinalIgnoreCase);

    public void Add(Fault fault)
    {
        var queue = queues.GetOrAdd(fault.Provider, _ => new Queue<FaultSlot>());
        lock (queue)
            queue.Enqueue(new FaultSlot(fault, fault.Count));
    }

    public void Clear() => queues.Clear();

    /// <summary>The fault this request meets, if any; each request it meets uses up one of the fault's count.</summary>
    public Fault? Next(string provider, string method, string path)
    {
        if (!queues.TryGetValue(provider, out var queue))
            return null;
        lock (queue)
        {
            var now = time.GetUtcNow();
            foreach (var slot in queue.Where(slot => slot.Fault.Until is { } until ? until > now : slot.Remaining > 0))
            {
                if (slot.Fault.Match is { } match && !path.Contains(match, StringComparison.Ordinal))
                    continue;
                if (slot.Fault.Method is { } only && !string.Equals(only, method, StringComparison.OrdinalIgnoreCase))
                    continue;
                slot.Remaining--;
                return slot.Fault;
            }
            while (queue.TryPeek(out var spent) && (spent.Fault.Until is { } end ? end <= now : spent.Remaining <= 0))
                queue.Dequeue();
            return null;
        }
    }

    private sealed class FaultSlot(Fault fault, int remaining)
    {
        public Fault Fault { get; } = fault;

        public int Remaining { get; set; } = remaining;
    }
}
