namespace Syntaskio.Jobs.Resilience;

/// <summary>
/// The provider was not (or must not be) called now: its circuit is open or it asked us to wait. The job is
/// rescheduled for <see cref="Until"/> without spending one of its retries (see <see cref="SyncRetryFilter"/>).
/// </summary>
public sealed class SyncDeferredException(DateTime until, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public DateTime Until { get; } = until;
}
