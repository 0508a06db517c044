using Syntaskio.Providers;

namespace Syntaskio.Jobs;

/// <summary>Syntaskio task statuses as stored in tasks.status and shown by the API.</summary>
public static class TaskStatusNames
{
    public const string Pending = "pending";
    public const string InProgress = "in_progress";
    public const string Completed = "completed";

    public static string ToName(this TargetStatus status) =>
        status switch
        {
            TargetStatus.Pending => Pending,
            TargetStatus.InProgress => InProgress,
            TargetStatus.Completed => Completed,
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
        };

    public static TargetStatus Parse(string name) =>
        name switch
        {
            Pending => TargetStatus.Pending,
            InProgress => TargetStatus.InProgress,
            Completed => TargetStatus.Completed,
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown task status"),
        };
}
