namespace Syntaskio.Providers;

/// <summary>
/// What the vendor lets a task of some kind do besides completing: reopen it, or mark it started. A task that
/// cannot be started says why in <see cref="NoStartReason"/>.
/// </summary>
public sealed record TaskCapabilities(bool CanReopen, bool CanStart, string? NoStartReason = null)
{
    public static readonly TaskCapabilities CompleteAndReopen = new(
        CanReopen: true,
        CanStart: false,
        "This vendor has no in-progress state for it."
    );
}
