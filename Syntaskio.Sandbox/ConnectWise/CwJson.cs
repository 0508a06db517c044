using System.Text.Json.Nodes;

namespace Syntaskio.Sandbox.ConnectWise;

/// <summary>
/// Tickets, ticket tasks and board statuses as ConnectWise's REST API renders them (the fields we serve).
/// </summary>
public static class CwJson
{
    public static JsonObject Ticket(CwTicket ticket, CwBoard board, CwStatus status) =>
        new()
        {
            ["id"] = ticket.Id,
            ["summary"] = ticket.Summary,
            ["recordType"] = ticket.Project ? "ProjectTicket" : "ServiceTicket",
            ["board"] = new JsonObject { ["id"] = board.Id, ["name"] = board.Name },
            ["status"] = new JsonObject { ["id"] = status.Id, ["name"] = status.Name },
            ["closedFlag"] = status.ClosedStatus,
            ["_info"] = new JsonObject
            {
                ["lastUpdated"] = ticket.LastUpdated.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
                ["updatedBy"] = "syntaskio",
            },
        };

    public static JsonObject Task(CwTicket ticket, CwTicketTask task) =>
        new()
        {
            ["id"] = task.Id,
            ["ticketId"] = ticket.Id,
            ["notes"] = task.Notes,
            ["closedFlag"] = task.ClosedFlag,
            ["priority"] = 1,
        };

    public static JsonObject Status(CwBoard board, CwStatus status, int sortOrder) =>
        new()
        {
            ["id"] = status.Id,
            ["name"] = status.Name,
            ["board"] = new JsonObject { ["id"] = board.Id, ["name"] = board.Name },
            ["sortOrder"] = sortOrder,
            ["displayOnBoard"] = true,
            ["inactive"] = false,
            ["closedStatus"] = status.ClosedStatus,
            ["defaultFlag"] = status.DefaultFlag,
        };
}
