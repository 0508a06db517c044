namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// One moment in a task's story, as <see cref="TaskHistoryRepository"/> reads it: a change the person made, an
/// attempt to write it, the sync's end, a conflict's settlement, or a change seen at the vendor. Only the columns
/// of its <see cref="Kind"/> (one of <see cref="TaskHistoryKinds"/>) are set.
/// </summary>
public sealed class TaskHistoryRow
{
    public DateTime At { get; init; }
    public string Kind { get; init; } = "";
    public Guid? SyncJobId { get; init; }
    public string? Action { get; init; }
    public string? FromStatus { get; init; }
    public string? ToStatus { get; init; }
    public int? Attempt { get; init; }
    public string? Outcome { get; init; }
    public int? HttpStatus { get; init; }
    public string? Error { get; init; }
    public DateTime? NextAttemptAt { get; init; }
    public string? FailureKind { get; init; }
    public string? Resolution { get; init; }
    public string? VendorStatus { get; init; }
}

/// <summary>The kinds of moment in a task's story.</summary>
public static class TaskHistoryKinds
{
    public const string Change = "change";
    public const string Attempt = "attempt";
    public const string Confirmed = "confirmed";
    public const string Failed = "failed";
    public const string Superseded = "superseded";
    public const string Resolved = "resolved";
    public const string VendorChange = "vendor_change";
}
