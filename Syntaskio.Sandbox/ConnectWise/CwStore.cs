using System.Collections.Concurrent;
using Syntaskio.Sandbox.Control;

namespace Syntaskio.Sandbox.ConnectWise;

/// <summary>ConnectWise Manage's boards, tickets and ticket tasks, and the API members allowed to call.</summary>
public sealed class CwStore : ISandboxObjectStore
{
    private readonly ConcurrentDictionary<int, CwBoard> boards = new();
    private readonly ConcurrentDictionary<int, CwTicket> tickets = new();
    private readonly ConcurrentDictionary<string, string> clientIdByAuthorization = new();
    private readonly ConcurrentDictionary<string, string> companyByAuthorization = new();

    /// <summary>
    /// Raised after a ticket changes: by an API member (its Authorization header), or by a person (null).
    /// </summary>
    public event Action<CwTicket, string?>? TicketChanged;

    public string Provider => "connectwise";

    public void AddMember(string authorization, string clientId, string companyId)
    {
        clientIdByAuthorization[authorization] = clientId;
        companyByAuthorization[authorization] = companyId;
    }

    public string? CompanyOf(string authorization) => companyByAuthorization.GetValueOrDefault(authorization);

    public void Changed(CwTicket ticket, string? byMember) => TicketChanged?.Invoke(ticket, byMember);

    public bool IsAuthorized(string authorization, string clientId) =>
        clientIdByAuthorization.TryGetValue(authorization, out var expected) && expected == clientId;

    public void AddBoard(CwBoard board) => boards[board.Id] = board;

    public void AddTicket(CwTicket ticket) => tickets[ticket.Id] = ticket;

    public CwBoard? Board(int id) => boards.GetValueOrDefault(id);

    public IEnumerable<CwTicket> Tickets(bool project) => tickets.Values.Where(ticket => ticket.Project == project);

    public CwTicket? Ticket(int id, bool project) =>
        tickets.TryGetValue(id, out var ticket) && ticket.Project == project ? ticket : null;

    public CwStatus StatusOf(CwTicket ticket) =>
        boards[ticket.BoardId].Statuses.First(status => status.Id == ticket.StatusId);

    /// <summary>"{ticketId}" for a ticket, "{ticketId}/{taskId}" for a task on it, as Syntaskio reports them.</summary>
    public SandboxObjectView? Find(string externalId)
    {
        var parts = externalId.Split('/');
        if (!int.TryParse(parts[0], out var ticketId) || !tickets.TryGetValue(ticketId, out var ticket))
            return null;
        lock (ticket.Sync)
        {
            if (parts.Length == 1)
            {
                var status = StatusOf(ticket);
                return new SandboxObjectView(
                    Provider,
                    externalId,
                    ticket.Summary,
                    status.Name,
                    status.ClosedStatus,
                    ticket.Writes,
                    ticket.LastWriteAt
                );
            }
            if (
                parts.Length != 2
                || !int.TryParse(parts[1], out var taskId)
                || !ticket.Tasks.TryGetValue(taskId, out var task)
            )
                return null;
            return new SandboxObjectView(
                Provider,
                externalId,
                task.Notes,
                task.ClosedFlag ? "closed" : "open",
                task.ClosedFlag,
                task.Writes,
                task.LastWriteAt
            );
        }
    }

    /// <summary>
    /// A person moves a ticket to one of its board's statuses (by name), which ConnectWise stamps as the ticket's
    /// lastUpdated, or closes ("closed") or opens ("open") a task on it.
    /// </summary>
    public bool Edit(string externalId, string status, DateTimeOffset now)
    {
        var parts = externalId.Split('/');
        if (!int.TryParse(parts[0], out var ticketId) || !tickets.TryGetValue(ticketId, out var ticket))
            return false;
        lock (ticket.Sync)
        {
            if (parts.Length == 1)
            {
                if (boards[ticket.BoardId].Statuses.FirstOrDefault(each => each.Name == status) is not { } wanted)
                    return false;
                ticket.StatusId = wanted.Id;
                ticket.LastUpdated = now;
            }
            else
            {
                if (
                    parts.Length != 2
                    || !int.TryParse(parts[1], out var taskId)
                    || !ticket.Tasks.TryGetValue(taskId, out var task)
                    || status is not ("closed" or "open")
                )
                    return false;
                task.ClosedFlag = status == "closed";
                return true;
            }
        }
        Changed(ticket, byMember: null);
        return true;
    }
}
