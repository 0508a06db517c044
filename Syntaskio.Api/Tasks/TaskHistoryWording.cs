using System.Globalization;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.Tasks;

/// <summary>
/// Puts each moment of a task's story in the words the person reads in the history panel: "Completed here (was
/// pending)", "Microsoft To Do answered 503; retried 1 s later", "Microsoft To Do confirmed, first attempt".
/// </summary>
public static class TaskHistoryWording
{
    public static TaskHistoryEntry Describe(TaskHistoryRow row, string vendor) =>
        new(
            row.At,
            row.Kind,
            Text(row, vendor),
            row.SyncJobId,
            row.Kind == TaskHistoryKinds.VendorChange ? null : row.Error
        );

    private static string Text(TaskHistoryRow row, string vendor) =>
        row.Kind switch
        {
            TaskHistoryKinds.Change => Change(row),
            TaskHistoryKinds.Attempt => Attempt(row, vendor),
            TaskHistoryKinds.Confirmed => $"{vendor} confirmed{Shown(row.VendorStatus)}, {Attempts(row.Attempt)}",
            TaskHistoryKinds.Failed => Failed(row, vendor),
            TaskHistoryKinds.Superseded => "Replaced by a newer change before it was written",
            TaskHistoryKinds.Resolved => row.Resolution == "kept-source"
                ? $"Conflict settled: kept {vendor}'s state"
                : "Conflict settled: ours written again",
            _ => $"Changed in {vendor} to {Status(row.ToStatus)}{Shown(row.VendorStatus)}",
        };

    private static string Change(TaskHistoryRow row)
    {
        var verb = row.Action switch
        {
            "complete" => "Completed here",
            "reopen" => "Reopened here",
            "start" => "Started here",
            _ => $"Set to {Status(row.ToStatus)} here",
        };
        return row.FromStatus is { } from ? $"{verb} (was {Status(from)})" : verb;
    }

    private static string Attempt(TaskHistoryRow row, string vendor)
    {
        var answered = row.HttpStatus is { } status ? $"{vendor} answered {status}" : $"{vendor} could not be reached";
        return row.Outcome switch
        {
            "succeeded" => $"Attempt {row.Attempt}: {vendor} took the change",
            "permanent_error" => $"{answered}: refused for good",
            "unknown_outcome" => $"{vendor}'s answer was lost: the change may have landed",
            _ => row.NextAttemptAt is { } next
                ? $"{answered}; retried {Delay(next - row.At)} later"
                : $"{answered}; not retried",
        };
    }

    private static string Failed(TaskHistoryRow row, string vendor) =>
        row.FailureKind switch
        {
            "conflict" => $"Conflict: {vendor} was changed meanwhile; choose which state to keep",
            "unknown_outcome" => $"We could not confirm whether {vendor} took this change",
            _ => $"{vendor} refused the change; the task shows what {vendor} has",
        };

    private static string Attempts(int? attempts) =>
        attempts is null or <= 1 ? "first attempt" : $"after {attempts} attempts";

    private static string Shown(string? vendorStatus) => vendorStatus is null ? "" : $" ({vendorStatus})";

    private static string Status(string? status) => status?.Replace('_', ' ') ?? "unknown";

    private static string Delay(TimeSpan delay) =>
        delay.TotalSeconds < 90
            ? $"{Math.Max(0, Math.Round(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture)} s"
            : $"{Math.Round(delay.TotalMinutes).ToString(CultureInfo.InvariantCulture)} min";
}
