using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Syntaskio.Api.SyncEvents;

/// <summary>
/// This process's open event streams by user. A signal only says "read again": the events themselves always come
/// from the database, so a lost or doubled signal can delay a stream but never lose or repeat an event.
/// </summary>
public sealed class SyncEventHub
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Subscription, byte>> streams = new(
        StringComparer.Ordinal
    );

    private readonly ConcurrentDictionary<Guid, Subscription> byId = new();

    public Subscription Subscribe(string subject, Guid streamId)
    {
        var subscription = new Subscription(this, subject, streamId);
        streams.GetOrAdd(subject, _ => new()).TryAdd(subscription, 0);
        byId[streamId] = subscription;
        return subscription;
    }

    /// <summary>Ends a stream of this process that a newer stream of its person replaced (on any node).</summary>
    public void Supersede(Guid streamId)
    {
        if (byId.TryGetValue(streamId, out var subscription))
            subscription.Supersede();
    }

    public void Signal(string subject)
    {
        if (streams.TryGetValue(subject, out var subscriptions))
            foreach (var subscription in subscriptions.Keys)
                subscription.Wake();
    }

    /// <summary>
    /// After the listener lost its connection, notifications may have been missed: every stream reads again.
    /// </summary>
    public void SignalAll()
    {
        foreach (var subscription in streams.Values.SelectMany(subscriptions => subscriptions.Keys))
            subscription.Wake();
    }

    private void Remove(Subscription subscription)
    {
        if (streams.TryGetValue(subscription.Subject, out var subscriptions))
            subscriptions.TryRemove(subscription, out _);
        byId.TryRemove(subscription.StreamId, out _);
    }

    public sealed class Subscription(SyncEventHub hub, string subject, Guid streamId) : IDisposable
    {
        private volatile bool superseded;

        private readonly Channel<bool> signals = Channel.CreateBounded<bool>(
            new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite }
        );

        public string Subject { get; } = subject;

        public Guid StreamId { get; } = streamId;

        /// <summary>A newer stream of the same person replaced this one: it ends.</summary>
        public bool Superseded => superseded;

        internal void Wake() => signals.Writer.TryWrite(true);

        internal void Supersede()
        {
            superseded = true;
            Wake();
        }

        /// <summary>True when signalled, false when <paramref name="timeout"/> passed first.</summary>
        public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timer.CancelAfter(timeout);
            try
            {
                await signals.Reader.ReadAsync(timer.Token);
                return true;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        public void Dispose() => hub.Remove(this);
    }
}
