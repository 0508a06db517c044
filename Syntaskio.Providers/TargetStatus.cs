namespace Syntaskio.Providers;

/// <summary>The statuses Syntaskio shows; each provider maps them to its own vocabulary.</summary>
public enum TargetStatus
{
    Pending,
    InProgress,
    Completed,
}
