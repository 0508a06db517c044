using System.ComponentModel.DataAnnotations;

namespace Syntaskio.Jobs.Inbound;

/// <summary>Sync:Inbound: watching each connected account for changes made at the vendor (README, Two-way).</summary>
public sealed class InboundOptions
{
    public const string Section = "Sync:Inbound";

    /// <summary>Worker processes read the vendors' change feeds; off, vendor changes come by intake only.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sync:Inbound:Microsoft:PollInterval: how often each Microsoft connection's lists are read.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "01:00:00")]
    public TimeSpan MicrosoftPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Sync:Inbound:ConnectWise:PollInterval: how often a connection's tickets are searched.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "01:00:00")]
    public TimeSpan ConnectWisePollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Sync:Inbound:ProcessPlan:PollInterval: how often a connection's pending lists are read.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "01:00:00")]
    public TimeSpan ProcessPlanPollInterval { get; set; } = TimeSpan.FromSeconds(15);

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
    /// The longest a watcher sleeps without a wake-up: a Retry-After hold or a dead worker's lease ends without one.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many due connections a worker process claims at once.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>The poll interval of a watched provider (Processing.ProviderRouter.Watched).</summary>
    public TimeSpan PollIntervalOf(string provider) => provider switch
    {
        "microsoft" => MicrosoftPollInterval,
        "connectwise" => ConnectWisePollInterval,
        "processplan" => ProcessPlanPollInterval,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Not a watched provider."),
    };

    /// <summary>Graph's notifications are only sent to HTTPS; the emulator, on loopback, takes HTTP.</summary>
    public bool HasUsablePublicBaseUrl() =>
        PublicBaseUrl is null
        || PublicBaseUrl.IsAbsoluteUri && (PublicBaseUrl.Scheme == Uri.UriSchemeHttps
            || PublicBaseUrl.Scheme == Uri.UriSchemeHttp && PublicBaseUrl.IsLoopback);
}
