namespace Syntaskio.Providers;

/// <summary>What the vendor lets a task of some kind do besides completing: reopen it, or mark it started.</summary>
public sealed record TaskCapabilities(bool CanReopen, bool CanStart)
{
    public static readonly TaskCapabilities CompleteAndReopen = new(CanReopen: true, CanStart: false);
}
