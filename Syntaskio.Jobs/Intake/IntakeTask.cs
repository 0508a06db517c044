namespace Syntaskio.Jobs.Intake;

/// <summary>
/// A task as the aggregation service read it at its vendor; <see cref="VendorStatus"/> is the vendor's own word.
/// </summary>
public sealed record IntakeTask(
    string Source,
    string Kind,
    string? ContainerId,
    string ExternalId,
    string Title,
    string Status,
    string? VendorStatus
);

/// <summary>A task the aggregation service no longer finds at its vendor.</summary>
public sealed record IntakeRemoval(string Source, string? ContainerId, string ExternalId);

/// <summary>What one intake call changed.</summary>
public sealed record IntakeResult(int Created, int Updated, int Removed);
