using System.ComponentModel.DataAnnotations;

namespace Syntaskio.Jobs.Resilience;

/// <summary>
/// Section "Sync:ProviderLimits:{provider}": how hard one connection of a provider may be driven. 0 turns a
/// limit off. Defaults (ProviderCatalogue) follow the vendors: Microsoft allows 4 concurrent requests per mailbox.
/// </summary>
public sealed class ProviderLimitOptions
{
    public const string Section = "Sync:ProviderLimits";

    [Range(0, 1000)]
    public int MaxConcurrentSyncs { get; set; }

    /// <summary>Syncs started per minute per connection (a sync is 2 to 4 calls: read, write, read back).</summary>
    [Range(0, 100_000)]
    public int SyncsPerMinute { get; set; }

    /// <summary>How long a worker waits in place for a slot or token before deferring the job instead.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(3);
}
