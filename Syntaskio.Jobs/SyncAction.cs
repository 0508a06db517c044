using Syntaskio.Providers;

namespace Syntaskio.Jobs;

/// <summary>What the user asked for, and the Syntaskio task status each action leads to.</summary>
public enum SyncAction
{
    Complete,
    Reopen,
    Start,
}

public static class SyncActionExtensions
{
    public static string ToWireName(this SyncAction action) => action.ToString().ToLowerInvariant();

    public static TargetStatus Target(this SyncAction action) =>
        action switch
        {
            SyncAction.Complete => TargetStatus.Completed,
            SyncAction.Reopen => TargetStatus.Pending,
            SyncAction.Start => TargetStatus.InProgress,
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
        };
}
