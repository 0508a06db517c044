using Syntaskio.Providers;

namespace Syntaskio.Jobs;

/// <summary>
/// What the user asked for, and the Syntaskio task status each action leads to. An update names its status itself
/// (the story's <c>update</c> action, PUT /api/tasks/{id}/status).
/// </summary>
public enum SyncAction
{
    Complete,
    Reopen,
    Start,
    Update,
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
            SyncAction.Update => throw new ArgumentException("An update names the status it leads to.", nameof(action)),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
        };
}
