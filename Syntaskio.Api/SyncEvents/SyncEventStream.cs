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
/// <see cref="SyncEventRepository"/>), re-reading every <see cref="SettlePollInterval"/> meanwhile.
/// </summary>
public sealed class SyncEventStream(SyncEventRepository events, SyncEventHub hub, IOptions<SyncEventsOptions> options)
{
    private const int BatchSize = 200;
    private static readonly TimeSpan SettlePollInterval = TimeSpan.FromMilliseconds(5);

    public async IAsyncEnumerable<SseItem<object>> ReadAsync(
        string subject, long? lastEventId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = hub.Subscribe(subject);
        var position = await events.StartAsync(subject, lastEventId, cancellationToken);
        yield return new SseItem<object>(new StreamReady(position.LatestId), "ready")
        {
            ReconnectionInterval = TimeSpan.FromSeconds(1),
        };

        var idleSince = DateTime.UtcNow;
        while (!cancellationToken.IsCancellationRequested)
        {
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
            if (settled.Count == BatchSize) continue;
            if (settled.Count > 0) idleSince = DateTime.UtcNow;

            var wait = settled.Count < batch.Count ? SettlePollInterval : options.Value.FallbackPollInterval;
            await subscription.WaitAsync(wait, cancellationToken);
            if (DateTime.UtcNow - idleSince >= options.Value.HeartbeatInterval)
            {
                idleSince = DateTime.UtcNow;
                yield return new SseItem<object>(new { at = idleSince }, "heartbeat");
            }
        }
    }
}
