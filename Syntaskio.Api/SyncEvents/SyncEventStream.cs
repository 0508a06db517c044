using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.SyncEvents;

/// <summary>
/// One client's stream: a "ready" event, then every event after the one the client last saw, read from the database
/// whenever the hub signals (or on the fallback poll), with heartbeats while idle. An event whose transaction
/// committed while an older one was still open is held back until that one ends (see
/// <see cref="SyncEventRepository"/>), re-reading from every 5 ms, backing off to 200 ms, meanwhile.
/// </summary>
public sealed class SyncEventStream(
    SyncEventRepository events,
    EventStreamRepository streams,
    SyncEventHub hub,
    IOptions<SyncEventsOptions> options
)
{
    private const int BatchSize = 200;
    private static readonly TimeSpan SettlePollInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxSettlePollInterval = TimeSpan.FromMilliseconds(200);

    public async IAsyncEnumerable<SseItem<object>> ReadAsync(
        string subject,
        long? lastEventId,
        IDisposable addressPlace,
        [EnumeratorCancellation] CancellationToken cancellationToken
    )
    {
        using var place = addressPlace;
        var streamId = Guid.NewGuid();
        using var subscription = hub.Subscribe(subject, streamId);
        // Counted for three heartbeats: a stream whose process died stops counting after that.
        var lease = 3 * options.Value.HeartbeatInterval;
        await streams.OpenAsync(subject, streamId, options.Value.MaxStreamsPerUser, lease, cancellationToken);
        try
        {
            await foreach (var item in ReadOpenAsync(subject, lastEventId, subscription, cancellationToken))
                yield return item;
        }
        finally
        {
            await streams.CloseAsync(streamId, CancellationToken.None);
        }
    }

    private async IAsyncEnumerable<SseItem<object>> ReadOpenAsync(
        string subject,
        long? lastEventId,
        SyncEventHub.Subscription subscription,
        [EnumeratorCancellation] CancellationToken cancellationToken
    )
    {
        var position = await events.StartAsync(subject, lastEventId, cancellationToken);
        yield return new SseItem<object>(new StreamReady(position.LatestId), "ready")
        {
            ReconnectionInterval = TimeSpan.FromSeconds(1),
        };

        var idleSince = DateTime.UtcNow;
        var settleWait = SettlePollInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (subscription.Superseded)
            {
                yield return new SseItem<object>(StreamClosed.Superseded, "stream.closed");
                yield break;
            }
            var batch = await events.ReadAfterAsync(subject, position, BatchSize, cancellationToken);
            var settled = batch.TakeWhile(record => record.Settled).ToList();
            foreach (var record in settled)
            {
                position = position.After(record);
                yield return new SseItem<object>(SyncEventResponse.From(record), record.Type)
                {
                    EventId = record.Id.ToString(CultureInfo.InvariantCulture),
                };
            }
            if (settled.Count == BatchSize)
                continue;
            if (settled.Count > 0)
                (idleSince, settleWait) = (DateTime.UtcNow, SettlePollInterval);

            // Held-back events settle within milliseconds, unless a long transaction elsewhere holds them: back off.
            var heldBack = settled.Count < batch.Count;
            var wait = heldBack ? settleWait : options.Value.FallbackPollInterval;
            if (heldBack)
                settleWait = TimeSpan.FromTicks(Math.Min(settleWait.Ticks * 2, MaxSettlePollInterval.Ticks));
            await subscription.WaitAsync(wait, cancellationToken);
            if (DateTime.UtcNow - idleSince >= options.Value.HeartbeatInterval)
            {
                idleSince = DateTime.UtcNow;
                await streams.RenewAsync(subscription.StreamId, cancellationToken);
                yield return new SseItem<object>(new { at = idleSince }, "heartbeat");
            }
        }
    }
}
