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
}
