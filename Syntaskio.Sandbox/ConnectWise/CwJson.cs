using System.Text.Json.Nodes;

namespace Syntaskio.Sandbox.ConnectWise;

/// <summary>
/// Tickets, ticket tasks and board statuses as ConnectWise's REST API renders them (the fields we serve).
/// </summary>
public static class CwJson
{
    /// <summary>The media type ConnectWise's description gives every answer: the API version is part of it.</summary>
    public const string MediaType = "application/vnd.connectwise.com+json; version=2022.1";

    /// <summary>An answer in ConnectWise's media type.</summary>
    public static IResult Answer(object body, int? statusCode = null) =>
        Results.Json(body, contentType: MediaType, statusCode: statusCode);

    // A project ticket's schema (ProjectTicket) has no recordType; a service ticket's (Ticket) has.
    public static JsonObject Ticket(CwTicket ticket, CwBoard board, CwStatus status)
    {
        var json = new JsonObject
        {
            ["id"] = ticket.Id,
            ["summary"] = ticket.Summary,
            ["board"] = new JsonObject { ["id"] = board.Id, ["name"] = board.Name },
            ["status"] = new JsonObject { ["id"] = status.Id, ["name"] = status.Name },
            ["closedFlag"] = status.ClosedStatus,
            ["_info"] = new JsonObject
            {
                ["lastUpdated"] = ticket.LastUpdated.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
                ["updatedBy"] = "syntaskio",
            },
        };
        if (!ticket.Project)
            json["recordType"] = "ServiceTicket";
        return json;
    }

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
