using System.ComponentModel.DataAnnotations;

namespace Syntaskio.Jobs.Resilience;

/// <summary>How long a sync may wait for its provider without calling it. Section "Sync".</summary>
public sealed class DeferralOptions
{
    public const string Section = "Sync";

    /// <summary>
    /// A job deferred this long (its provider's circuit open, a hold, a limit) fails as a dead letter saying since
    /// when the provider has been unavailable, so the user learns of it; the dead letter can be retried.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxDeferral { get; set; } = TimeSpan.FromHours(1);
}
