using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.SyncEvents;

/// <summary>
/// One client's stream: a "ready" event, then every event after the one the client last saw, in id order, read from
/// the database whenever the hub signals (or on the fallback poll), with heartbeats while idle.
/// </summary>
public sealed class SyncEventStream(SyncEventRepository events, SyncEventHub hub, IOptions<SyncEventsOptions> options)
{
    private const int BatchSize = 200;

    public async IAsyncEnumerable<SseItem<object>> ReadAsync(string subject, long? lastEventId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = hub.Subscribe(subject);
        var after = lastEventId ?? await events.LatestIdAsync(subject, cancellationToken);
        yield return new SseItem<object>(new StreamReady(after), "ready") { ReconnectionInterval = TimeSpan.FromSeconds(1) };

        var idleSince = DateTime.UtcNow;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await events.ReadAfterAsync(subject, after, BatchSize, cancellationToken);
            foreach (var record in batch)
            {
                after = record.Id;
                yield return new SseItem<object>(SyncEventResponse.From(record), record.Type) { EventId = record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            }
            if (batch.Count == BatchSize) continue;
            if (batch.Count > 0) idleSince = DateTime.UtcNow;

            await subscription.WaitAsync(options.Value.FallbackPollInterval, cancellationToken);
            if (DateTime.UtcNow - idleSince >= options.Value.HeartbeatInterval)
            {
                idleSince = DateTime.UtcNow;
                yield return new SseItem<object>(new { at = idleSince }, "heartbeat");
            }
        }
    }
}
