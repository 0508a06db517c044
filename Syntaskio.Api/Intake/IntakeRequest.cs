namespace Syntaskio.Api.Intake;

/// <summary>
/// PUT /api/intake/users/{subject}/tasks: a person's tasks as the task aggregation service read them.
/// </summary>
public sealed record IntakeRequest(string? Email, IReadOnlyList<IntakeItem>? Tasks);

/// <summary>
/// One task. <see cref="ExternalId"/> is written as GET /api/tasks shows it ("{container}/{id}" for a To Do task, a
/// ticket task or a process step); <see cref="ContainerId"/> may be given apart instead, for ids that contain "/".
/// With <see cref="Removed"/> the task is gone at its vendor: only source and externalId are needed.
/// </summary>
public sealed record IntakeItem(
    string? Source,
    string? Kind,
    string? ExternalId,
    string? ContainerId,
    string? Title,
    string? Status,
    string? VendorStatus,
    bool? Removed
);

public sealed record IntakeResponse(int Created, int Updated, int Removed);
