using GraphTaskStatus = Microsoft.Graph.Models.TaskStatus;

namespace Syntaskio.Providers.Microsoft;

/// <summary>To Do's task statuses against ours, and as the vendor's own words.</summary>
internal static class TodoStatuses
{
    internal static GraphTaskStatus ToGraph(TargetStatus target) =>
        target switch
        {
            TargetStatus.Completed => GraphTaskStatus.Completed,
            TargetStatus.Pending => GraphTaskStatus.NotStarted,
            TargetStatus.InProgress => GraphTaskStatus.InProgress,
            _ => throw new ArgumentOutOfRangeException(nameof(target), target, null),
        };

    internal static string VendorName(GraphTaskStatus? status) =>
        status is { } value ? char.ToLowerInvariant(value.ToString()[0]) + value.ToString()[1..] : "unknown";

    // To Do's five statuses in our three: waiting on others is still being worked on; deferred is not started.
    internal static TargetStatus ToOurs(GraphTaskStatus? status) =>
        status switch
        {
            GraphTaskStatus.Completed => TargetStatus.Completed,
            GraphTaskStatus.InProgress or GraphTaskStatus.WaitingOnOthers => TargetStatus.InProgress,
            _ => TargetStatus.Pending,
        };
}
