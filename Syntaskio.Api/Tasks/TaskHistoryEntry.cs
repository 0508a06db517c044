namespace Syntaskio.Api.Tasks;

/// <summary>
/// One moment of a task's story in words (<see cref="TaskHistoryWording"/>). Kind is change, attempt, confirmed,
/// failed, superseded, resolved or vendor_change; VendorError is the vendor's own error text where there is one.
/// </summary>
public sealed record TaskHistoryEntry(DateTime At, string Kind, string Text, Guid? SyncJobId, string? VendorError);

/// <summary>A page of a task's story, newest first; NextBefore asks for the page after it (null: no more).</summary>
public sealed record TaskHistoryResponse(IReadOnlyList<TaskHistoryEntry> Entries, DateTime? NextBefore);
