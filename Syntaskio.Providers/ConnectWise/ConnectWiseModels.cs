using System.Text.Json.Serialization;

namespace Syntaskio.Providers.ConnectWise;

// The fields of ConnectWise Manage's REST objects that this client reads (the API returns many more).

internal sealed record CwReference(int Id, string? Name);

internal sealed record CwTicket(
    int Id,
    CwReference? Board,
    CwReference? Status,
    bool ClosedFlag,
    string? Summary = null,
    [property: JsonPropertyName("_info")] CwInfo? Info = null
);

/// <summary>When ConnectWise last changed the record: whole seconds, UTC.</summary>
internal sealed record CwInfo(DateTimeOffset? LastUpdated);

internal sealed record CwTicketTask(int Id, bool ClosedFlag);

internal sealed record CwBoardStatus(int Id, string Name, bool ClosedStatus, bool DefaultFlag, int SortOrder = 0);

/// <summary>A callback: ConnectWise POSTs to <c>Url</c> with the record's id appended when a record changes.</summary>
internal sealed record CwCallback(
    int Id,
    string Url,
    int ObjectId,
    string Type,
    string Level,
    bool InactiveFlag,
    bool IsSelfSuppressedFlag
);

internal sealed record CwPatchOperation(string Op, string Path, object Value);

internal sealed record CwError(string? Code, string? Message, IReadOnlyList<CwErrorDetail>? Errors);

internal sealed record CwErrorDetail(string? Code, string? Message, string? Resource, string? Field);

/// <summary>What a reopen restores: the status the ticket had before we closed it.</summary>
internal sealed record CwPriorStatus(int StatusId, string? StatusName);
