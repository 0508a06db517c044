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

    /// <summary>How many due connections a worker process claims at once.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;
}
