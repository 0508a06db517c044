namespace Syntaskio.Sandbox.ConnectWise;

/// <summary>A board and its own list of statuses, plus the workflow rules the emulator can enforce.</summary>
public sealed class CwBoard
{
    public int Id { get; init; }
    public string Name { get; init; } = "";
    public bool ProjectFlag { get; init; }
    public List<CwStatus> Statuses { get; init; } = [];

    /// <summary>Closing a ticket that has this status is refused with 400 InvalidObject.</summary>
    public int? CloseRefusedFromStatusId { get; init; }

    /// <summary>A close answers 200 but parks the ticket in this (open) status, as an approval workflow does.</summary>
    public int? CloseApprovalStatusId { get; init; }
}

public sealed record CwStatus(int Id, string Name, bool ClosedStatus = false, bool DefaultFlag = false);

/// <summary>A service or project ticket. Mutated only under its own lock.</summary>
public sealed class CwTicket
{
    public object Sync { get; } = new();
    public int Id { get; init; }

    /// <summary>The company of the member seeded with it: its callbacks hear of the ticket's changes.</summary>
    public string? CompanyId { get; init; }
    public string Summary { get; set; } = "";
    public bool Project { get; init; }
    public int BoardId { get; init; }
    public int StatusId { get; set; }
    public int Writes { get; set; }
    public DateTimeOffset? LastWriteAt { get; set; }
    public DateTimeOffset LastUpdated { get; set; }
    public Dictionary<int, CwTicketTask> Tasks { get; } = [];
}

public sealed class CwTicketTask
{
    public int Id { get; init; }
    public string Notes { get; set; } = "";
    public bool ClosedFlag { get; set; }
    public int Writes { get; set; }
    public DateTimeOffset? LastWriteAt { get; set; }
}
