using System.ComponentModel.DataAnnotations;

namespace Syntaskio.Jobs.Inbound;

/// <summary>Sync:Inbound: watching each connected account for changes made at the vendor (docs/two-way.md).</summary>
public sealed class InboundOptions
{
    public const string Section = "Sync:Inbound";

    /// <summary>Worker processes read the vendors' change feeds; off, vendor changes come by intake only.</summary>
    public bool Enabled { get; set; } = true;

    private static readonly TimeSpan ShortestPoll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromHours(1);

    /// <summary>
    /// Sync:Inbound:{Microsoft|ConnectWise|ProcessPlan}:PollInterval, by source: how often each connection's change
    /// feed is read (defaults in ProviderCatalogue: 10 s for To Do's lists, 15 s for the others).
    /// </summary>
    public Dictionary<string, TimeSpan> PollIntervals { get; } = [];

    /// <summary>
    /// Sync:Inbound:PublicBaseUrl: where vendors reach this service's webhooks (/webhooks/{provider}). Set, each To Do
    /// list gets a Graph change-notification subscription and each ConnectWise connection a ticket callback, and a
    /// notification polls its connection at once. HTTPS, or HTTP on loopback (the emulator).
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>
    /// Sync:Inbound:SubscriptionLifetime: asked for on each Graph subscription, renewed at half; a ConnectWise
    /// callback, which does not expire, is checked at half.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "2.22:30:00")]
    public TimeSpan SubscriptionLifetime { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// The longest a watcher sleeps without a wake-up. It sleeps until the soonest due poll, the end of a hold or of a
    /// dead worker's lease, or a NOTIFY (a notification, a new or reconnected account); this is the fallback.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many due connections a worker process claims at once.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>The poll interval of a watched provider (Processing.ProviderRouter.Watched).</summary>
    public TimeSpan PollIntervalOf(string provider) =>
        PollIntervals.TryGetValue(provider, out var interval)
            ? interval
            : throw new ArgumentOutOfRangeException(nameof(provider), provider, "Not a watched provider.");

    public bool HasUsablePollIntervals() =>
        PollIntervals.Values.All(interval => interval >= ShortestPoll && interval <= LongestPoll);

    /// <summary>Graph's notifications are only sent to HTTPS; the emulator, on loopback, takes HTTP.</summary>
    public bool HasUsablePublicBaseUrl() =>
        PublicBaseUrl is null
        || PublicBaseUrl.IsAbsoluteUri
            && (
                PublicBaseUrl.Scheme == Uri.UriSchemeHttps
                || PublicBaseUrl.Scheme == Uri.UriSchemeHttp && PublicBaseUrl.IsLoopback
            );
}
