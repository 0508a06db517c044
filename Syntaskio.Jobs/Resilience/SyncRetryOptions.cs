using System.ComponentModel.DataAnnotations;

namespace Syntaskio.Jobs.Resilience;

/// <summary>The retry policy's settings (<see cref="SyncRetryPolicy"/>). Section "Sync".</summary>
public sealed class SyncRetryOptions
{
    public const string Section = "Sync";

    /// <summary>
    /// A job deferred this long (its provider's circuit open, a hold, a limit) fails as a dead letter saying since
    /// when the provider has been unavailable, so the user learns of it; the dead letter can be retried.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxDeferral { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A vendor's Retry-After hold at most this long is waited out in place before the call; a longer one defers
    /// the job to the hold's end, giving its worker back.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan HoldWaitInPlace { get; set; } = TimeSpan.FromSeconds(2);
}
